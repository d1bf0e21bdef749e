import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type EngineGlue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

export type { SchemaEngine };

/** A Prisma schema file handed to the engine: `[path, content]`. */
export type Datamodel = [path: string, content: string];

// The engine arms timers (a 10 s advisory-lock timeout among them) and never clears them (defect 1).
// The wasm instance is shared by every engine in the process, so timers are cleared only once the last
// open engine closes; until then they are unref'd so that they can never hold the process open.
const engineTimers = new Set<NodeJS.Timeout>();
let openEngines = 0;

function trackedSetTimeout(callback: () => void, milliseconds: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, milliseconds >>> 0);
  timer.unref();
  engineTimers.add(timer);
  return timer;
}

let glue: Promise<EngineGlue> | undefined;

/**
 * The package's own entry imports the `.wasm` file as an ES module, which Node only allows behind a flag,
 * so the glue is loaded on its own and the wasm is instantiated here with the glue as its imports (which
 * is also where `setTimeout` gets swapped for the tracked one).
 */
function loadEngineGlue(): Promise<EngineGlue> {
  glue ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const wasmModule = await WebAssembly.compile(bytes);
    const bindings: EngineGlue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const imports: Record<string, unknown> = { ...bindings };
    for (const name of Object.keys(imports)) {
      if (name.startsWith('__wbg_setTimeout_')) imports[name] = trackedSetTimeout;
    }
    const moduleNames = new Set(WebAssembly.Module.imports(wasmModule).map((entry) => entry.module));
    const instance = await WebAssembly.instantiate(
      wasmModule,
      Object.fromEntries([...moduleNames].map((name) => [name, imports])) as WebAssembly.Imports,
    );
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return glue;
}

/** A migration-aware adapter factory plus the clean-up the engine itself forgets (defects 2 and 7). */
export interface MigrationAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases every connection, pool and shadow database the factory opened. Safe to call twice. */
  close(): Promise<void>;
}

export interface EngineOptions {
  datamodels?: Datamodel[];
  log?: (line: string) => void;
}

/**
 * Runs `work` with a fresh schema engine bound to `adapter`, then frees the engine, closes the adapter
 * and clears the engine's timers. Engine errors come back with the adapter's original error messages.
 */
export async function withSchemaEngine<T>(
  adapter: MigrationAdapter,
  options: EngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineGlue();
  const bound = bindMigrationAwareSqlAdapterFactory(adapter.factory);
  openEngines += 1;
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: options.datamodels },
      (line: string) => options.log?.(formatEngineLog(line)),
      bound,
    );
    return await work(engine);
  } catch (error) {
    throw withOriginalErrors(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await adapter.close();
    openEngines -= 1;
    if (openEngines === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

/**
 * Errors thrown inside an adapter reach us as "External error id#N"; the bound factory's registry holds
 * the original (defect 3). Each reference is replaced by the original message, and the first original
 * error becomes the `cause`.
 */
function withOriginalErrors(error: unknown, registry: ErrorRegistry): unknown {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (message === undefined) return error;
  let cause: unknown;
  const rewritten = message.replace(/External error id#(\d+)/g, (reference, id: string) => {
    const original = registry.consumeError(Number(id))?.error;
    if (original === undefined) return reference;
    cause ??= original;
    return original instanceof Error ? original.message : String(original);
  });
  if (cause === undefined) return error;
  // "external connector error" heads the engine's message and says nothing the original does not.
  const translated = new Error(rewritten.replace(/^external connector error\n/, ''), { cause });
  if (error instanceof Error) {
    translated.name = error.name;
    if ('code' in error) Object.assign(translated, { code: error.code });
  }
  return translated;
}

/** The engine logs JSON objects such as `{"level":"INFO","message":"..."}`; keep the readable part. */
function formatEngineLog(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string }; message?: string };
    const message = entry.fields?.message ?? entry.message;
    if (message) return entry.level ? `${entry.level.toLowerCase()}: ${message}` : message;
  } catch {
    // not JSON: pass it on as it is
  }
  return line;
}
