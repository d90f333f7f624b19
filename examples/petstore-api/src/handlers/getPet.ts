// A hand-owned handler: because this file exists, `generate` binds getPet to it instead of
// writing an implementation. Its types come from the spec, so a wrong status or body shape is a
// compile error.
import type { GetPetHandler } from '../generated/handler-types.js';
import { petStore } from '../pet-store.js';

const getPet: GetPetHandler = async ({ path }) => {
  const pet = petStore.get(path.petId);
  if (!pet) {
    return {
      status: 404,
      contentType: 'application/problem+json',
      body: { title: 'Not Found', status: 404, detail: `No pet with id ${path.petId}` },
    };
  }
  return { status: 200, body: pet };
};

export default getPet;
