import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlocks } from '../support/readme.js';

/*
 * The README's client section shows the recipes as test/clients runs them: each `ts` block that starts
 * with `// examples/clients/<file>` is a passage of that file, word for word.
 */

const RECIPES = ['codegen.ts', 'operations.ts', 'fetch.ts', 'urql.ts', 'apollo4.ts', 'apollo3.ts'];
const MARKER = /^\/\/ (examples\/clients\/[\w.-]+)\n/;

describe('the README’s client recipes', () => {
  const excerpts = readmeBlocks('ts').flatMap((block) => {
    const marker = MARKER.exec(block);
    return marker ? [{ file: marker[1]!, code: block.slice(marker[0].length) }] : [];
  });

  it('are passages of the tested files, as they are', () => {
    for (const { file, code } of excerpts) {
      const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(source.includes(code.trimEnd()), `README block of ${file} is not in it:\n${code}`).toBe(true);
    }
  });

  it('show every recipe', () => {
    expect([...new Set(excerpts.map(({ file }) => file.replace('examples/clients/', '')))].sort()).toEqual(
      [...RECIPES].sort(),
    );
  });
});
