import type Redis from 'ioredis';
import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { rateLimitOptions, RedisThrottlerStorage } from './rate-limit';

/** A Redis whose pipeline answers only when the test says so: hits caught on their way. */
function slowRedis() {
  let answer: (replies: [Error | null, unknown][]) => void = () => undefined;
  let total = 0;
  const redis = {
    pipeline: () => {
      const batch: number[] = [];
      return {
        eval: (_script: string, _keys: number, _id: string, _ttl: number, hits: number) => batch.push(hits),
        exec: () =>
          new Promise<[Error | null, unknown][]>((resolve) => {
            answer = (replies) => resolve(replies);
            total += batch.reduce((a, b) => a + b, 0);
          }),
      };
    },
  };
  return { redis: redis as unknown as Redis, reply: () => answer([[null, [total, 60_000]]]) };
}

describe('the rate limit storage', () => {
  it('counts the hits on their way to Redis: a client cannot slip through while a sync is answered', async () => {
    const { redis, reply } = slowRedis();
    const storage = new RedisThrottlerStorage(redis, 'test');
    const hit = () => storage.increment('client', 60_000, 5, 0, 'default');
    for (let i = 0; i < 5; i++) expect((await hit()).isBlocked).toBe(false);
    const syncing = storage.sync();
    // Redis has not answered yet: the five hits are neither pending nor in `shared`.
    expect((await hit()).isBlocked).toBe(true);
    reply();
    await syncing;
    expect(await hit()).toEqual(expect.objectContaining({ totalHits: 7, isBlocked: true }));
  });
});

describe('whose budget a request spends', () => {
  const options = rateLimitOptions({
    redis: {} as Redis,
    prefix: 'test',
    perAddressPerMinute: 100,
    writesPerTokenPerMinute: 7,
    liveTokenIdOf: async (req) => (req.header('authorization') === 'Bearer good' ? 'token-1' : null),
  });
  const [throttler] = options.throttlers;
  const budget = async (method: string, authorization?: string) => {
    const req = { method, ip: '203.0.113.9', header: (name: string) => (name === 'authorization' ? authorization : undefined) } as unknown as Request;
    const context = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
    const limit = typeof throttler.limit === 'function' ? await throttler.limit(context) : throttler.limit;
    return [await options.getTracker!(req, context), limit];
  };

  it('counts a write with a live token against the token, everything else against the address', async () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(await budget(method, 'Bearer good')).toEqual(['token:token-1', 7]);
    expect(await budget('GET', 'Bearer good')).toEqual(['ip:203.0.113.9', 100]);
    expect(await budget('GET')).toEqual(['ip:203.0.113.9', 100]);
    expect(await budget('POST')).toEqual(['ip:203.0.113.9', 100]);
    expect(await budget('POST', 'Bearer guessed')).toEqual(['ip:203.0.113.9', 100]);
  });
});
