// `npm install` and `npm ci` run this. Plain JavaScript, so that it runs with nothing but Node and the
// production dependencies.
//
// With the devDependencies installed (a normal `npm install` or `npm ci`, what CI runs) it generates the
// Prisma client, builds the server (dist/, scripts/build.mjs) and the web console (console/dist), and a
// failing step fails the install. `npm ci --omit=dev` installs neither the Prisma CLI nor esbuild, Vite or
// TypeScript: every step is skipped with a note. The built dist/ holds the generated client, so a
// production install needs only dist/ and console/dist/ copied from a build stage (docs/operations.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CONSOLE_TOOLCHAIN = ['typescript', 'vite', '@vitejs/plugin-react', 'react', 'react-dom'];

function run(script) {
  // Inside a lifecycle script npm names itself in npm_execpath; run the same npm.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', script], { stdio: 'inherit' })
    : spawnSync('npm', ['run', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installed(name) {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const missing = (names) => names.filter((name) => !installed(name));
const note = (text) => console.log(`\nkeygate: ${text}\n`);
const built = existsSync(new URL('../dist/main.js', import.meta.url));

if (missing(['prisma']).length === 0) {
  run('prisma:generate');
} else {
  note(
    'not generating the Prisma client: the prisma CLI (a devDependency) is not installed. ' +
      (built
        ? 'dist/ is built and holds the client.'
        : 'Copy dist/ from a build stage (`npm ci` with the devDependencies builds it); Keygate cannot start without it.'),
  );
}

if (missing(['esbuild']).length === 0) {
  run('build');
} else if (!built) {
  note('not building the server: esbuild (a devDependency) is not installed; copy dist/ from a build stage.');
}

const consoleMissing = missing(CONSOLE_TOOLCHAIN);
if (consoleMissing.length === 0) {
  run('console:build');
} else {
  note(
    `not building the web console: ${consoleMissing.join(', ')} ${consoleMissing.length === 1 ? 'is' : 'are'} not installed ` +
      '(devDependencies; installed with --omit=dev?). The API works; /console answers 503 until ' +
      '`npm run console:build` has run where the devDependencies are installed, or console/dist/ is copied here.',
  );
}
