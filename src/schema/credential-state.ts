import { builder } from '../builder.js';

export const CredentialState = builder.enumType('CredentialState', {
  description: 'Where a credential stands in its life.',
  values: {
    ACTIVE: { description: 'Usable.' },
    EXPIRED: { description: 'Past its expiry; it cannot authenticate or be renewed.' },
    REVOKED: { description: 'Revoked; it cannot authenticate or be renewed.' },
    USED_UP: {
      description: 'A use-limited token whose uses are all spent; it cannot authenticate or be renewed.',
    },
  } as const,
});
