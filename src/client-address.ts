import { LRUCache } from 'lru-cache';
import proxyaddr from 'proxy-addr';
import { normaliseAddress, parseRange } from './domain/ip-ranges.js';

/**
 * Which proxies in front of Keygate are trusted to say who their client was (`KEYGATE_TRUST_PROXY`):
 * none (the socket's peer is the client), a number of hops (the first one is the proxy Keygate's socket
 * talks to), or the addresses and ranges of the proxies, as proxy-addr (Express's `trust proxy`) takes them.
 */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: readonly string[] };

/** proxy-addr's names for common ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses `KEYGATE_TRUST_PROXY` strictly: `false`/`0`/`no` or nothing trusts no proxy; `true`/`yes` one
 * hop; a whole number that many hops; otherwise a comma-separated list of addresses, CIDR ranges and the
 * names loopback, linklocal and uniquelocal. Anything else is refused with the variable's name.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === 'no' || value === '0') return { kind: 'none' };
  if (value === 'true' || value === 'yes') return { kind: 'hops', hops: 1 };
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value);
    if (!Number.isSafeInteger(hops) || hops > 32) throw new Error('KEYGATE_TRUST_PROXY: at most 32 hops');
    return { kind: 'hops', hops };
  }
  const ranges = value.split(',').map((entry) => entry.trim());
  for (const entry of ranges) {
    if (!NAMED_RANGES.has(entry) && !parseRange(entry)) {
      throw new Error(
        `KEYGATE_TRUST_PROXY: ${JSON.stringify(entry.slice(0, 64))} is not an address, a CIDR range or one of ` +
          'loopback, linklocal, uniquelocal (or use true, false or a number of hops)',
      );
    }
  }
  return { kind: 'ranges', ranges };
}

/**
 * The socket peer's address, normalised: kept for the few peers a server sees (its proxies, its
 * gateways, which ask on every request over keep-alive connections), instead of parsed on every request.
 */
const peers = new LRUCache<string, string | false>({ max: 1024 });
function peerAddress(socketAddress: string | null): string | null {
  if (!socketAddress) return null;
  let known = peers.get(socketAddress);
  if (known === undefined) {
    known = normaliseAddress(socketAddress) ?? false;
    peers.set(socketAddress, known);
  }
  return known || null;
}

export type ClientAddressOf = (
  socketAddress: string | undefined,
  forwardedFor: string | null,
) => string | null;

/**
 * The client address of a request, determined the way proxy-addr does: walk X-Forwarded-For from the
 * right (the entry the nearest proxy wrote) while the address it came from is trusted. Entries further left
 * were written by whoever the first untrusted hop was, the client itself perhaps, and are never believed.
 * Only a valid address comes out (normalised, IPv4-mapped IPv6 as IPv4); anything else is null.
 */
export function clientAddressResolver(trust: TrustProxy): ClientAddressOf {
  if (trust.kind === 'none') return (socketAddress) => peerAddress(socketAddress ?? null);
  const trusted =
    trust.kind === 'hops'
      ? (_address: string, hop: number) => hop < trust.hops
      : proxyaddr.compile([...trust.ranges]);
  return (socketAddress, forwardedFor) => {
    if (!socketAddress) return null;
    const request = {
      headers: forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor },
      connection: { remoteAddress: socketAddress },
      socket: { remoteAddress: socketAddress },
    };
    try {
      return normaliseAddress(proxyaddr(request as never, trusted));
    } catch {
      return null;
    }
  };
}
