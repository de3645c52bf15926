import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { jobIds, QueueName } from '../src/jobs/jobs';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { saveEnv, sleep } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { OwnRedis } from './support/redis-server';
import { startWorker, TestWorker, waitFor } from './support/worker';

// Every time here is taken from the clock: boundaries a few seconds ahead (the worker must
// act on them while the test waits) or hours ahead (still ahead while the suite runs).

/** How late after a channel's boundary its service's findings may change: "within a second", loosely. */
const WITHIN_MS = 1500;
const SECOND = 1000;
const HOUR = 3_600_000;

interface FindingRow {
  id: string;
  kind: string;
  severity: string;
  details: Record<string, unknown>;
  opened_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

/** What the tests of both set-ups do through the API and read back from the database. */
function helpers(get: () => { t: TestApp; token: string }) {
  const findings = async (serviceId: string): Promise<FindingRow[]> =>
    get().t.db.query(`SELECT id::text, kind, severity, details, opened_at, resolved_at, resolution FROM findings WHERE service_id = $1 ORDER BY opened_at, id`, [serviceId]);
  const open = (serviceId: string, kind: string) => async () => (await findings(serviceId)).find((f) => f.kind === kind && !f.resolved_at);
  /** The latest resolved finding of the kind. */
  const resolved = (serviceId: string, kind: string) => async () => (await findings(serviceId)).findLast((f) => f.kind === kind && f.resolved_at);
  const service = async (overrides: Record<string, unknown> = {}) => createService(get().t, get().token, '271004', { category: 'consultation', audiences: ['children'], ...overrides });
  const addChannel = async (serviceId: string, validity: { validFrom?: Date; validUntil?: Date }) =>
    (
      await request(get().t.http)
        .post(`/v1/services/${serviceId}/fallback-channels`)
        .set(bearer(get().token))
        .send({ kind: 'phone', label: '24時間電話相談', contact: '0120-000-000', hours: { type: 'always' }, validFrom: validity.validFrom?.toISOString(), validUntil: validity.validUntil?.toISOString() })
        .expect(201)
    ).body;
  const changeStatus = async (serviceId: string, status: string, effectiveAt?: Date) =>
    (await request(get().t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(get().token)).send({ status, effectiveAt: effectiveAt?.toISOString() }).expect(201)).body;
  /** Every evaluation the API asked for has been done (the outbox of the service is empty). */
  const settled = (serviceId: string) =>
    waitFor(async () => {
      const [{ n }] = await get().t.db.query(`SELECT count(*)::int AS n FROM evaluation_requests WHERE service_id = $1 AND processed_at IS NULL`, [serviceId]);
      return n === 0 ? true : undefined;
    }, 5000);
  return { findings, open, resolved, service, addChannel, changeStatus, settled };
}

describe('channel validity boundaries: the gap opens and closes at the instant, with no sweep', () => {
  let t: TestApp;
  let worker: TestWorker;
  let token: string;
  let evaluations: Queue;
  const services: string[] = [];
  const h = helpers(() => ({ t, token }));
  const service = async (overrides: Record<string, unknown> = {}) => {
    const created = await h.service(overrides);
    services.push(created.id);
    return created;
  };

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
    token = await tokenFor(t, 'prefecture', '27');
    evaluations = t.app.get<Queue>(getQueueToken(QueueName.Evaluation));
  });
  afterAll(async () => {
    // The boundaries hours ahead (and those a PATCH moved) would otherwise wait in Redis after the run.
    const channels: { id: string }[] = await t.db.query(`SELECT id::text FROM fallback_channels WHERE service_id = ANY ($1::uuid[])`, [services]);
    const ours = (jobId = '') => channels.some((c) => jobId.startsWith(`boundary-${c.id}-`));
    await Promise.all((await evaluations.getDelayed()).filter((job) => ours(job.id)).map((job) => job.remove().catch(() => 0)));
    await worker.close();
    await t.close();
  });

  /** The job of a boundary, once it has run: by whom the finding changed, and when. */
  const ranJob = (channelId: string, edge: 'from' | 'until', at: Date) =>
    waitFor(async () => {
      const job = await evaluations.getJob(jobIds.boundary(channelId, edge, at));
      return job?.finishedOn ? job : undefined;
    }, 3000);

