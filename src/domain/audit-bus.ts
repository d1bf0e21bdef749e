import { createPubSub } from 'graphql-yoga';
import type { AuditOutcome } from '../generated/prisma/client.js';
import type { CredentialChange } from './audited.js';

type AuditTopics = {
  /** The event's id, and its outcome for this instance's metrics (src/observability/counted-services.ts). */
  auditEventAdded: [organizationId: string, payload: { id: string; outcome: AuditOutcome }];
  /** A committed change that may affect how existing credentials authenticate, and what it affects. */
  credentialsChanged: [payload: CredentialChange];
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

/** The bus, telling `added` of each audit event this instance publishes, after its subscribers. */
export function onEventsAdded(bus: AuditEventBus, added: (organizationId: string) => void): AuditEventBus {
  const publish: AuditEventBus['publish'] = (topic, ...args) => {
    bus.publish(topic, ...args);
    if (topic === 'auditEventAdded') added(args[0] as string);
  };
  return { ...bus, publish };
}
