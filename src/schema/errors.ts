import { builder } from '../builder.js';
import { InvalidStateError, LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';

/**
 * Expected failures are typed results on an `Error` interface with a machine-readable code. Authorization
 * failures and bad requests are GraphQL errors with `extensions.code` instead; anything unexpected stays
 * masked.
 */
export const ErrorInterface = builder.interfaceRef<Error & { code: string }>('Error').implement({
  description: 'An expected failure of an operation.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The object does not exist, is not visible to the caller, or has expired.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An input value was refused; `field` names it.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field that was refused.' }),
  }),
});

builder.objectType(LimitReachedError, {
  name: 'LimitReachedError',
  description: 'A configured limit was reached.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LimitReachedError,
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'The limit in force.' }),
  }),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description: 'The object is in a state that does not allow the operation (revoked, for example).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidStateError,
});

type ErrorClass =
  | typeof NotFoundError
  | typeof ValidationError
  | typeof LimitReachedError
  | typeof InvalidStateError;

/**
 * The errors option of a mutation: its typed failures beside its payload, in a union named `<Name>Result`.
 * Every mutation can refuse its input (a control character in a string, say: see input-guard.ts), so
 * ValidationError is always among them.
 */
export function failures(name: string, types: ErrorClass[]) {
  const all = types.includes(ValidationError) ? types : [...types, ValidationError];
  return { types: all, directResult: true as const, union: { name: `${name}Result` } };
}