  it('warns while a suspended service\'s only channel is about to expire, then opens the gap within a second of the expiry', async () => {
    const s = await service();
    // Six seconds: the warning has to come first, and in a full run the worker and PostgreSQL share two cores with every other suite.
    const validUntil = new Date(Date.now() + 6 * SECOND);
    const channel = await h.addChannel(s.id, { validUntil });
    await h.changeStatus(s.id, 'suspended');

    const warning = await waitFor(h.open(s.id, 'impending_no_alternative'), 4500, 20);
    expect(Date.now()).toBeLessThan(validUntil.getTime());
    expect(warning).toEqual(expect.objectContaining({ severity: 'critical', details: { reason: 'channels_expire', at: validUntil.toISOString() } }));
    expect(await h.open(s.id, 'no_alternative')()).toBeUndefined();
    // The delayed evaluation the API enqueued, named by channel, edge and instant.
    expect(await evaluations.getJob(jobIds.boundary(channel.id, 'until', validUntil))).toBeTruthy();

    const gap = await waitFor(h.open(s.id, 'no_alternative'), validUntil.getTime() - Date.now() + 3000, 20);
    const delay = gap.opened_at.getTime() - validUntil.getTime();
    expect({ delay, inTime: delay >= 0 && delay < WITHIN_MS }).toEqual({ delay, inTime: true });
    expect(gap.severity).toBe('critical');
    const job = await ranJob(channel.id, 'until', validUntil);
    expect(job.processedOn! - validUntil.getTime()).toBeGreaterThanOrEqual(0);
    expect(await h.resolved(s.id, 'impending_no_alternative')()).toEqual(expect.objectContaining({ resolution: 'change_took_effect' }));
    expect((await h.findings(s.id)).filter((f) => !f.resolved_at).map((f) => f.kind)).toEqual(['no_alternative']);
  });

  it('closes the gap within a second of a channel\'s start (validFrom ahead)', async () => {
    const s = await service({ audiences: ['youth'] });
    await h.changeStatus(s.id, 'suspended');
    const gap = await waitFor(h.open(s.id, 'no_alternative'), 10_000);
    const validFrom = new Date(Date.now() + 2 * SECOND);
    const channel = await h.addChannel(s.id, { validFrom });
    await h.settled(s.id);
    // Recorded, but not valid yet: the gap stays open until it starts.
    expect(Date.now()).toBeLessThan(validFrom.getTime());
    expect(await h.open(s.id, 'no_alternative')()).toEqual(expect.objectContaining({ id: gap.id }));

    const closed = await waitFor(h.resolved(s.id, 'no_alternative'), validFrom.getTime() - Date.now() + 3000, 20);
    const delay = closed.resolved_at!.getTime() - validFrom.getTime();
    expect({ delay, inTime: delay >= 0 && delay < WITHIN_MS }).toEqual({ delay, inTime: true });
    expect(closed.resolution).toBe('fallback_added');
    await ranJob(channel.id, 'from', validFrom);
    expect((await h.findings(s.id)).filter((f) => !f.resolved_at)).toEqual([]);
  });

