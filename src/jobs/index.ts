import { runCredentialHygiene } from '../domain/credential-hygiene.js';
import {
  DELIVER_JOB,
  DELIVERY_RETRIES,
  deliver,
  FAN_OUT_JOB,
  fanOut,
  organizationsBehind,
} from '../domain/webhooks.js';
import type { Services } from '../services.js';
import { definePurgeDeletedOrganizations } from './purge-deleted-organizations.js';

/**
 * Every job Keygate runs, in one place: what runs, on which queue policy, on what schedule. The work itself
 * lives in the domain; these only say when. Schedules are UTC cron expressions, fired once per tick
 * across all instances.
 */
/** Expiry warnings, expiry and inactivity notices (src/domain/credential-hygiene.ts). */
export const CREDENTIAL_HYGIENE_JOB = 'credential-hygiene';

export function defineKeygateJobs(services: Services): void {
  const { jobs } = services;
  jobs.define<{ organizationId: string }>({
    name: FAN_OUT_JOB,
    // One pending and one running fan-out per organization: a burst of events makes one job.
    queue: { policy: 'stately', retryLimit: 5, retryDelay: 5, retryBackoff: true },
    concurrency: 2,
    handle: async (job) => {
      await fanOut(services, job.data.organizationId);
    },
  });
  jobs.define<{ deliveryId: string }>({
    name: DELIVER_JOB,
    queue: { ...DELIVERY_RETRIES, expireInSeconds: 120 },
    concurrency: 4,
    handle: (job) => deliver(services, job, DELIVERY_RETRIES.retryLimit),
  });
  jobs.define({
    name: 'webhook-sweep',
    // A fan-out an instance meant to queue but could not (it stopped, the database blinked) is caught here.
    cron: '* * * * *',
    handle: async () => {
      await services.auditLog.seal();
      for (const organizationId of await organizationsBehind(services.prisma)) {
        await jobs.send(FAN_OUT_JOB, { organizationId }, { singletonKey: organizationId });
      }
    },
  });
  jobs.define({
    name: CREDENTIAL_HYGIENE_JOB,
    // Every quarter hour: expiry warnings within a quarter hour of their threshold, inactivity and expiry
    // notices; each notice once (CredentialNotice), however often or on however many instances it runs.
    cron: '*/15 * * * *',
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60 },
    handle: async () => {
      const report = await runCredentialHygiene(services, jobs.now());
      services.logger.info({ ...report }, 'credential hygiene ran');
    },
  });
  jobs.define({
    name: 'audit-seal',
    // Events are sealed soon after they commit by the instance that wrote them (AuditLog.nudge); this
    // pass catches what an instance that stopped meanwhile left.
    cron: '* * * * *',
    queue: { policy: 'singleton' },
    handle: async () => {
      await services.auditLog.seal();
    },
  });
  jobs.define({
    name: 'audit-checkpoint',
    // A signed checkpoint of every log that grew, pushed to webhooks as an `audit.checkpoint` event.
    cron: '*/5 * * * *',
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
    handle: async () => {
      await services.auditLog.checkpointAll();
    },
  });
  jobs.define({
    name: 'audit-retention',
    cron: '17 * * * *',
    handle: async () => {
      const purged = await services.auditLog.enforceRetention(jobs.now());
      if (purged > 0) services.logger.info({ purged }, 'purged audit events past retention');
    },
  });
  definePurgeDeletedOrganizations(services);
}
