import type { CodegenConfig } from '@graphql-codegen/cli';
import clients from './examples/clients/codegen.js';

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
 * `npm run codegen` rewrites every output: the tests' operations, the web console's and the client
 * recipes'. A test fails when one is stale; the console's build type-checks against its own.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/graphql/generated/': clientPreset(['test/**/*.ts', '!test/graphql/generated/**']),
    'console/src/graphql/': clientPreset(['console/src/**/*.{ts,tsx}', '!console/src/graphql/**']),
    // The client recipes (examples/clients), with settings of their own for urql and Apollo Client.
    ...clients.generates,
  },
};

export default config;
