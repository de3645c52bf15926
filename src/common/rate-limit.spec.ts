import type Redis from 'ioredis';
import { RedisThrottlerStorage } from './rate-limit';

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
