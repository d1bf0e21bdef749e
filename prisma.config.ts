import { defineConfig } from 'prisma/config';

// Prisma's CLI is used here for `generate` only; migrations run through scripts/db.ts, which drives
// @prisma/schema-engine-wasm with a driver adapter so that nothing downloads a native engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
