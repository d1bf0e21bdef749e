// `npm install` and `npm ci` run this. Plain JavaScript, so that it runs with nothing but Node and the
// production dependencies.
//
// The Prisma client is generated always: the server cannot start without it. The console (console/dist)
// is built when its toolchain, which are devDependencies, is installed: a normal `npm ci` (what CI runs)
// builds it, and a failing build fails the install. `npm ci --omit=dev` installs no TypeScript or Vite, so
// the build is skipped with a note; Keygate then serves the API, and /console answers 503 until the
// console is built elsewhere (e.g. a build stage) and copied to console/dist.
import { spawnSync } from 'node:child_process';

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

run('prisma:generate');

const missing = CONSOLE_TOOLCHAIN.filter((name) => !installed(name));
if (missing.length === 0) {
  run('console:build');
} else {
  console.log(
    `\nkeygate: not building the web console: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed ` +
      '(devDependencies; installed with --omit=dev?). The API works; /console answers 503 until ' +
      '`npm run console:build` has run where the devDependencies are installed.\n',
  );
}
