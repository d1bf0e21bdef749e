import { builder } from '../builder.js';
import { NIL_UUID } from './tenancy.js';

builder.prismaNode('User', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description:
    'A person. Visible, with member:read, to members of an organization the person belongs to, and to the ' +
    'person themselves.',
  authScopes: (user) => ({ $any: { self: user.id, permission: 'member:read' } }),
  findUnique: (id, context) => ({
    // Without member:read a person finds only themselves.
    id: context.viewer?.permissions.has('member:read') ? id : selfOnly(id, context.viewer),
    memberships: { some: { organizationId: context.viewer?.organizationId ?? NIL_UUID } },
  }),
  fields: (t) => ({
    name: t.loadable({
      type: 'String',
      description:
        'What the organization the request acts in calls the person: each organization keeps its own ' +
        "name for a person, and never sees another's.",
      load: async (userIds: string[], context) => {
        const memberships = await context.services.prisma.membership.findMany({
          where: { userId: { in: userIds }, organizationId: context.viewer?.organizationId ?? NIL_UUID },
          select: { userId: true, name: true },
        });
        const names = new Map(memberships.map((membership) => [membership.userId, membership.name]));
        // A user is only ever resolved through the organization the request acts in.
        return userIds.map((id) => names.get(id) ?? '');
      },
      resolve: (user) => user.id,
    }),
    email: t.exposeString('email'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

function selfOnly(id: string, viewer: { kind: string; actorId: string } | null): string {
  return viewer?.kind === 'USER' && viewer.actorId === id ? id : NIL_UUID;
}
