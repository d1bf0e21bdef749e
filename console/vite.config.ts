import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built by `npm run console:build` (part of `npm install`) into console/dist, which Keygate serves at
 * /console. `npx vite console` serves it with hot reload and sends /graphql (and /audit, the export) to a
 * Keygate on port 4000.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/audit': 'http://localhost:4000' } },
});
