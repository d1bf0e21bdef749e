import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { WebhookSettings } from '../config.js';
import { ValidationError } from './errors.js';
import { ipAllowed } from './ip-ranges.js';

/**
 * Where webhooks may go. Only http(s) URLs, and only to public addresses unless the operator allows a
 * range (KEYGATE_WEBHOOK_ALLOWED_NETWORKS): an endpoint must not make Keygate call into its own network
 * (a database, a cloud metadata service at 169.254.169.254). The check is made when the URL is set and
 * again at each connection, on the address actually connected to, so a name that resolves elsewhere later
 * (DNS rebinding) is refused too.
 */
export function checkDestination(address: string, settings: WebhookSettings): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  // IPv6: global unicast (2000::/3) only; ipaddr.js also calls `::/96` (IPv4-compatible, `[::127.0.0.1]`)
  // unicast, which some hosts route to IPv4.
  const global =
    parsed.kind() === 'ipv4'
      ? parsed.range() === 'unicast'
      : parsed.range() === 'unicast' && (parsed as ipaddr.IPv6).match(ipaddr.IPv6.parse('2000::'), 3);
  if (global) return true;
  return settings.allowedNetworks.length > 0 && ipAllowed(parsed.toString(), settings.allowedNetworks);
}

const MAX_URL_LENGTH = 2048;

/** The URL as it is kept, or a ValidationError saying what is wrong with it. */
export async function validateWebhookUrl(text: string, settings: WebhookSettings): Promise<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ValidationError('url', 'The URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('url', 'Webhook URLs are http:// or https://');
  }
  if (url.username || url.password)
    throw new ValidationError('url', 'Webhook URLs carry no user name or password');
  if (url.href.length > MAX_URL_LENGTH)
    throw new ValidationError('url', `The URL is at most ${MAX_URL_LENGTH} characters`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  if (addresses.length === 0) throw new ValidationError('url', "The URL's host does not resolve");
  if (!addresses.every((address) => checkDestination(address, settings))) {
    throw new ValidationError(
      'url',
      'The URL leads to a private, loopback or link-local address; an operator may allow such networks',
    );
  }
  return url.href;
}

function resolve(host: string): Promise<string[]> {
  return new Promise((done) => {
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) =>
      done(error ? [] : addresses.map((entry) => entry.address)),
    );
  });
}

/** A lookup that fails for any address the destination policy refuses: what the connection really reaches. */
function checkedLookup(settings: WebhookSettings): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((entry) => checkDestination(entry.address, settings));
      if (allowed.length === 0) {
        return callback(
          Object.assign(new Error('The destination address is not allowed'), { code: 'EDESTINATION' }),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed message; resolves to the answer's status (redirects are not followed: a 3xx is a
 * failure, as Standard Webhooks says), rejects on a network error or when the whole exchange takes longer
 * than the timeout. The answer's body is read (up to 64 KiB) and dropped.
 */
export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  settings: WebhookSettings,
): Promise<number> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !checkDestination(host, settings)) {
    return Promise.reject(new Error('The destination address is not allowed'));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...headers,
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Keygate-Webhooks/1',
        },
        lookup: checkedLookup(settings),
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on('close', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(response.statusCode ?? 0));
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`No answer within ${settings.timeoutMs} ms`)),
      settings.timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
