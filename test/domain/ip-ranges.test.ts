import { describe, expect, it } from 'vitest';
import { ipAllowed, normaliseRange } from '../../src/domain/ip-ranges.js';

describe('normaliseRange', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.1', '10.0.0.1/32'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0::1', '2001:db8::1/128'],
    [' 192.168.1.0/24 ', '192.168.1.0/24'],
    // IPv4 written as IPv4-mapped IPv6 is the IPv4 range it names.
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['::ffff:1.2.3.4', '1.2.3.4/32'],
  ])('accepts %s as %s', (text, normalised) => {
    expect(normaliseRange(text)).toBe(normalised);
  });

  it.each([
    // Legacy IPv4 spellings that a lenient parser reads as something else entirely.
    '010.0.0.1/8',
    '10.1',
    '0x0a.0.0.1',
    '167772161',
    '1.2.3.4/33',
    '1.2.3.4/-1',
    '1.2.3.4/',
    '2001:db8::/129',
    '::ffff:10.0.0.0/64',
    'localhost',
    '',
  ])('refuses %s', (text) => {
    expect(normaliseRange(text)).toBeNull();
  });
});

describe('ipAllowed', () => {
  it('allows anything without ranges and nothing unknown with them', () => {
    expect(ipAllowed(null, [])).toBe(true);
    expect(ipAllowed(null, ['10.0.0.0/8'])).toBe(false);
    expect(ipAllowed('not an address', ['10.0.0.0/8'])).toBe(false);
  });

  it('matches IPv4, IPv4 seen through an IPv6 socket, and IPv6', () => {
    const ranges = ['10.0.0.0/8', '2001:db8::/32'];
    expect(ipAllowed('10.20.30.40', ranges)).toBe(true);
    expect(ipAllowed('::ffff:10.20.30.40', ranges)).toBe(true);
    expect(ipAllowed('2001:db8:1::7', ranges)).toBe(true);
    expect(ipAllowed('11.0.0.1', ranges)).toBe(false);
    expect(ipAllowed('2001:db9::1', ranges)).toBe(false);
    // An octal-looking address is not quietly read as another one.
    expect(ipAllowed('012.0.0.1', ranges)).toBe(false);
  });
});
