import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses an address strictly: IPv4 only in its four-part decimal form (ipaddr.js would also read
 * `010.0.0.1` as octal and `10.1` as `10.0.0.1`, which is never what a person meant), IPv6 in any valid
 * form. An IPv4 address written as IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is taken as the IPv4 address.
 */
function parseAddress(text: string): Address | null {
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return null;
    const address = ipaddr.IPv6.parse(text);
    return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

/** A valid address in its normal form (IPv4-mapped IPv6 as IPv4), or null for anything else. */
export function normaliseAddress(text: string | null): string | null {
  if (!text) return null;
  return parseAddress(text.trim())?.toString() ?? null;
}

/** Parses a CIDR range (IPv4 or IPv6; a bare address means a single host). Returns null when invalid. */
export function parseRange(text: string): [Address, number] | null {
  const slash = text.indexOf('/');
  const written = slash === -1 ? text : text.slice(0, slash);
  const prefix = slash === -1 ? null : text.slice(slash + 1);
  const mapped = written.includes(':') && written.includes('.');
  const address = parseAddress(written);
  if (!address) return null;
  const writtenBits = written.includes(':') ? 128 : 32;
  if (prefix !== null && !/^\d{1,3}$/.test(prefix)) return null;
  const bits = prefix === null ? writtenBits : Number(prefix);
  if (bits > writtenBits) return null;
  if (mapped && address.kind() === 'ipv4') {
    // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8; a shorter prefix reaches beyond the mapped block.
    if (bits < 96) return null;
    return [address, bits - 96];
  }
  return [address, bits];
}

/** Normalised text of a range, so equal ranges compare equal. */
export function normaliseRange(text: string): string | null {
  const range = parseRange(text.trim());
  if (!range) return null;
  const [address, bits] = range;
  return `${address.toString()}/${bits}`;
}

/** True when `ip` lies in one of `ranges`; an empty list allows every address, an unknown address none. */
export function ipAllowed(ip: string | null, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  if (!ip) return false;
  const address = parseAddress(ip);
  if (!address) return false;
  return ranges.some((text) => {
    const range = parseRange(text);
    if (!range || range[0].kind() !== address.kind()) return false;
    return address.match(range as [ipaddr.IPv4, number]);
  });
}
