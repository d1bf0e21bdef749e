import { builder } from '../builder.js';

/** The answer of every delete mutation. */
export const DeletedPayload = builder.simpleObject('DeletedPayload', {
  description: 'What was deleted.',
  fields: (t) => ({ deletedId: t.id({ description: 'The global id of the deleted object.' }) }),
});
