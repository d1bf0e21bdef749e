import ipaddr from 'ipaddr.js';

/** Parses a CIDR range (IPv4 or IPv6; a bare address means a single host). Returns null when invalid. */
export function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** Normalised text of a range, so equal ranges compare equal. */
export function normaliseRange(text: string): string | null {
  const range = parseRange(text.trim());
  if (!range) return null;
  const [address, bits] = range;
  return `${address.toString()}/${bits}`;
}

function normaliseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const address = ipaddr.parse(ip);
    // An IPv4 client seen through an IPv6 socket arrives as ::ffff:a.b.c.d.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (address as ipaddr.IPv6).toIPv4Address();
    }
    return address;
  } catch {
    return null;
  }
}

/** True when `ip` lies in one of `ranges`; an empty list allows every address. */
export function ipAllowed(ip: string | null, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  if (!ip) return false;
  const address = normaliseAddress(ip);
  if (!address) return false;
  return ranges.some((text) => {
    const range = parseRange(text);
    if (!range || range[0].kind() !== address.kind()) return false;
    return address.match(range as [ipaddr.IPv4, number]);
  });
}
