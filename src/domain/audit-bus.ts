import { createPubSub } from 'graphql-yoga';

type AuditTopics = {
  auditEventAdded: [organizationId: string, payload: { id: string }];
  /** A committed change that may affect how existing credentials authenticate. */
  credentialsChanged: [payload: { organizationId: string; action: string }];
};

/**
 * New audit events, published after their transaction commits. Only ids travel on the bus; subscribers
 * load the event themselves, so what they see is what the database holds. With a Redis event target the
 * bus spans every instance.
 */
export function createAuditEventBus(config?: Parameters<typeof createPubSub<AuditTopics>>[0]) {
  return createPubSub<AuditTopics>(config);
}

export type AuditEventBus = ReturnType<typeof createAuditEventBus>;
