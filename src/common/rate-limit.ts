import { Logger } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import type Redis from 'ioredis';

// Fixed window: the first hit sets the window's expiry. Atomic, so several API instances
// sharing one Redis count together.
const HIT_BY = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[2])
if hits == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

/** How often the hits counted here are added to Redis and the other instances' learnt. */
export const RATE_SYNC_MS = 100;

/** One client's window as this instance sees it. */
interface Window {
  endsAt: number;
  ttl: number;
  /** Every instance's hits in the window, as Redis last said (this one's included). */
  shared: number;
  /** This instance's hits not yet added to Redis. */
  pending: number;
  /** This instance's hits on their way to Redis: counted until its answer includes them in `shared`. */
  sending: number;
}

/**
 * @nestjs/throttler's storage: counted in this process, so a request costs no round trip
 * to Redis, and added to Redis every RATE_SYNC_MS (one pipeline for every client), which
 * answers with every instance's hits: instances sharing a Redis limit together, give or
 * take what arrives between two syncs. When Redis is unreachable each instance goes on
 * limiting on its own counts.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string) {
    const id = `${this.prefix}:rate:${throttlerName}:${key}`;
    const now = Date.now();
    let window = this.windows.get(id);
    if (!window || now >= window.endsAt) this.windows.set(id, (window = { endsAt: now + ttl, ttl, shared: 0, pending: 0, sending: 0 }));
    window.pending++;
    this.scheduleSync();
    const hits = window.shared + window.sending + window.pending;
    const seconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }

  private scheduleSync(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.sync(), RATE_SYNC_MS);
    this.timer.unref();
  }

  /** Adds the pending hits to Redis and learns every instance's. */
  async sync(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const sending: [string, Window, number][] = [];
    for (const [id, window] of this.windows) {
      if (now >= window.endsAt) this.windows.delete(id);
      else if (window.pending > 0) {
        sending.push([id, window, window.pending]);
        window.sending += window.pending;
        window.pending = 0;
      }
    }
    if (sending.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [id, window, hits] of sending) pipeline.eval(HIT_BY, 1, id, window.ttl, hits);
    let replies: [Error | null, unknown][] = [];
    try {
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      this.logger.debug(`rate limit not shared: ${(error as Error).message}`);
    }
    sending.forEach(([, window, hits], i) => {
      const [error, reply] = replies[i] ?? [new Error('no reply')];
      window.sending -= hits;
      if (error) {
        // Counted here still: the hits stay with this instance's own count.
        window.shared += hits;
        return;
      }
      const [shared, pttl] = reply as [number, number];
      window.shared = shared;
      if (pttl > 0) window.endsAt = Date.now() + pttl;
    });
  }
}

/** Methods that change something: limited per token when they carry a valid one. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RateLimitSettings {
  redis: Redis;
  prefix: string;
  /** Per client address: every request but a write with a valid token. */
  perAddressPerMinute: number;
  /** Per token: writes with a valid token, from whatever addresses. */
  writesPerTokenPerMinute: number;
  /** The id of the request's live bearer token, or null (none, unknown, revoked, expired). */
  liveTokenIdOf: (req: Request) => Promise<string | null>;
}

/** Whose budget a request spends, and its size. */
interface RateClient {
  tracker: string;
  limit: number;
}

/**
 * @nestjs/throttler's options: one window of a minute, counted in Redis (RedisThrottlerStorage),
 * whose owner depends on the request. A write with a valid token is counted against the
 * token, wherever it comes from, so the offices behind one address do not share a budget;
 * everything else (public reads, sign-in, writes with a bad token) against the client
 * address, which behind a proxy is only the real one when TRUST_PROXY says how to find it.
 * One throttler rather than two, so a 429 always carries a plain Retry-After.
 */
export function rateLimitOptions(settings: RateLimitSettings): Exclude<ThrottlerModuleOptions, unknown[]> {
  const clients = new WeakMap<object, Promise<RateClient>>();
  const clientOf = (req: Request): Promise<RateClient> => {
    let client = clients.get(req);
    if (!client) clients.set(req, (client = findClient(req, settings)));
    return client;
  };
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: async (context) => (await clientOf(context.switchToHttp().getRequest<Request>())).limit }],
    storage: new RedisThrottlerStorage(settings.redis, settings.prefix),
    getTracker: async (req) => (await clientOf(req as Request)).tracker,
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}

async function findClient(req: Request, settings: RateLimitSettings): Promise<RateClient> {
  if (WRITE_METHODS.has(req.method) && req.header('authorization')) {
    const tokenId = await settings.liveTokenIdOf(req);
    if (tokenId) return { tracker: `token:${tokenId}`, limit: settings.writesPerTokenPerMinute };
  }
  return { tracker: `ip:${req.ip}`, limit: settings.perAddressPerMinute };
}
