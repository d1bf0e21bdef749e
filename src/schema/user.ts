import { builder } from '../builder.js';
import { NIL_UUID } from './tenancy.js';

builder.prismaNode('User', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A person. Visible to members of an organization the person belongs to.',
  authScopes: { authenticated: true },
  findUnique: (id, context) => ({
    id,
    memberships: { some: { organizationId: context.viewer?.organizationId ?? NIL_UUID } },
  }),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
