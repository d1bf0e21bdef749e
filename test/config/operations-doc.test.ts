import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

// docs/operations.md's configuration table is what operators read: it must name every variable that
// src/config.ts reads, and nothing it does not.

const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

/** The keys of `const VARIABLES = { ... }` in src/config.ts, one per line as Biome formats them. */
function configVariables(): string[] {
  const start = source.indexOf('const VARIABLES = {');
  const end = source.indexOf('} satisfies Record<string, Variable<unknown>>', start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

/** The variables in the first column of the table under "## Configuration". */
function documentedVariables(): string[] {
  const section = doc.slice(
    doc.indexOf('\n## Configuration\n'),
    doc.indexOf('\n## ', doc.indexOf('\n## Configuration\n') + 1),
  );
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]!);
}

describe('docs/operations.md configuration table', () => {
  it('lists every variable src/config.ts reads, and NODE_ENV', () => {
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(30);
    expect(documentedVariables().sort()).toEqual([...variables, 'NODE_ENV'].sort());
  });

  it('documents only variables Keygate knows', () => {
    for (const name of documentedVariables().filter((name) => name.startsWith('KEYGATE_'))) {
      // An unknown KEYGATE_ variable is warned about; a known one with a bad value is refused instead.
      let warnings: string[] = [];
      try {
        warnings = loadConfig({ [name]: 'x' }).warnings;
      } catch {
        // refused: known
      }
      expect(warnings, name).toEqual([]);
    }
  });

  it('gives the defaults src/config.ts applies', () => {
    const defaults = loadConfig({});
    const documented = (name: string) =>
      new RegExp(`^\\| \`${name}\` \\| ([^|]*) \\|`, 'm').exec(doc)?.[1]?.trim();
    expect(documented('PORT')).toBe(`\`${defaults.port}\``);
    expect(documented('HOST')).toBe(`\`${defaults.host}\``);
    expect(documented('DATABASE_POOL_SIZE')).toBe(`\`${defaults.databasePoolSize}\``);
    expect(documented('DATABASE_STATEMENT_TIMEOUT_MS')).toBe(`\`${defaults.databaseStatementTimeoutMs}\``);
    expect(documented('KEYGATE_USAGE_FLUSH_MS')).toBe(`\`${defaults.usageFlushIntervalMs}\``);
    expect(documented('KEYGATE_KEEP_ALIVE_TIMEOUT_MS')).toBe(`\`${defaults.http.keepAliveTimeoutMs}\``);
    expect(documented('KEYGATE_MAX_DEPTH')).toBe(`\`${defaults.limits.maxDepth}\``);
    expect(documented('KEYGATE_MAX_ALIASES')).toBe(`\`${defaults.limits.maxAliases}\``);
    expect(documented('KEYGATE_MAX_DIRECTIVES')).toBe(`\`${defaults.limits.maxDirectives}\``);
    expect(documented('KEYGATE_MAX_TOKENS')).toBe(`\`${defaults.limits.maxTokens}\``);
    expect(documented('KEYGATE_MAX_COST')).toBe(`\`${defaults.limits.maxCost}\``);
    expect(documented('KEYGATE_MAX_NODES')).toBe(`\`${defaults.limits.maxNodes}\``);
    expect(documented('KEYGATE_MAX_BODY_BYTES')).toBe(`\`${defaults.limits.maxBodyBytes}\``);
    expect(documented('KEYGATE_AUTH_FAILURES_PER_MINUTE')).toBe(
      `\`${defaults.limits.authFailuresPerMinute}\``,
    );
    expect(documented('KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE')).toBe(
      `\`${defaults.limits.authFailuresPerCredentialPerMinute}\``,
    );
    expect(documented('KEYGATE_MUTATIONS_PER_MINUTE')).toBe(`\`${defaults.limits.mutationsPerMinute}\``);
    expect(documented('KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE')).toBe(
      `\`${defaults.limits.mutationsPerAddressPerMinute}\``,
    );
    expect(documented('KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL')).toBe(
      `\`${defaults.limits.subscriptionsPerCredential}\``,
    );
    expect(documented('KEYGATE_AUDIT_VERIFICATIONS_PER_MINUTE')).toBe(
      `\`${defaults.limits.auditVerificationsPerMinute}\``,
    );
    expect(documented('KEYGATE_AUDIT_VERIFICATION_BATCH')).toBe(
      `\`${defaults.limits.auditVerificationBatch}\``,
    );
    expect(documented('KEYGATE_ADMIN_EMAIL')).toBe(`\`${defaults.adminEmail}\``);
    expect(documented('KEYGATE_ORGANIZATION_CREATION')).toBe(`\`${defaults.organizations.creation}\``);
    expect(documented('KEYGATE_MAX_OWNED_ORGANIZATIONS')).toBe(
      `\`${defaults.organizations.maxOwnedPerPerson}\``,
    );
    expect(documented('KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS')).toBe(
      `\`${defaults.organizations.deletedRetentionDays}\``,
    );
    expect(documented('KEYGATE_IMPORTED_KEY_MIN_LENGTH')).toBe(`\`${defaults.importedKeys.minLength}\``);
    expect(documented('KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS')).toBe(
      `\`${defaults.importedKeys.minEntropyBits}\``,
    );
  });
});
