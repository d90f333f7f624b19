// A hand-owned handler: because this file exists, `generate` binds getPet to it instead of
// writing an implementation. Its types come from the spec, so a wrong status or body shape is a
// compile error.
import type { GetPetHandler } from '../generated/handler-types.js';

const pets = new Map([
  [1, { id: 1, name: 'Rex', tag: 'dog', status: 'available' as const }],
  [2, { id: 2, name: 'Tom', tag: 'cat', status: 'sold' as const }],
]);

const getPet: GetPetHandler = async ({ path }) => {
  const pet = pets.get(path.petId);
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
