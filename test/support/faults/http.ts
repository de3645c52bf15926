import type { Response } from 'supertest';

/** Why a response is not an error answer with the standard body, or null when it is one. */
export function standardErrorProblem(res: Pick<Response, 'status' | 'body' | 'headers'>): string | null {
  const body = res.body as Record<string, unknown> | undefined;
  if (!/application\/json/.test(String(res.headers['content-type'] ?? ''))) return `content-type is ${res.headers['content-type']}`;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body is not an object';
  if (body.statusCode !== res.status) return `statusCode ${String(body.statusCode)} differs from the HTTP status ${res.status}`;
  if (typeof body.error !== 'string' || body.error.length === 0) return 'error is not a non-empty string';
  if (typeof body.message !== 'string') return 'message is not a string';
  if (typeof body.requestId !== 'string' || body.requestId.length === 0) return 'requestId is not a non-empty string';
  if (res.headers['x-request-id'] !== undefined && res.headers['x-request-id'] !== body.requestId) return 'requestId differs from X-Request-Id';
  if (body.details !== undefined) {
    if (!Array.isArray(body.details)) return 'details is not an array';
    for (const d of body.details as unknown[]) {
      const detail = d as { field?: unknown; message?: unknown };
      if (typeof detail?.field !== 'string' || typeof detail?.message !== 'string') return `a detail is not { field, message }: ${JSON.stringify(d)}`;
    }
  }
  return null;
}

/** The response is an error with the standard body and the given status (or any 4xx). */
export function expectStandardError(res: Pick<Response, 'status' | 'body' | 'headers'>, status?: number): void {
  const summary = { status: res.status, body: res.body };
  if (status !== undefined) expect(summary).toEqual(expect.objectContaining({ status }));
  else expect(summary.status >= 400 && summary.status < 500 ? 'a 4xx' : summary).toBe('a 4xx');
  expect({ ...summary, problem: standardErrorProblem(res) }).toEqual({ ...summary, problem: null });
}

/** A small seeded PRNG, so that a failing run can be replayed with the seed it prints. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Restores the environment variables a suite overrode (and the config cache is reset by the caller). */
export function saveEnv(keys: string[]): () => void {
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
