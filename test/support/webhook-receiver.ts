import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  /** The request's path and query: which endpoint it was sent to. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The payload, verified with the `standardwebhooks` library against the receiver's secret. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  /** Why verification refused it, when it did. */
  refused: string | null;
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver as a customer would write one: an HTTP server that verifies each delivery's
 * signature with the `standardwebhooks` package (what Svix's library does too) and answers 204, or what
 * `answer` says (to make attempts fail). Tests wait for deliveries with `next`, never by sleeping.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const waiting: { match: (w: ReceivedWebhook) => boolean; resolve: (w: ReceivedWebhook) => void }[] = [];
  const state = {
    secrets: [] as string[],
    answer: (_delivery: ReceivedWebhook): number => 204,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const delivery: ReceivedWebhook = {
        path: req.url ?? '',
        headers: req.headers,
        body,
        payload: null,
        refused: null,
        status: 0,
      };
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      // A SIEM sink's batch is NDJSON, not one JSON document: the same signature, checked without parsing.
      const batch = String(req.headers['content-type']).startsWith('application/x-ndjson');
      for (const secret of state.secrets) {
        try {
          if (batch) {
            const webhook = new Webhook(secret);
            const expected = webhook.sign(
              headers['webhook-id'],
              new Date(Number(headers['webhook-timestamp']) * 1000),
              body,
            );
            if (!headers['webhook-signature'].split(' ').includes(expected))
              throw new Error('No matching signature found');
            delivery.payload = {
              type: 'audit.batch',
              timestamp: new Date(Number(headers['webhook-timestamp']) * 1000).toISOString(),
              data: {
                lines: body
                  .split('\n')
                  .filter(Boolean)
                  .map((line) => JSON.parse(line)),
              },
            };
            delivery.refused = null;
            break;
          }
          delivery.payload = new Webhook(secret).verify(body, headers) as ReceivedWebhook['payload'];
          delivery.refused = null;
          break;
        } catch (error) {
          delivery.refused = error instanceof Error ? error.message : String(error);
        }
      }
      if (state.secrets.length === 0) delivery.refused = 'no secret';
      delivery.status = delivery.payload ? state.answer(delivery) : 401;
      received.push(delivery);
      res.writeHead(delivery.status).end();
      for (const waiter of [...waiting]) {
        if (waiter.match(delivery)) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(delivery);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    state,
    /** The first delivery (already received or still to come) that `match` accepts. */
    next(match: (delivery: ReceivedWebhook) => boolean): Promise<ReceivedWebhook> {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
