import type { DeletePetHandler } from '../generated/handler-types.js';
import { petStore } from '../pet-store.js';

// Credentials (X-API-Key) are checked by the runtime before this runs: the spec declares them.
const deletePet: DeletePetHandler = async ({ path }) => {
  if (!petStore.remove(path.petId)) {
    return {
      status: 404,
      contentType: 'application/problem+json',
      body: { title: 'Not Found', status: 404, detail: `No pet with id ${path.petId}` },
    };
  }
  return { status: 204 };
};

export default deletePet;
