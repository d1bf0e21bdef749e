import { readFileSync } from 'node:fs';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { SCHEMA_FILE } from '../../src/schema/printed.js';

const RFC_3339 = 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6';

describe('DateTime', () => {
  it('says where its format is specified, in the printed SDL', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toContain(`scalar DateTime @specifiedBy(url: "${RFC_3339}")`);
  });

  it('and in introspection', async () => {
    const result = await graphql({ schema, source: '{ __type(name: "DateTime") { specifiedByURL } }' });
    expect(result).toEqual({ data: { __type: { specifiedByURL: RFC_3339 } } });
  });
});