  it('follows an expiry moved by a PATCH', async () => {
    const s = await service();
    const channel = await h.addChannel(s.id, { validUntil: new Date(Date.now() + HOUR) });
    await h.changeStatus(s.id, 'suspended');
    await waitFor(h.open(s.id, 'impending_no_alternative'), 10_000);

    const validUntil = new Date(Date.now() + 2500);
    await request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(token)).send({ validUntil: validUntil.toISOString() }).expect(200);
    await waitFor(async () => ((await h.open(s.id, 'impending_no_alternative')())?.details.at === validUntil.toISOString() ? true : undefined), 10_000);
    const gap = await waitFor(h.open(s.id, 'no_alternative'), validUntil.getTime() - Date.now() + 3000, 20);
    const delay = gap.opened_at.getTime() - validUntil.getTime();
    expect({ delay, inTime: delay >= 0 && delay < WITHIN_MS }).toEqual({ delay, inTime: true });
  });

  it('schedules the boundaries of imported channels', async () => {
    const s = await service();
    await h.changeStatus(s.id, 'suspended');
    await waitFor(h.open(s.id, 'no_alternative'), 10_000);
    const validUntil = new Date(Date.now() + 3 * SECOND);
    const header = 'record_type,service_id,kind,label,contact,hours,valid_until';
    const csv = `${header}\r\nfallback_channel,${s.id},phone,電話相談,06-1234-5678,always,${validUntil.toISOString()}\r\n`;
    await request(t.http).post('/v1/imports').set(bearer(token)).set('Content-Type', 'text/csv').send(Buffer.from(csv, 'utf8')).expect(201);
    const first = await waitFor(h.resolved(s.id, 'no_alternative'), 10_000);
    expect(first.resolution).toBe('fallback_added');
    expect(await waitFor(h.open(s.id, 'impending_no_alternative'), 10_000)).toEqual(expect.objectContaining({ details: { reason: 'channels_expire', at: validUntil.toISOString() } }));

    const again = await waitFor(async () => (await h.findings(s.id)).find((f) => f.kind === 'no_alternative' && !f.resolved_at && f.id !== first.id), validUntil.getTime() - Date.now() + 3000, 20);
    const delay = again.opened_at.getTime() - validUntil.getTime();
    expect({ delay, inTime: delay >= 0 && delay < WITHIN_MS }).toEqual({ delay, inTime: true });
  });

  it('opens the gap at once when the last channel is retired (DELETE), superseding the warning', async () => {
    const s = await service();
    const channel = await h.addChannel(s.id, { validUntil: new Date(Date.now() + HOUR) });
    await h.changeStatus(s.id, 'suspended');
    await waitFor(h.open(s.id, 'impending_no_alternative'), 10_000);
    await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(token)).expect(200);
    // At once, as the test sees it (the latency itself is the benchmark's, as in gaps.e2e-spec.ts).
    const retired = Date.now();
    await waitFor(h.open(s.id, 'no_alternative'), 10_000, 20);
    const latency = Date.now() - retired;
    expect({ latency, prompt: latency < 5000 }).toEqual({ latency, prompt: true });
    expect(await h.resolved(s.id, 'impending_no_alternative')()).toEqual(expect.objectContaining({ resolution: 'superseded_by_no_alternative' }));
  });

  describe('the warning from expiring channels', () => {
    const evaluated = async (serviceId: string) => {
      await h.settled(serviceId);
      await worker.engine.evaluate(serviceId);
      return (await h.findings(serviceId)).filter((f) => !f.resolved_at);
    };
    const iso = (ms: number) => new Date(ms).toISOString();

    it('is due at the end of the unbroken validity: channels that meet or overlap carry on, a gap between them does not', async () => {
      const now = Date.now();
      const s = await service({ category: 'information', audiences: ['general'], handlesPersonalData: false });
      await h.addChannel(s.id, { validFrom: new Date(now - HOUR), validUntil: new Date(now + HOUR) });
      await h.addChannel(s.id, { validFrom: new Date(now + HOUR), validUntil: new Date(now + 2 * HOUR) }); // meets the first
      await h.addChannel(s.id, { validFrom: new Date(now + 90 * 60_000), validUntil: new Date(now + 150 * 60_000) }); // overlaps the second
      await h.addChannel(s.id, { validFrom: new Date(now + 3 * HOUR) }); // after a gap: too late
      await h.changeStatus(s.id, 'suspended');
      expect(await evaluated(s.id)).toEqual([
        expect.objectContaining({ kind: 'impending_no_alternative', severity: 'medium', details: { reason: 'channels_expire', at: iso(now + 150 * 60_000) } }),
      ]);

      // A channel that bridges the gap: nothing ends any more.
      await h.addChannel(s.id, { validFrom: new Date(now + 2 * HOUR), validUntil: new Date(now + 4 * HOUR) });
      expect(await evaluated(s.id)).toEqual([]);
      expect(await h.resolved(s.id, 'impending_no_alternative')()).toEqual(expect.objectContaining({ resolution: 'fallback_added' }));
    });

    it('is not given when the service resumes before its channels expire, and is when that resumption is withdrawn', async () => {
      const now = Date.now();
      const s = await service();
      await h.addChannel(s.id, { validUntil: new Date(now + 2 * HOUR) });
      await h.changeStatus(s.id, 'suspended');
      const resume = await h.changeStatus(s.id, 'active', new Date(now + HOUR));
      expect(await evaluated(s.id)).toEqual([]);

      await request(t.http).post(`/v1/services/${s.id}/status-changes/${resume.id}/withdraw`).set(bearer(token)).expect(200);
      expect(await evaluated(s.id)).toEqual([expect.objectContaining({ kind: 'impending_no_alternative', details: { reason: 'channels_expire', at: iso(now + 2 * HOUR) } })]);

      // Discontinued before the expiry after having been active: still stopped then, still warned.
      await h.changeStatus(s.id, 'discontinued', new Date(now + HOUR));
      expect(await evaluated(s.id)).toEqual([expect.objectContaining({ kind: 'impending_no_alternative', details: { reason: 'channels_expire', at: iso(now + 2 * HOUR) } })]);
      // Resumed now: nothing is coming.
      await h.changeStatus(s.id, 'active');
      expect(await evaluated(s.id)).toEqual([]);
      expect(await h.resolved(s.id, 'impending_no_alternative')()).toEqual(expect.objectContaining({ resolution: 'service_resumed' }));
    });

    it('leaves the warning of a scheduled suspension as it was', async () => {
      const s = await service();
      const effectiveAt = new Date(Date.now() + HOUR);
      const change = await h.changeStatus(s.id, 'suspended', effectiveAt);
      const [warning] = await evaluated(s.id);
      expect(warning.details).toEqual({ statusChangeId: change.id, status: 'suspended', effectiveAt: expect.any(String) });
      expect(new Date(warning.details.effectiveAt as string).getTime()).toBe(effectiveAt.getTime());
    });
  });
});

