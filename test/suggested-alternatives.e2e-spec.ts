import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Hours } from '../src/hours/hours';
import { addDays, tokyoDateOf, weekdayOf } from './support/calendar';
import { bearer, createService, startApp, TestApp, tokenFor, UNKNOWN_ID } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

interface Suggestion {
  id: string;
  name: string;
  operatorCode: string;
  level: string;
  category: string;
  audiences: string[];
  status: string;
  openNow: boolean;
  nextOpening: string | null;
  channels: { contact: string; openNow: boolean | null }[];
}

interface Gap {
  id: string;
  serviceId: string;
  serviceName: string;
  kind: string;
  state: string;
  suggestedAlternatives: Suggestion[];
}

const MIE = '240001';
const SUZUKA = '242071';
const WEEKDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** The people of 三重県's ice-age consultation: job seekers and adults (and services for everyone serve them too). */
const THEIR_AUDIENCES = ['job_seekers', 'adults', 'general'];

/** Hours from the clock: today (Tokyo) from an hour ago to two hours ahead, holidays as usual. */
function openNowHours(): Hours {
  const now = new Date();
  const date = tokyoDateOf(now);
  const hour = Number(new Date(now.getTime() + 9 * 3600_000).toISOString().slice(11, 13));
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return { type: 'weekly', publicHolidays: 'as_usual', ranges: [{ day: WEEKDAY[weekdayOf(date)], start: hh(Math.max(0, hour - 1)), end: hh(hour + 2) }] };
}

/** Tomorrow (Tokyo) 10:00–12:00 only, and when that opens. */
function tomorrowMorning(): { hours: Hours; opens: string } {
  const tomorrow = addDays(tokyoDateOf(new Date()), 1);
  return {
    hours: { type: 'weekly', publicHolidays: 'as_usual', ranges: [{ day: WEEKDAY[weekdayOf(tomorrow)], start: '10:00', end: '12:00' }] },
    opens: new Date(`${tomorrow}T10:00:00+09:00`).toISOString(),
  };
}

const servers: Server[] = [];

