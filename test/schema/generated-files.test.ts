import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';
import { printedSchema, SCHEMA_FILE } from '../../src/schema/printed.js';

describe('checked-in generated files', () => {
  it('schema/schema.graphql is the printed schema (run `npm run schema:print`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('the codegen output matches the operations (run `npm run codegen`)', async () => {
    const outputs = await generate({ ...config, silent: true, verbose: false, debug: false }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const onDisk = readFileSync(path.resolve(output.filename), 'utf8');
      expect(onDisk, `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});
