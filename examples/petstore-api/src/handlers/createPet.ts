import type { CreatePetHandler } from '../generated/handler-types.js';
import { petStore } from '../pet-store.js';

const createPet: CreatePetHandler = async ({ body }) => {
  const pet = petStore.add({ name: body.name, tag: body.tag ?? null, status: body.status ?? 'available' });
  return { status: 201, headers: { Location: `/pets/${pet.id}` }, body: pet };
};

export default createPet;
