import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the operations one part of the project sends, generated from the checked-in SDL. */
const clientPreset = (documents: string[]) => ({
  documents,
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumsAsTypes: true,
    useTypeImports: true,
    documentMode: 'string' as const,
  },
});

/**
 * `npm run codegen` rewrites both outputs: the tests' operations and the web console's. A test fails when
 * the tests' output is stale; the console's build type-checks against its own.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/graphql/generated/': clientPreset(['test/**/*.ts', '!test/graphql/generated/**']),
    'console/src/graphql/': clientPreset(['console/src/**/*.{ts,tsx}', '!console/src/graphql/**']),
  },
};

export default config;
