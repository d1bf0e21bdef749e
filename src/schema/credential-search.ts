import { type CredentialSearch, parseSearch, SEARCH_MAX_LENGTH } from '../domain/credential-search.js';
import { ValidationError } from '../domain/errors.js';
import { badInput } from './bad-input.js';

/**
 * What the `search` argument of a credential list says of itself; `matches` says what it matches beside ids
 * ("whose name contains it").
 */
export function searchDescription(matches: string | null): string {
  return (
    `Only those ${matches ? `${matches}, or ` : ''}whose id is this global id, or whose raw id begins with ` +
    `it (8 characters or more). Case is ignored; % and _ are plain characters. 1 to ${SEARCH_MAX_LENGTH} ` +
    'characters.'
  );
}

/** A list's `search` argument, parsed; BAD_USER_INPUT (naming `search`) when it is refused. */
export function searchArgument(search: string | null | undefined): CredentialSearch | null {
  if (search == null) return null;
  try {
    return parseSearch(search);
  } catch (error) {
    if (error instanceof ValidationError) throw badInput(error.field, error.message);
    throw error;
  }
}
