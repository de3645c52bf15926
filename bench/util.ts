/** Small helpers shared by the benchmark's parts: timing, percentiles, a seeded PRNG, formatting. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const nowMs = () => performance.now();

/** Deterministic PRNG (mulberry32), so two runs ask the same questions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` in a random order (Fisher–Yates with the given PRNG). */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    min: round(n ? Math.min(...values) : NaN),
    max: round(n ? Math.max(...values) : NaN),
    mean: round(n ? values.reduce((a, b) => a + b, 0) / n : NaN),
  };
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b to two decimals; NaN when there is no b to compare with. */
export const ratio = (a: number, b: number | null | undefined) => (b ? round(a / b, 2) : NaN);

/** An instant as Asia/Tokyo local time with its offset: 2026-11-25T14:37:00+09:00. */
export function tokyoIso(ms: number): string {
  return new Date(ms + 9 * 3600_000).toISOString().slice(0, 19) + '+09:00';
}

export function log(message: string): void {
  const stamp = new Date().toISOString().slice(11, 19);
  process.stdout.write(`[bench ${stamp}] ${message}\n`);
}

/** Runs `work` and returns its result with the wall time it took, in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = nowMs();
  const result = await work();
  return { result, ms: nowMs() - started };
}
