// The production build: src/main.ts (the server), scripts/db.ts (`npm run db:deploy`) and
// src/bin/keygate-audit-verify.ts (the offline audit export verifier, package.json's `bin`) bundled by
// esbuild into dist/main.js, dist/db.js and dist/keygate-audit-verify.js, plain JavaScript that `node` runs
// with no TypeScript loader.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than a file it was built from
//
// Keygate's own code and the generated Prisma client (TypeScript, in src/generated) are bundled; every
// package stays an import of node_modules, so files packages find by path (PGlite's data files, the
// schema-engine wasm, GraphiQL's bundle) are where they always are. An import of a package that is not in
// package.json's dependencies fails the build: a production install (`npm ci --omit=dev`) would lack it.
//
// Plain JavaScript, like postinstall.mjs: `--if-stale` runs before `npm start` on a production install,
// where esbuild (a devDependency) is absent; there a built dist/ is used as it is.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const ENTRY_POINTS = {
  main: 'src/main.ts',
  db: 'scripts/db.ts',
  'keygate-audit-verify': 'src/bin/keygate-audit-verify.ts',
};
/** What the last build read, relative to ROOT: the staleness check compares their times to the outputs'. */
const INPUTS_FILE = path.join(DIST, 'inputs.json');

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const DEPENDENCIES = new Set(Object.keys(packageJson.dependencies ?? {}));

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function outputs() {
  return Object.keys(ENTRY_POINTS).map((name) => path.join(DIST, `${name}.js`));
}

/** Why dist/ needs building, or null when every output is newer than everything it was built from. */
export function staleness() {
  if (!outputs().every((file) => existsSync(file)) || !existsSync(INPUTS_FILE)) return 'dist/ is not built';
  const builtAt = Math.min(...outputs().map((file) => statSync(file).mtimeMs));
  const inputs = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  for (const input of [...inputs, 'package.json', 'scripts/build.mjs']) {
    const file = path.join(ROOT, input);
    if (!existsSync(file)) return `${input} is gone`;
    if (statSync(file).mtimeMs > builtAt) return `${input} changed`;
  }
  return null;
}

/** The esbuild plugin that keeps packages external and refuses those a production install lacks. */
const dependenciesExternal = {
  name: 'dependencies-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { external: true };
      const name = packageName(args.path);
      if (DEPENDENCIES.has(name)) return { external: true };
      return {
        errors: [
          {
            text: `${args.path} is imported by ${path.relative(ROOT, args.importer)} but is not in package.json's dependencies: a production install (npm ci --omit=dev) would not have it`,
          },
        ],
      };
    });
  },
};

export async function build() {
  const esbuild = await import('esbuild');
  const started = performance.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: DIST,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Readable stack traces without a source map; the maps are there for `node --enable-source-maps`.
    minify: false,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [dependenciesExternal],
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  writeFileSync(INPUTS_FILE, `${JSON.stringify(inputs.sort(), null, 2)}\n`);
  const size = outputs().reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(
    `keygate: built ${outputs()
      .map((file) => path.relative(ROOT, file))
      .join(', ')} (${(size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`,
  );
}

function esbuildInstalled() {
  try {
    import.meta.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  const reason = ifStale ? staleness() : 'asked to';
  if (reason === null) process.exit(0);
  if (!esbuildInstalled()) {
    if (ifStale && reason !== 'dist/ is not built') {
      // A production install: dist/ came from a build stage; the sources beside it do not matter.
      process.exit(0);
    }
    console.error(
      'keygate: cannot build dist/: esbuild (a devDependency) is not installed. Build where the ' +
        'devDependencies are (`npm ci && npm run build`) and copy dist/ and console/dist/ here.',
    );
    process.exit(1);
  }
  try {
    await build();
  } catch (error) {
    // esbuild has already printed its errors.
    if (!error?.errors) console.error(error);
    process.exit(1);
  }
}
