import type { Services } from '../../src/services.js';

/**
 * Listens, from now on, for the change to credentials called `action` (`token.revoked`, ...) to reach
 * the instance whose services these are, from any instance (through Redis when it is shared); resolves
 * once it has. Call it before making the change. By the time the promise resolves the instance has
 * emptied its credential cache: its own listener was there first and hears each change first.
 */
export function credentialsChangeHeard(
  services: Services,
  action: string,
  timeoutMs = 30_000,
): Promise<void> {
  const changes = services.auditBus.subscribe('credentialsChanged');
  // The first `next` attaches the listener, at once: a change made from here on is heard.
  const first = changes.next();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no "${action}" heard within ${timeoutMs} ms`)), timeoutMs);
  });
  return (async () => {
    try {
      let change = await Promise.race([first, timeout]);
      while (!change.done && change.value.action !== action)
        change = await Promise.race([changes.next(), timeout]);
      if (change.done) throw new Error(`the bus ended before "${action}" was heard`);
    } finally {
      clearTimeout(timer);
      await changes.return();
    }
  })();
}
