import { Prisma } from '../generated/prisma/client.js';
import type { ErrorCode } from './error-codes.js';

/**
 * Expected failures of Keygate's operations. The GraphQL layer exposes each class as a typed error
 * (src/schema/errors.ts); nothing else a resolver throws reaches a client unmasked. Every code a class
 * carries is a value of the schema's ErrorCode enum: `npm run generate` reads them from the exported
 * classes into error-codes.ts, and a code missing there fails the type-check.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

/** Not found, not visible to the caller, or expired: one answer, so nobody learns what exists. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class LimitReachedError extends DomainError {
  readonly code = 'LIMIT_REACHED';
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message);
  }
}

/** A state that forbids the operation: revoked, expired, disabled. */
export class InvalidStateError extends DomainError {
  readonly code = 'INVALID_STATE';
}

/**
 * The caller is known but may not do this: it lacks a permission, or what it would make or touch reaches
 * further than its credential (`reason` says how). Mapped to a FORBIDDEN GraphQLError, not a typed result;
 * the message names what is missing, since the caller already knows the object it named.
 */
export class PermissionDeniedError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    readonly permission: string,
    readonly reason?: string,
  ) {
    super(reason ? `not allowed: ${reason}` : `missing permission ${permission}`);
  }
}

/**
 * Runs a write whose uniqueness was checked beforehand: a concurrent writer can still win the race, and
 * its unique-constraint violation becomes the same typed refusal instead of an internal error.
 */
export async function refuseDuplicate<T>(write: Promise<T>, refusal: () => DomainError): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw refusal();
    throw error;
  }
}