async function receiver() {
  const received: { type: string; data: { serviceId: string; kind?: string; suggestedAlternatives?: Suggestion[] }; id: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('suggested alternatives for gaps', () => {
  let t: TestApp;
  let worker: TestWorker;
  let ministry: string;
  let mie: string;
  let osaka: string;

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
    [ministry, mie, osaka] = await Promise.all([tokenFor(t, 'ministry'), tokenFor(t, 'prefecture', '24'), tokenFor(t, 'prefecture', '27')]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  const getGap = async (id: string): Promise<Gap> => (await request(t.http).get(`/v1/gaps/${id}`).expect(200)).body;
  const suspend = (token: string, id: string) => request(t.http).post(`/v1/services/${id}/status-changes`).set(bearer(token)).send({ status: 'suspended' }).expect(201);
  const test = (name: string) => `テスト用（架空）${name}`;
  let organizations = 0;
  /** An organisation covering the given local governments, and an npo token scoped to it. */
  const organization = async (covers: string[]) => {
    const code = `sugg_${process.pid}_${Date.now().toString(36)}_${(organizations += 1)}`;
    await request(t.http).post('/v1/organizations').set(bearer(ministry)).send({ code, name: test('支援団体'), legalForm: 'npo', coverage: { localGovernments: covers } }).expect(201);
    return { code, token: await tokenFor(t, 'npo', code) };
  };
  /** Whether a suggestion reaches all of 三重県: 三重県's own, a national body's, or an organisation's that covers 三重県 or the nation. */
  const reachesMie = async (s: Suggestion): Promise<boolean> => {
    if (s.operatorCode === MIE || s.level === 'national') return true;
    if (s.level !== 'organization') return false;
    const { coverage } = (await request(t.http).get(`/v1/organizations/${s.operatorCode}`).expect(200)).body;
    return coverage.nationwide || coverage.localGovernments.some((lg: { code: string }) => lg.code === MIE);
  };

  it('suggests, for the seeded gap of 三重県\'s 2021 consultation, services that reach 三重県 and serve its people, open now or with their next opening', async () => {
    await worker.engine.sweep();
    const seeded = await request(t.http).get('/v1/gaps').query({ state: 'open', kind: 'no_alternative', operator: MIE }).set(bearer(ministry)).expect(200);
    const gapRow = seeded.body.items.find((g: Gap) => g.serviceName === '就職氷河期世代の就職相談（LINE）');
    expect(gapRow).toBeDefined();

    const open = openNowHours();
    const tomorrow = tomorrowMorning();
    // Suggested: 三重県's own (life-critical, open now), a ministry's line open tomorrow morning, 三重県's suspended LINE with an e-mail window open now.
    const mieOpen = await createService(t, mie, MIE, { name: test('就職支援の相談（三重県）'), category: 'consultation', audiences: ['job_seekers'], lifeCritical: true, lineHours: open });
    const nationalTomorrow = await createService(t, ministry, 'mhlw', { name: test('仕事の悩み相談（国）'), category: 'consultation', audiences: ['adults'], lineHours: tomorrow.hours });
    const mieByMail = await createService(t, mie, MIE, { name: test('大人のための相談（三重県）'), category: 'consultation', audiences: ['adults'], lineHours: null });
    // An organisation that covers 三重県 (suggested, level organization) and one that covers 大阪府 only (not).
    const [coversMie, coversOsaka] = await Promise.all([organization([MIE]), organization(['270008'])]);
    const orgOpen = await createService(t, coversMie.token, coversMie.code, { name: test('働く人の相談（団体）'), category: 'consultation', audiences: ['adults'], lifeCritical: true, lineHours: open });
    await request(t.http)
      .post(`/v1/services/${mieByMail.id}/fallback-channels`)
      .set(bearer(mie))
      .send({ kind: 'email', label: 'メール相談（テスト用）', contact: 'soudan-test@example.jp', hours: open })
      .expect(201);
    await suspend(mie, mieByMail.id);
    // Not suggested: another prefecture's, a municipality's (it does not reach all of 三重県), another audience, another category, stopped with nothing.
    const excluded = await Promise.all([
      createService(t, osaka, '270008', { name: test('就職相談（大阪府）'), category: 'consultation', audiences: ['job_seekers'], lifeCritical: true, lineHours: open }),
      createService(t, mie, SUZUKA, { name: test('就職相談（鈴鹿市）'), category: 'consultation', audiences: ['job_seekers'], lifeCritical: true, lineHours: open }),
      createService(t, ministry, 'mhlw', { name: test('子どもの相談（国）'), category: 'consultation', audiences: ['children'], lifeCritical: true, lineHours: open }),
      createService(t, mie, MIE, { name: test('求人情報（三重県）'), category: 'information', audiences: ['job_seekers'], handlesPersonalData: false, lineHours: open }),
      createService(t, mie, MIE, { name: test('休止中の相談（三重県）'), category: 'consultation', audiences: ['adults'], lineHours: open, initialStatus: { status: 'suspended' } }),
      createService(t, coversOsaka.token, coversOsaka.code, { name: test('働く人の相談（大阪の団体）'), category: 'consultation', audiences: ['adults'], lifeCritical: true, lineHours: open }),
    ]);

    const gap = await getGap(gapRow.id);
    expect(gap).toEqual(expect.objectContaining({ id: gapRow.id, kind: 'no_alternative', state: 'open', serviceName: '就職氷河期世代の就職相談（LINE）' }));
    const suggested = gap.suggestedAlternatives;
    expect(suggested.length).toBeGreaterThanOrEqual(1);
    expect(suggested.length).toBeLessThanOrEqual(5);
    for (const s of suggested) {
      expect(await reachesMie(s)).toBe(true);
      expect(s.audiences.some((a) => THEIR_AUDIENCES.includes(a))).toBe(true);
      expect(s.category).toBe('consultation');
      expect(s.openNow ? s.nextOpening === null : s.nextOpening !== null).toBe(true);
      expect(s.id).not.toBe(gap.serviceId);
    }
    const ids = suggested.map((s) => s.id);
    for (const left of excluded) expect(ids).not.toContain(left.id);
    // Open now first, then the soonest to open.
    const openness = suggested.map((s) => (s.openNow ? '' : s.nextOpening!));
    expect(openness).toEqual([...openness].sort());
    // 三重県's life-critical consultation open now comes first: nothing nearer, nothing more urgent.
    expect(suggested[0]).toEqual(expect.objectContaining({ id: mieOpen.id, openNow: true, nextOpening: null, level: 'prefecture', status: 'active' }));
    // The organisation that covers 三重県 is there, as level organization, unless five as urgent and open fill the list.
    const byOrganisation = suggested.find((s) => s.id === orgOpen.id);
    if (!byOrganisation) expect(suggested.filter((s) => s.openNow)).toHaveLength(5);
    else expect(byOrganisation).toEqual(expect.objectContaining({ level: 'organization', operatorCode: coversMie.code, openNow: true }));
    const byMail = suggested.find((s) => s.id === mieByMail.id);
    const nextMorning = suggested.find((s) => s.id === nationalTomorrow.id);
    // Each of the others is there unless five that come before it fill the list.
    if (!byMail) expect(suggested.filter((s) => s.openNow)).toHaveLength(5);
    else expect(byMail).toEqual(expect.objectContaining({ status: 'suspended', openNow: true, channels: [expect.objectContaining({ contact: 'soudan-test@example.jp', openNow: true })] }));
    if (!nextMorning) expect(suggested.filter((s) => s.openNow || s.nextOpening! <= tomorrow.opens)).toHaveLength(5);
    else expect(nextMorning).toEqual(expect.objectContaining({ level: 'national', openNow: false, nextOpening: tomorrow.opens }));

    // Recomputed as the data changes, not kept: 三重県's line stops, and is no longer suggested.
    await suspend(mie, mieOpen.id);
    expect((await getGap(gapRow.id)).suggestedAlternatives.map((s) => s.id)).not.toContain(mieOpen.id);
  });

  it('gives no suggestions for a finding of another kind, and answers 404 for an unknown id and 400 for a malformed one', async () => {
    await worker.engine.sweep();
    const other = await request(t.http).get('/v1/gaps').query({ state: 'open', kind: 'contact_unknown', operator: '011002' }).set(bearer(ministry)).expect(200);
    expect(other.body.items.length).toBeGreaterThan(0);
    const gap = await getGap(other.body.items[0].id);
    expect(gap).toEqual(expect.objectContaining({ kind: 'contact_unknown', suggestedAlternatives: [] }));
    const missing = await request(t.http).get(`/v1/gaps/${UNKNOWN_ID}`).expect(404);
    expect(missing.body.statusCode).toBe(404);
    const bad = await request(t.http).get('/v1/gaps/not-a-uuid').expect(400);
    expect(bad.body.details[0].field).toBe('id');
  });

  it('sends the suggestions with a newly opened no_alternative gap, made when delivered (the event does not store them)', async () => {
    const hook = await receiver();
    await request(t.http).post('/v1/webhooks').set(bearer(mie)).send({ url: hook.url, events: ['gap.opened'], prefectureCodes: ['24'], categories: ['consultation'] }).expect(201);
    const alternative = await createService(t, mie, MIE, { name: test('夜間の相談（三重県）'), category: 'consultation', audiences: ['adults'], lifeCritical: true, lineHours: openNowHours() });
    const stopping = await createService(t, mie, MIE, { name: test('止まる相談（三重県）'), category: 'consultation', audiences: ['adults', 'job_seekers'], lineHours: openNowHours() });
    await suspend(mie, stopping.id);

    const opened = await waitFor(async () => hook.received.find((r) => r.type === 'gap.opened' && r.data.serviceId === stopping.id), 10000);
    expect(opened.data.kind).toBe('no_alternative');
    const suggested = opened.data.suggestedAlternatives!;
    expect(suggested.length).toBeGreaterThanOrEqual(1);
    expect(suggested.length).toBeLessThanOrEqual(5);
    expect(suggested[0]).toEqual(expect.objectContaining({ id: alternative.id, openNow: true, operatorCode: MIE }));
    expect(suggested.map((s) => s.id)).not.toContain(stopping.id);
    for (const s of suggested) expect(await reachesMie(s)).toBe(true);

    const [stored] = await t.db.query(`SELECT data FROM events WHERE id = $1`, [opened.id]);
    expect(stored.data.kind).toBe('no_alternative');
    expect(stored.data).not.toHaveProperty('suggestedAlternatives');
    // The API answers the same gap with the same first suggestion.
    const gap = await getGap((await request(t.http).get(`/v1/services/${stopping.id}/gaps`).expect(200)).body.items.find((g: Gap) => g.kind === 'no_alternative').id);
    expect(gap.suggestedAlternatives[0].id).toBe(alternative.id);

    // Resolved (a channel is added): the finding no longer suggests anything.
    await request(t.http).post(`/v1/services/${stopping.id}/fallback-channels`).set(bearer(mie)).send({ kind: 'email', label: 'メール（テスト用）', contact: 'tomaru-test@example.jp' }).expect(201);
    const resolved = await waitFor(async () => {
      const answer = await getGap(gap.id);
      return answer.state === 'resolved' ? answer : undefined;
    }, 10000);
    expect(resolved.suggestedAlternatives).toEqual([]);
  });

  it('suggests alternatives for an impending gap too, while there is time to act', async () => {
    const alternative = await createService(t, mie, MIE, { name: test('代わりの相談（三重県）'), category: 'consultation', audiences: ['job_seekers'], lifeCritical: true, lineHours: openNowHours() });
    const service = await createService(t, mie, MIE, { name: test('来月止まる相談（三重県）'), category: 'consultation', audiences: ['job_seekers'], lineHours: openNowHours() });
    const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(mie)).send({ status: 'suspended', effectiveAt: nextMonth }).expect(201);
    const impending = await waitFor(async () => {
      const gaps: Gap[] = (await request(t.http).get(`/v1/services/${service.id}/gaps`).expect(200)).body.items;
      return gaps.find((g) => g.kind === 'impending_no_alternative' && g.state === 'open');
    }, 10000);
    const gap = await getGap(impending.id);
    expect(gap.suggestedAlternatives[0]).toEqual(expect.objectContaining({ id: alternative.id, openNow: true }));
    expect(gap.suggestedAlternatives.map((s) => s.id)).not.toContain(service.id);
  });
});
