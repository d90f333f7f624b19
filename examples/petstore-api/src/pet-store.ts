// The example's in-memory store, shared by its hand-owned handlers so that a created pet can be
// read and deleted (the conformance suite follows the spec's links to check exactly that).
// It lives outside src/handlers/, where every file must be named after an operation.
import type { components } from './generated/types.js';

type Pet = components['schemas']['Pet'];

const pets = new Map<number, Pet>([
  [1, { id: 1, name: 'Rex', tag: 'dog', status: 'available' }],
  [2, { id: 2, name: 'Tom', tag: 'cat', status: 'sold' }],
]);
let nextId = 3;

export const petStore = {
  get: (id: number): Pet | undefined => pets.get(id),
  add(pet: Omit<Pet, 'id'>): Pet {
    const created = { ...pet, id: nextId++ };
    pets.set(created.id, created);
    return created;
  },
  remove: (id: number): boolean => pets.delete(id),
};
