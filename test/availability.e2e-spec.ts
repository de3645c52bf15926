import request from 'supertest';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
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

  const ask = async (at: string, extra: Record<string, string> = {}) => (await request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, limit: '1000', ...extra }).expect(200)).body;
  const find = (body: { services: Service[] }, id: string) => body.services.find((s) => s.id === id)!;

  it('resolves a 札幌市 ward to its city, its prefecture and the national bodies', async () => {
    const body = await ask(MONDAY_EVENING);
    expect(body.place).toEqual(expect.objectContaining({ code: '011011', name: '札幌市中央区', operators: ['011011', '011002', '010006'] }));
    const levels = new Set(body.services.map((s: Service) => s.level));
    expect(levels).toEqual(new Set(['municipality', 'prefecture', 'national']));
    expect(body.services.map((s: Service) => s.name)).toEqual(expect.arrayContaining(['Children\'s worries consultation', 'Daily health check of people entering Japan']));
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
    const children = body.services.find((s: Service) => s.name === 'Children\'s worries consultation');
    expect(children.status).toBe('suspended');
    expect(children.line.usable).toBe(false);
    expect(children.channels.map((c: Channel) => c.openNow)).toEqual([null, null, null]);
    // As of early March 2021 it was still active on LINE.
    const before = await ask(iso('2021-03-01T12:00:00'));
    expect(before.services.find((s: Service) => s.name === 'Children\'s worries consultation').status).toBe('active');
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

  it('answers 404 for a valid code it does not hold', async () => {
    await request(t.http).get('/v1/availability').query({ localGovernment: '016951' }).expect(404);
  });
});
