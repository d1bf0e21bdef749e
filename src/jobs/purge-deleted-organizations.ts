import { PURGE_JOB, purgeDeletedOrganizations } from '../domain/organizations.js';
import type { Services } from '../services.js';

/**
 * Purges deleted organizations once their retention period has passed (src/domain/organizations.ts),
 * every minute: a cheap look at an index when none is due. A deletion with no retention sends it at once.
 */
export function definePurgeDeletedOrganizations(services: Services): void {
  services.jobs.define({
    name: PURGE_JOB,
    cron: '* * * * *',
    // One run at a time, and one more queued behind it (a deletion while a run is under way).
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 60 },
    handle: async () => {
      await purgeDeletedOrganizations(services, services.jobs.now());
    },
  });
}
