import type { Prisma } from '../generated/prisma/client.js';
import { ValidationError } from './errors.js';
import { rawIdOf } from './global-ids.js';

/*
 * Search on the credential lists (and in a bulk revocation's filter): a name or description that contains
 * the text, whatever the case, or the identifier the lists show: the global `id`, or the raw id (an
 * application key's `keyId`, the `kid` of its assertions) by prefix, or an application's `clientId` by
 * prefix. Keygate keeps no part of a secret, so there is no secret prefix to search for.
 *
 * The lists are read per organization (or per parent) through their indexes; the search narrows the rows of
 * that one tenant with a plain ILIKE, so it needs no extension (pg_trgm is not on every PostgreSQL, nor in
 * the embedded one) and no index of its own.
 */

export const SEARCH_MAX_LENGTH = 100;
/**
 * Raw ids are matched by prefix from one whole group on (8 characters): ids are UUIDv7, whose first
 * characters are the time, so a shorter prefix (`019`) would match nearly every credential.
 */
export const ID_PREFIX_MIN_LENGTH = 8;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export interface CredentialSearch {
  /** The text as a LIKE operand that matches itself only: `%`, `_` and `\` escaped. */
  literal: string;
  /** The object a global id names, when the text is one. */
  globalId: { typename: string; id: string } | null;
  /** The raw ids the text is a prefix of, when it is one long enough. */
  idRange: { gte: string; lte: string } | null;
}

/**
 * The search `text` stands for; a ValidationError on `field` when it is empty or longer than
 * SEARCH_MAX_LENGTH.
 */
export function parseSearch(text: string, field = 'search'): CredentialSearch {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > SEARCH_MAX_LENGTH) {
    throw new ValidationError(field, `${field} must be 1 to ${SEARCH_MAX_LENGTH} characters`);
  }
  // Prisma's contains and startsWith put the text into a LIKE pattern as it is (prisma/prisma#19506).
  const literal = trimmed.replace(/[\\%_]/g, (character) => `\\${character}`);
  const lowered = trimmed.toLowerCase();
  const idRange =
    lowered.length >= ID_PREFIX_MIN_LENGTH && isUuidPrefix(lowered)
      ? { gte: lowered + NIL_UUID.slice(lowered.length), lte: lowered + MAX_UUID.slice(lowered.length) }
      : null;
  return { literal, globalId: rawIdOf(trimmed), idRange };
}

/** Whether `text` (lower case) is how a canonical UUID (8-4-4-4-12) begins. */
function isUuidPrefix(text: string): boolean {
  if (text.length > NIL_UUID.length) return false;
  return [...text].every((character, index) =>
    NIL_UUID[index] === '-' ? character === '-' : /[0-9a-f]/.test(character),
  );
}

/** The ids of `typename` the search names; null when it names none. */
function idsOf(
  search: CredentialSearch,
  typename: string,
): { equals: string } | { gte: string; lte: string } | null {
  if (search.globalId) return search.globalId.typename === typename ? { equals: search.globalId.id } : null;
  return search.idRange;
}

const containing = (search: CredentialSearch) =>
  ({ contains: search.literal, mode: 'insensitive' }) as const satisfies Prisma.StringFilter;

/** Any of `conditions`; with none (a search no field of the list can match), nothing. */
function anyOf<T>(conditions: (T | null)[]): T {
  const given = conditions.filter((condition): condition is T => condition !== null);
  // Prisma reads an empty OR as no condition at all: say "no id" instead.
  return (given.length > 0 ? { OR: given } : { id: { in: [] } }) as T;
}

function byId<T extends { id?: unknown }>(search: CredentialSearch, typename: string): T | null {
  const ids = idsOf(search, typename);
  return ids ? ({ id: ids } as T) : null;
}

export function tokenSearch(search: CredentialSearch): Prisma.TokenWhereInput {
  return anyOf<Prisma.TokenWhereInput>([{ name: containing(search) }, byId(search, 'Token')]);
}

export function patSearch(search: CredentialSearch): Prisma.PersonalAccessTokenWhereInput {
  return anyOf<Prisma.PersonalAccessTokenWhereInput>([
    { description: containing(search) },
    byId(search, 'PersonalAccessToken'),
  ]);
}

export function identitySearch(search: CredentialSearch): Prisma.MachineIdentityWhereInput {
  return anyOf<Prisma.MachineIdentityWhereInput>([
    { name: containing(search) },
    byId(search, 'MachineIdentity'),
  ]);
}

export function applicationSearch(search: CredentialSearch): Prisma.ApplicationWhereInput {
  return anyOf<Prisma.ApplicationWhereInput>([
    { name: containing(search) },
    { clientId: { startsWith: search.literal, mode: 'insensitive' } },
    byId(search, 'Application'),
  ]);
}

/** Application keys have no name: they are found by their key id. */
export function appKeySearch(search: CredentialSearch): Prisma.ApplicationKeyWhereInput {
  return anyOf<Prisma.ApplicationKeyWhereInput>([byId(search, 'ApplicationKey')]);
}