/**
 * On a redis-server and a database of the suite's own: Redis is stopped and started again
 * (it keeps nothing on disk, like the machine's), and only this suite's worker relays this
 * suite's boundaries.
 */
describe('channel validity boundaries across a Redis restart', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX']);
  let database: OwnDatabase;
  let redis: OwnRedis;
  let t: TestApp;
  let worker: TestWorker;
  let token: string;
  let evaluations: Queue;
  const h = helpers(() => ({ t, token }));

  beforeAll(async () => {
    database = await createOwnDatabase('validity');
    redis = await OwnRedis.start();
    process.env.DATABASE_URL = database.url;
    process.env.REDIS_URL = redis.url;
    process.env.QUEUE_PREFIX = `line-tracker-test-validity-${process.pid}`;
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
    token = await tokenFor(t, 'prefecture', '27');
    // The worker's queue: its connection waits for Redis and reconnects.
    evaluations = worker.context.get<Queue>(getQueueToken(QueueName.Evaluation));
  }, 60_000);
  afterAll(async () => {
    try {
      if (redis && !redis.running) await redis.start();
      await worker?.close();
      await t?.close();
      await redis?.stop();
    } finally {
      await database?.drop();
      restoreEnv();
      resetAppConfig();
    }
  }, 30_000);

  const restart = async () => {
    await redis.stop();
    await redis.start();
  };
  /** The state of a job, or undefined while there is none (or Redis does not answer yet). */
  const stateOf = async (jobId: string) => {
    try {
      const job = await evaluations.getJob(jobId);
      return job ? await job.getState() : undefined;
    } catch {
      return undefined;
    }
  };

  it('re-creates the delayed evaluation of an expiry when Redis comes back empty, and opens the gap within a second of it', async () => {
    const s = await h.service();
    const validUntil = new Date(Date.now() + 10 * SECOND);
    const channel = await h.addChannel(s.id, { validUntil });
    await h.changeStatus(s.id, 'suspended');
    await waitFor(h.open(s.id, 'impending_no_alternative'), 10_000);
    const jobId = jobIds.boundary(channel.id, 'until', validUntil);
    expect(await waitFor(async () => ((await stateOf(jobId)) === 'delayed' ? true : undefined), 10_000)).toBe(true);

    await restart();
    // Nothing survived the restart; the worker sees Redis came back empty and adds the job again.
    const recreated = await waitFor(async () => ((await stateOf(jobId)) === 'delayed' ? Date.now() : undefined), 8000, 50);
    expect(recreated).toBeLessThan(validUntil.getTime());

    const gap = await waitFor(h.open(s.id, 'no_alternative'), validUntil.getTime() - Date.now() + 3000, 20);
    const delay = gap.opened_at.getTime() - validUntil.getTime();
    expect({ delay, inTime: delay >= 0 && delay < WITHIN_MS }).toEqual({ delay, inTime: true });
    // The job commits its evaluation before BullMQ marks it completed: the gap can be seen first.
    expect(await waitFor(async () => ((await stateOf(jobId)) === 'completed' ? true : undefined), 10_000)).toBe(true);
  }, 30_000);

  it('catches up on an expiry that passed while Redis was down, once it is back', async () => {
    const s = await h.service();
    const validUntil = new Date(Date.now() + 3 * SECOND);
    const channel = await h.addChannel(s.id, { validUntil });
    await h.changeStatus(s.id, 'suspended');
    await waitFor(h.open(s.id, 'impending_no_alternative'), 10_000);

    await redis.stop();
    await sleep(validUntil.getTime() + 1000 - Date.now());
    // Nothing could evaluate the service: the warning is still what it has.
    expect(await h.open(s.id, 'no_alternative')()).toBeUndefined();
    await redis.start();
    const back = Date.now();

    const gap = await waitFor(h.open(s.id, 'no_alternative'), 10_000, 50);
    expect(gap.opened_at.getTime() - back).toBeLessThan(5000);
    // The relay re-added the boundary's job (the sweep, whose scheduler the worker puts back
    // at once and which then runs, would find the gap too: either may have opened it).
    expect(await waitFor(async () => ((await stateOf(jobIds.boundary(channel.id, 'until', validUntil))) === 'completed' ? true : undefined), 10_000)).toBe(true);
    expect(await h.resolved(s.id, 'impending_no_alternative')()).toEqual(expect.objectContaining({ resolution: 'change_took_effect' }));
  }, 30_000);
});
