import { builder } from '../builder.js';
import { ERROR_CODES, type ErrorCode } from '../domain/error-codes.js';
import {
  type DomainError,
  InvalidStateError,
  LimitReachedError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';

/**
 * Every code a typed failure can carry, read from the domain's error classes (error-codes.ts, written by
 * `npm run generate`), so that clients can switch on it exhaustively.
 */
const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'What went wrong, for programs: the `code` of every type that implements `Error`.',
  values: Object.fromEntries(
    Object.entries(ERROR_CODES).map(([code, classes]) => [
      code,
      { value: code as ErrorCode, description: `Carried by ${classes.join(' and ')}.` },
    ]),
  ),
});

/**
 * Expected failures are typed results on an `Error` interface with a machine-readable code. Authorization
 * failures and bad requests are GraphQL errors with `extensions.code` instead; anything unexpected stays
 * masked.
 */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of an operation.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.expose('code', { type: ErrorCodeEnum, description: 'What went wrong, for programs.' }),
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
