import request from 'supertest';
import { AvailabilityRepository } from '../src/availability/availability.repository';
import { resetAppConfig } from '../src/config/app-config';
import { API_SCRIPT, ChildWorker } from './support/faults/child-worker';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { TEST_DATABASE_URL } from './support/env';
import { freePort } from './support/redis-server';
import { bearer, createService, serviceBody, startApp, TestApp, tokenFor, unique } from './support/app';
import { addDays, holidayOn, nextDate, nextHoliday, nextOrdinaryMonday, nextWorkingDay, today, tokyoIso, weekdayOf } from './support/calendar';

interface Channel {
  id: string;
  label: string;
  openNow: boolean | null;
  nextOpenAt: string | null;
  closesAt: string | null;
}
interface Service {
  id: string;
  name: string;
  level: string;
  status: string;
  lifeCritical: boolean;
  somethingOpen: boolean;
  line: { usable: boolean; withinHours: boolean | null; nextOpenAt: string | null };
  channels: Channel[];
}

// Past instants of the 2021 cases: the seed data holds what those services were then.
const iso = (local: string) => new Date(`${local}+09:00`).toISOString();

// Every other time is found from the clock (test/support/calendar.ts), after today, so that
// the services this suite creates now exist then: an ordinary Monday (no holiday, nor the
// Tuesday after it), and the next public holiday that falls on a Monday (成人の日, 海の日,
// 敬老の日 and スポーツの日 always do, so there is one within a year).
const MONDAY = nextOrdinaryMonday(today());
const TUESDAY = addDays(MONDAY, 1);
const MONDAY_HOLIDAY = nextHoliday(today(), (date) => weekdayOf(date) === 1);
const MONDAY_EVENING = tokyoIso(MONDAY, '19:00');

