/**
 * A second reference: graphql-yoga with a one-field schema answering `{ viewer { id: kind } }` from memory,
 * on node:http like Keygate, with no plugins, no authentication and no database. What Keygate costs beyond
 * this is Keygate's own; what this costs beyond bare node:http is the framework's.
 *
 *   node --import tsx bench/yoga-server.ts <port>
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const port = Number(process.argv[2] ?? 0);
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Viewer { kind: String! } type Query { viewer: Viewer! }',
    resolvers: { Query: { viewer: () => ({ kind: 'USER' }) } },
  }),
  graphiql: false,
  landingPage: false,
  logging: false,
});
const server = createServer(yoga);

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('listening\n');
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
