import { LRUCache } from 'lru-cache';

/**
 * The id the GraphQL API gives an object (a Relay global id: base64 of `Type:id`), so that what Keygate
 * says elsewhere (an access token's `sub`, an introspection answer) names objects the way `node(id:)`
 * finds them.
 */
export function globalIdOf(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

const repeated = new LRUCache<string, string>({ max: 10_000 });

/**
 * `globalIdOf` for ids named on every request (the gateway's answers name the same few credentials over
 * and over): each encoded once, the latest 10,000 kept.
 */
export function repeatedGlobalIdOf(typename: string, id: string): string {
  const key = `${typename}:${id}`;
  let encoded = repeated.get(key);
  if (encoded === undefined) {
    encoded = globalIdOf(typename, id);
    repeated.set(key, encoded);
  }
  return encoded;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The type and raw id a global id of a UUID-keyed object names; null for any other text. */
export function rawIdOf(text: string): { typename: string; id: string } | null {
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  // Exactly what globalIdOf writes: base64 decoding skips what is not base64.
  if (colon <= 0 || !UUID.test(id) || globalIdOf(typename, id) !== text) return null;
  return { typename, id };
}