describe('availability (public, for NPOs and support workers)', () => {
  let t: TestApp;
  let sapporo: string;
  let evening: { id: string };
  let lifeLine: { id: string };
  let phoneId: string;

  beforeAll(async () => {
    t = await startApp();
    sapporo = await tokenFor(t, 'municipality', '011002');
    // LINE on Monday evenings; a weekday-morning phone line; an e-mail address answered around the clock.
    evening = await createService(t, sapporo, '011002', {
      category: 'consultation',
      audiences: ['youth'],
      lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '17:00', end: '21:00' }] },
    });
    const phone = await request(t.http)
      .post(`/v1/services/${evening.id}/fallback-channels`)
      .set(bearer(sapporo))
      .send({ kind: 'phone', label: '平日午前の電話相談', contact: '011-211-2111', hours: { type: 'weekly', publicHolidays: 'closed', ranges: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '12:00' })) } })
      .expect(201);
    phoneId = phone.body.id;
    await request(t.http).post(`/v1/services/${evening.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'email', label: 'メール相談', contact: 'soudan@example.jp', hours: { type: 'always' } }).expect(201);
    // A life-critical line open every night across midnight.
    lifeLine = await createService(t, sapporo, '011002', {
      category: 'consultation',
      audiences: ['general'],
      lifeCritical: true,
      lineHours: { type: 'weekly', publicHolidays: 'as_usual', ranges: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '20:00', end: '06:00' })) },
    });
  });
  afterAll(() => t.close());

  // The full view: every field, hours repeated (the compact default is tested below).
  const ask = async (at: string, extra: Record<string, string> = {}) => (await request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, limit: '1000', view: 'full', ...extra }).expect(200)).body;
  const askCompact = async (at: string, extra: Record<string, string> = {}) => request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, limit: '1000', ...extra }).expect(200);
  const find = (body: { services: Service[] }, id: string) => body.services.find((s) => s.id === id)!;

  it('resolves a 札幌市 ward to its city, its prefecture, the national bodies and the organisations covering the whole country', async () => {
    const body = await ask(MONDAY_EVENING);
    expect(body.place).toEqual(expect.objectContaining({ code: '011011', name: '札幌市中央区', operators: ['011011', '011002', '010006'] }));
    const levels = new Set(body.services.map((s: Service) => s.level));
    expect(levels).toEqual(new Set(['municipality', 'prefecture', 'national', 'organization']));
    // D×P's 「ユキサキチャット」 (seeded, nationwide) reaches 札幌 too.
    expect(body.services.map((s: Service) => s.name)).toEqual(expect.arrayContaining(['子どもの悩み相談', '入国者の健康状態の確認', 'ユキサキチャット']));
    // Services of another prefecture do not reach 札幌.
    expect(body.services.some((s: Service & { operatorCode: string }) => s.operatorCode === '270008')).toBe(false);
  });

  it('on a Monday evening: LINE is open, the morning phone line is closed until Tuesday 09:00, e-mail is open', async () => {
    const body = await ask(MONDAY_EVENING);
    const service = find(body, evening.id);
    expect(service.line).toEqual(expect.objectContaining({ usable: true, withinHours: true }));
    const phone = service.channels.find((c) => c.id === phoneId)!;
    expect(phone).toEqual(expect.objectContaining({ openNow: false, nextOpenAt: tokyoIso(TUESDAY, '09:00') }));
    expect(service.channels.find((c) => c.label === 'メール相談')).toEqual(expect.objectContaining({ openNow: true, nextOpenAt: null }));
    expect(body.publicHoliday).toBeNull();
  });

  it(`on a public holiday that falls on a Monday (next: ${MONDAY_HOLIDAY.date} ${MONDAY_HOLIDAY.name}): LINE and phone are closed, with their next openings`, async () => {
    const body = await ask(tokyoIso(MONDAY_HOLIDAY.date, '18:00'));
    expect(body.publicHoliday).toBe(MONDAY_HOLIDAY.name);
    const service = find(body, evening.id);
    // LINE next opens on the next Monday that is no holiday; the phone on the next working day.
    const nextMonday = nextDate(MONDAY_HOLIDAY.date, (date) => weekdayOf(date) === 1 && !holidayOn(date));
    expect(service.line).toEqual(expect.objectContaining({ usable: false, withinHours: false, nextOpenAt: tokyoIso(nextMonday, '17:00') }));
    expect(service.channels.find((c) => c.id === phoneId)).toEqual(expect.objectContaining({ openNow: false, nextOpenAt: tokyoIso(nextWorkingDay(MONDAY_HOLIDAY.date), '09:00') }));
    expect(service.somethingOpen).toBe(true); // the 24-hour e-mail
  });

  it('at 3 a.m.: the night line crossing midnight is open and comes first; the phone opens at 09:00', async () => {
    const body = await ask(tokyoIso(TUESDAY, '03:00'));
    const night = find(body, lifeLine.id);
    expect(night.line).toEqual(expect.objectContaining({ usable: true, withinHours: true }));
    // Life-critical consultation with something open comes first (earlier runs may have left similar lines).
    const leading = body.services.filter((s: Service) => s.somethingOpen && s.lifeCritical);
    expect(body.services.slice(0, leading.length)).toEqual(leading);
    expect(leading.map((s: Service) => s.id)).toContain(lifeLine.id);
    const service = find(body, evening.id);
    expect(service.line.usable).toBe(false);
    expect(service.channels.find((c) => c.id === phoneId)).toEqual(expect.objectContaining({ openNow: false, nextOpenAt: tokyoIso(TUESDAY, '09:00') }));
    // Services with nothing open come after every service with something open.
    const firstClosed = body.services.findIndex((s: Service) => !s.somethingOpen);
    if (firstClosed >= 0) expect(body.services.slice(firstClosed).every((s: Service) => !s.somethingOpen)).toBe(true);
  });

  it('shows the suspended 2021 services with their channels, hours unknown', async () => {
    const body = await ask(iso('2021-03-31T12:00:00'));
    const children = body.services.find((s: Service) => s.name === '子どもの悩み相談');
    expect(children.status).toBe('suspended');
    expect(children.line.usable).toBe(false);
    expect(children.channels.map((c: Channel) => c.openNow)).toEqual([null, null, null]);
    // As of early March 2021 it was still active on LINE.
    const before = await ask(iso('2021-03-01T12:00:00'));
    expect(before.services.find((s: Service) => s.name === '子どもの悩み相談').status).toBe('active');
  });

  it('is never stale after a write: a new channel and a suspension show in the very next request', async () => {
    const at = MONDAY_EVENING;
    await ask(at); // warm the cache
    const added = await request(t.http).post(`/v1/services/${lifeLine.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'phone', label: '夜間電話', contact: '0120-111-222', hours: { type: 'always' } }).expect(201);
    expect(find(await ask(at), lifeLine.id).channels.map((c) => c.id)).toContain(added.body.id);
    await request(t.http).post(`/v1/services/${evening.id}/status-changes`).set(bearer(sapporo)).send({ status: 'suspended', effectiveAt: tokyoIso(MONDAY, '18:00') }).expect(201);
    expect(find(await ask(at), evening.id)).toEqual(expect.objectContaining({ status: 'suspended', line: expect.objectContaining({ usable: false }) }));
  });

  it('filters by category and audience', async () => {
    const body = await ask(MONDAY_EVENING, { category: 'payment' });
    expect(body.services.length).toBeGreaterThan(0);
    expect(body.services.every((s: { category: string }) => s.category === 'payment')).toBe(true);
  });

  it('lists the same services without the time evaluation', async () => {
    const res = await request(t.http).get('/v1/local-governments/011011/services').expect(200);
    const ids = res.body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([evening.id, lifeLine.id]));
    expect(res.body.items[0].level).toBe('municipality');
  });

  it('pages through the services, best first, without gaps or repeats', async () => {
    const at = MONDAY_EVENING;
    const ids = (body: { services: Service[] }) => body.services.map((s) => s.id);
    // The place includes the national bodies' services, which other suites create while this
    // one pages: a walk is compared with the whole list only when the list was the same
    // before and after it (a write in between changes both, and the walk is taken again).
    for (let attempt = 1; ; attempt++) {
      const all = await ask(at, { limit: '1000' });
      expect(all.total).toBe(all.services.length);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ask(at, { limit: '3', ...(cursor ? { cursor } : {}) });
        expect(page.services.length).toBeLessThanOrEqual(3);
        seen.push(...ids(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const after = await ask(at, { limit: '1000' });
      if (JSON.stringify(ids(after)) !== JSON.stringify(ids(all)) && attempt < 5) continue;
      expect(seen).toEqual(ids(all));
      return;
    }
  });

  it.each([
    [{}, 'localGovernment'],
    [{ localGovernment: '011012' }, 'localGovernment'],
    [{ localGovernment: '011011', at: MONDAY }, 'at'], // a date without a time
    [{ localGovernment: '011011', category: 'fun' }, 'category'],
    [{ localGovernment: '011011', limit: '0' }, 'limit'],
    [{ localGovernment: '011011', cursor: 'WyItMSJd' }, 'cursor'],
  ])('rejects %j naming %s', async (query, field) => {
    const res = await request(t.http).get('/v1/availability').query(query).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers in the compact view by default: what a person acts on, each distinct hours once, referred to by position', async () => {
    // Before the suspension an earlier test recorded for 18:00.
    const at = tokyoIso(MONDAY, '17:30');
    const ids = (body: { services: Service[] }) => JSON.stringify(body.services.map((s) => s.id));
    let [compact, full] = [await askCompact(at), await askCompact(at, { view: 'full' })];
    // Other suites add national services meanwhile: both views are asked again until they saw the same data.
    for (let attempt = 1; ids(compact.body) !== ids(full.body) && attempt < 5; attempt++) [compact, full] = [await askCompact(at), await askCompact(at, { view: 'full' })];
    const body = compact.body;
    expect(ids(body)).toEqual(ids(full.body));
    const service = body.services.find((s: Service) => s.id === evening.id);
    expect(Object.keys(service).sort()).toEqual(['category', 'channels', 'id', 'level', 'lifeCritical', 'line', 'name', 'operatorCode', 'operatorName', 'publicNotice', 'somethingOpen', 'status', 'successorServiceId', 'url'].sort());
    expect(service.line).toEqual({ usable: true, withinHours: true, acceptingNew: true, closesAt: tokyoIso(MONDAY, '21:00'), nextOpenAt: null, closedReason: null, hours: expect.any(Number) });
    expect(body.hours[service.line.hours]).toEqual({ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '17:00', end: '21:00' }] });
    const phone = service.channels.find((c: Channel) => c.id === phoneId);
    expect(phone).toEqual({
      id: phoneId,
      kind: 'phone',
      platform: null,
      label: '平日午前の電話相談',
      contact: '011-211-2111',
      notes: null,
      openNow: false,
      acceptingNew: false,
      closesAt: null,
      nextOpenAt: tokyoIso(TUESDAY, '09:00'),
      closedReason: { code: 'outside_hours', label: null },
      hours: expect.any(Number),
    });
    expect(body.hours[phone.hours].ranges).toHaveLength(5);
    // The next 7 days of each hours at the same position: LINE's Monday evening until 21:00, then next Monday's.
    expect(body.next7Days).toHaveLength(body.hours.length);
    expect(body.next7Days[service.line.hours]).toEqual([
      { from: `${MONDAY}T17:30:00+09:00`, to: `${MONDAY}T21:00:00+09:00` },
      ...(holidayOn(addDays(MONDAY, 7)) ? [] : [{ from: `${addDays(MONDAY, 7)}T17:00:00+09:00`, to: `${addDays(MONDAY, 7)}T17:30:00+09:00` }]),
    ]);
    // Every distinct hours once: the table has no repeats, and every reference is in it.
    const table = body.hours.map((h: unknown) => JSON.stringify(h));
    expect(new Set(table).size).toBe(table.length);
    const refs = body.services.flatMap((s: { line: { hours: number | null }; channels: { hours: number | null }[] }) => [s.line.hours, ...s.channels.map((c) => c.hours)]).filter((h: number | null) => h !== null);
    expect(new Set(refs)).toEqual(new Set(table.map((_: string, i: number) => i)));
    // The same services and evaluations as the full view, in fewer bytes.
    const fullService = full.body.services.find((s: Service) => s.id === evening.id);
    const evaluated = (c: Channel & Record<string, unknown>) => [c.id, c.openNow, c.acceptingNew, c.closesAt, c.nextOpenAt, c.closedReason];
    expect(service.channels.map(evaluated)).toEqual(fullService.channels.map(evaluated));
    expect(service.channels.map((c: { hours: number | null }) => (c.hours === null ? null : body.next7Days[c.hours]))).toEqual(fullService.channels.map((c: { next7Days: unknown }) => c.next7Days));
    expect(compact.text.length).toBeLessThan(full.text.length);
    expect(compact.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('rebuilds whole when the change log it needs was pruned, and is right again', async () => {
    const at = MONDAY_EVENING;
    await ask(at);
    const before = await t.db.query(`SELECT value FROM availability_counter`);
    const added = await request(t.http).post(`/v1/services/${lifeLine.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'email', label: unique('夜間メール'), contact: 'yakan@example.jp', hours: { type: 'always' } }).expect(201);
    // Another process wrote meanwhile: the counter moved, and the log of that write is
    // pruned before this instance reads it (as the sweep does after a day).
    const pruned = await t.app.get(AvailabilityRepository).pruneChanges(new Date(Date.now() + 1000));
    expect(pruned).toBeGreaterThan(0);
    const [counter] = await t.db.query(`SELECT value, pruned_through FROM availability_counter`);
    expect(Number(counter.pruned_through)).toBeGreaterThan(Number(before[0].value));
    expect(find(await ask(at), lifeLine.id).channels.map((c) => c.id)).toContain(added.body.id);
  });

  it('answers 404 for a valid code it does not hold', async () => {
    await request(t.http).get('/v1/availability').query({ localGovernment: '016951' }).expect(404);
  });
});

/**
 * Two API processes, as two instances behind a load balancer would be: each keeps its own
 * index of every service, and neither may answer from what it held before a write the
 * other committed.
 */
describe('availability across API processes', () => {
  const children: ChildWorker[] = [];
  let t: TestApp;
  let token: string;
  let a: string;
  let b: string;

  const startApi = async () => {
    const port = await freePort();
    const env = { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: process.env.QUEUE_PREFIX!, PORT: String(port), RATE_LIMIT_PER_MINUTE: '1000000' };
    children.push(await ChildWorker.start(env, 60_000, API_SCRIPT));
    return `http://127.0.0.1:${port}`;
  };

  beforeAll(async () => {
    t = await startApp();
    token = await tokenFor(t, 'municipality', '131016');
    [a, b] = await Promise.all([startApi(), startApi()]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await t?.close();
  });

  const at = tokyoIso(nextOrdinaryMonday(today()), '19:00');
  const services = async (base: string) => {
    const res = await request(base).get('/v1/availability').query({ localGovernment: '131016', at, limit: '1000', view: 'full' }).expect(200);
    return res.body.services as (Service & { channels: Channel[] })[];
  };

  it('reflects a write through one process in the very next request through the other', async () => {
    await services(a);
    await services(b);
    for (let i = 0; i < 3; i++) {
      const created = await request(a).post('/v1/services').set(bearer(token)).send(serviceBody('131016', { name: unique('千代田区 LINE 相談'), lineHours: { type: 'always' } }));
      expect(created.status).toBe(201);
      expect((await services(b)).map((s) => s.id)).toContain(created.body.id);

      const channel = await request(b).post(`/v1/services/${created.body.id}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: '電話相談', contact: '03-3264-2111', hours: { type: 'always' } }).expect(201);
      expect((await services(a)).find((s) => s.id === created.body.id)!.channels.map((c) => c.id)).toEqual([channel.body.id]);

      await request(a).post(`/v1/services/${created.body.id}/status-changes`).set(bearer(token)).send({ status: 'suspended' }).expect(201);
      expect((await services(b)).find((s) => s.id === created.body.id)!.status).toBe('suspended');
    }
  }, 60_000);

  it('answers every request while writes land through the other process: no 5xx', async () => {
    const statuses: number[] = [];
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        await request(a).post('/v1/services').set(bearer(token)).send(serviceBody('131016', { name: unique(`負荷中の相談 ${n++}`) })).expect(201);
      }
      return n;
    })();
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => request(b).get('/v1/availability').query({ localGovernment: '131016', at })));
      statuses.push(...answers.map((r) => r.status));
    }
    writing = false;
    expect(await writes).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);
});

/**
 * The ETag comes from the change counter, which every write anywhere moves: on a database of
 * its own, where no other suite writes, a tag holds until this suite writes.
 */
describe('availability ETag', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  const prefix = faultsPrefix('etag');
  let database: OwnDatabase;
  let t: TestApp;
  let token: string;
  let service: { id: string };

  beforeAll(async () => {
    database = await createOwnDatabase('etag');
    process.env.DATABASE_URL = database.url;
    // Its writes' evaluation jobs go to queues of its own, not to other suites' workers.
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    token = await tokenFor(t, 'municipality', '011002');
    service = await createService(t, token, '011002');
  }, 60_000);
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  });

  const at = tokyoIso(nextOrdinaryMonday(today()), '19:00');
  const ask = (query: Record<string, string> = {}, ifNoneMatch?: string) => {
    const req = request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, ...query });
    return ifNoneMatch ? req.set('If-None-Match', ifNoneMatch) : req;
  };

  it('gives an ETag from the data and the question, answers 304 to it, and a new one after a write', async () => {
    const first = await ask().expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"a\d+-[0-9a-z]+"$/);
    expect((await ask().expect(200)).headers.etag).toBe(etag);
    // Another question, another tag.
    expect((await ask({ view: 'full' }).expect(200)).headers.etag).not.toBe(etag);
    expect((await ask({ at: tokyoIso(nextOrdinaryMonday(today()), '03:00') }).expect(200)).headers.etag).not.toBe(etag);
    const notModified = await ask({}, `W/"x", ${etag}`).expect(304);
    expect(notModified.text).toBe('');
    await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(token)).send({ department: unique('子ども相談課') }).expect(200);
    const after = await ask({}, etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body.services.find((s: { id: string }) => s.id === service.id)).toBeDefined();
  });
});
