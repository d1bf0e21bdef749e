import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) that a summary needs. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  sampledMs: number;
  /** Time spent in the function itself. */
  self: ProfileEntry[];
  /** Time spent in the function and everything it called. */
  inclusive: ProfileEntry[];
  /** Self time by where the code lives: a package, Keygate's src/, Node's internals, GC. */
  byOrigin: { origin: string; ms: number; percent: number }[];
}

function origin(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.includes('/src/')) return 'keygate src/';
  // The production build bundles src/ and the generated Prisma client into one file.
  if (/\/dist\/[^/]+\.js$/.test(url)) return 'keygate dist/ (src/ and the generated client)';
  return url;
}

function where(url: string, line: number): string {
  if (!url) return '';
  const short = url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|src|dist)\//, '$1/');
  return `${short}:${line + 1}`;
}

/**
 * Self and inclusive time per function, from the sampled stacks taken between `fromMs` and `toMs` after
 * the profile started (so start-up and shutdown stay out of a load's profile).
 */
export function summariseProfile(
  file: string,
  window: { fromMs: number; toMs: number } = { fromMs: 0, toMs: Number.POSITIVE_INFINITY },
  top = 25,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'}\u0000${where(url, lineNumber)}\u0000${origin(url, functionName)}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let sampled = 0;
  let at = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    at += delta;
    if (at < window.fromMs || at > window.toMs) return;
    sampled += delta;
    self.set(key(id), (self.get(key(id)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) {
      const k = key(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
    }
  });
  const entries = (map: Map<string, number>, skip: (name: string) => boolean) =>
    [...map.entries()]
      .map(([k, ms]) => {
        const [name, at] = k.split('\u0000');
        return {
          name: name!,
          where: at!,
          ms: Math.round(ms),
          percent: Math.round((ms / sampled) * 1000) / 10,
        };
      })
      .filter((entry) => !skip(entry.name))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  const origins = new Map<string, number>();
  for (const [k, ms] of self) {
    const o = k.split('\u0000')[2]!;
    origins.set(o, (origins.get(o) ?? 0) + ms);
  }
  return {
    sampledMs: Math.round(sampled),
    self: entries(self, () => false),
    inclusive: entries(inclusive, (name) => ['(root)', '(program)', '(idle)'].includes(name)),
    byOrigin: [...origins.entries()]
      .map(([o, ms]) => ({ origin: o, ms: Math.round(ms), percent: Math.round((ms / sampled) * 1000) / 10 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, Math.max(20, top)),
  };
}
