import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the client recipes (README, "Client recipes"), from the checked-in SDL.
const scalars = { DateTime: 'string', JSON: 'unknown' };

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  generates: {
    // urql and Apollo Client take TypedDocumentNode ASTs: the client preset's default documentMode.
    'examples/clients/graphql/': {
      documents: ['examples/clients/operations.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
    },
    // Which types implement which interface or belong to which union: Apollo's cache needs it to read
    // `... on Error { code message }` on a mutation's result union.
    'examples/clients/graphql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { useExplicitTyping: true },
    },
    // Plain fetch sends the document's text: string documents, no graphql-js in the bundle.
    'examples/clients/graphql-string/': {
      documents: ['examples/clients/fetch.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
    },
  },
};

export default config;
