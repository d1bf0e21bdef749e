import { readFileSync } from 'node:fs';
import { type GraphQLEnumType, type GraphQLInterfaceType, getNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collectErrorCodes, ERROR_CODES_FILE, renderErrorCodes } from '../../scripts/error-codes.js';
import {
  InvalidStateError,
  LimitReachedError,
  NotFoundError,
  ValidationError,
} from '../../src/domain/errors.js';
import { KeyInUseError } from '../../src/domain/imported-keys.js';
import { InvitationNotFoundError } from '../../src/domain/invitations.js';
import { schema } from '../../src/schema/index.js';

describe('the ErrorCode enum', () => {
  const enumValues = () => (schema.getType('ErrorCode') as GraphQLEnumType).getValues().map((v) => v.name);

  it('is the type of Error.code', () => {
    const code = (schema.getType('Error') as GraphQLInterfaceType).getFields().code!;
    expect(String(code.type)).toBe('ErrorCode!');
    expect(getNamedType(code.type).name).toBe('ErrorCode');
  });

  it('lists every code an exported domain error class can carry, and nothing else', async () => {
    const collected = await collectErrorCodes();
    // The scan reaches the classes of every domain module, subclasses included.
    const carried = [
      new NotFoundError('Token'),
      new ValidationError('name', 'bad'),
      new LimitReachedError('too many', 3),
      new InvalidStateError('revoked'),
      new InvitationNotFoundError(),
      new KeyInUseError(null, null),
    ].map((error) => error.code);
    for (const code of carried) expect([...collected.keys()]).toContain(code);
    expect(enumValues().sort()).toEqual([...collected.keys()].sort());
  });

  it('src/domain/error-codes.ts is what the classes say (run `npm run generate`)', async () => {
    expect(readFileSync(ERROR_CODES_FILE, 'utf8')).toBe(renderErrorCodes(await collectErrorCodes()));
  });
});
