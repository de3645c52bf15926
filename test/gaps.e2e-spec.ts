import request from 'supertest';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

interface Gap {
  serviceId: string;
  serviceName: string;
  operatorCode: string;
  kind: string;
  severity: string;
  state: string;
  resolution: string | null;
  openedAt: string;
}

describe('continuity engine', () => {
  let t: TestApp;
  let worker: TestWorker;
  let osaka: string;
  let ministry: string;

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
    osaka = await tokenFor(t, 'prefecture', '27');
    ministry = await tokenFor(t, 'ministry');
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const gapsOf = async (serviceId: string): Promise<Gap[]> => (await request(t.http).get(`/v1/services/${serviceId}/gaps`).expect(200)).body.items;
  const openGap = (serviceId: string, kind: string) => async () => (await gapsOf(serviceId)).find((g) => g.kind === kind && g.state === 'open');

  it('shows, on the seed data, the 2021 services left with no stated fallback, and not those with one', async () => {
    await worker.engine.sweep();
    const res = await request(t.http).get('/v1/gaps').query({ state: 'open', kind: 'no_alternative', limit: 500 }).set(bearer(ministry)).expect(200);
    const gaps: Gap[] = res.body.items;
    const names = gaps.map((g) => `${g.operatorCode} ${g.serviceName}`);
    expect(names).toEqual(expect.arrayContaining(['240001 就職氷河期世代の就職相談（LINE）', 'moj SNSによる人権相談']));
    for (const covered of ['011002 子どもの悩み相談', '270008 LINE相談', '110001 SNS教育相談@埼玉県教委', 'mhlw 入国者の健康状態の確認']) {
      expect(names).not.toContain(covered);
    }
    // Continued and planned-then-postponed services are not gaps either.
    for (const fine of ['120006 いのち支えるSNS@ちば', '313718 LINEでの新型コロナ集団接種の予約']) expect(names).not.toContain(fine);
    // By name: other suites add 三重県 services of their own (a children's one among them).
    expect(gaps.find((g) => g.operatorCode === '240001' && g.serviceName === '就職氷河期世代の就職相談（LINE）')?.severity).toBe('high');

    const contactUnknown = await request(t.http).get('/v1/gaps').query({ state: 'open', kind: 'contact_unknown', operator: '011002' }).set(bearer(ministry)).expect(200);
    expect(contactUnknown.body.items.map((g: Gap) => g.serviceName).sort()).toEqual(['子どもの悩み相談', '若者向け進路相談', '若者向け就職相談'].sort());
    // Children's consultation: critical as a gap, so one step lower as contact_unknown.
    expect(contactUnknown.body.items.find((g: Gap) => g.serviceName === '子どもの悩み相談').severity).toBe('high');
  });

  it('needs a valid token to list gaps, and validates the filters', async () => {
    await request(t.http).get('/v1/gaps').expect(401);
    const bad = await request(t.http).get('/v1/gaps').query({ severity: 'dire' }).set(bearer(ministry)).expect(400);
    expect(bad.body.details[0].field).toBe('severity');
  });

  it('opens a critical gap promptly after suspending a children\'s service with no fallback, and resolves it when a fallback is added', async () => {
    const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
    const res = await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended', reason: 'test' }).expect(201);
    // Promptly, as the test sees it: the latency itself is `npm run bench`'s (change -> gap, p99 about 100 ms on a
    // quiet machine); here the suites share 2 cores with browsers and the scale-out test's processes.
    const answered = Date.now();
    await waitFor(openGap(service.id, 'no_alternative'), 10_000, 20);
    const latency = Date.now() - answered;
    expect({ latency, prompt: latency < 5000 }).toEqual({ latency, prompt: true });
    const gap = (await openGap(service.id, 'no_alternative')())!;
    expect(gap.severity).toBe('critical');
    expect(res.body.status).toBe('suspended');
    const shown = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
    expect(shown.body.openGaps).toEqual([expect.objectContaining({ kind: 'no_alternative', severity: 'critical' })]);

    await request(t.http)
      .post(`/v1/services/${service.id}/fallback-channels`)
      .set(bearer(osaka))
      .send({ kind: 'phone', label: '24時間電話相談', contact: '0120-000-000', hours: { type: 'always' } })
      .expect(201);
    const resolved = await waitFor(async () => (await gapsOf(service.id)).find((g) => g.kind === 'no_alternative' && g.state === 'resolved'), 10_000);
    expect(resolved.resolution).toBe('fallback_added');
    expect((await gapsOf(service.id)).filter((g) => g.state === 'open')).toEqual([]);
  });

  it('warns of a scheduled suspension, then turns it into a gap when it takes effect, with no API call in between', async () => {
    const service = await createService(t, osaka, '270008', { category: 'information', audiences: ['general'], handlesPersonalData: false });
    const effectiveAt = new Date(Date.now() + 2000).toISOString();
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended', effectiveAt }).expect(201);
    const impending = await waitFor(openGap(service.id, 'impending_no_alternative'), 10_000);
    expect(impending.severity).toBe('medium');
    expect((await request(t.http).get(`/v1/services/${service.id}`)).body.currentStatus).toBe('active');

    const gap = await waitFor(openGap(service.id, 'no_alternative'), 5000);
    expect(gap.severity).toBe('medium');
    const after = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
    expect(after.body.currentStatus).toBe('suspended');
    expect(after.body.version).toBe(3);
    const warning = (await gapsOf(service.id)).find((g) => g.kind === 'impending_no_alternative');
    expect(warning).toEqual(expect.objectContaining({ state: 'resolved', resolution: 'change_took_effect' }));
  });

  it('resolves a warning as change_withdrawn when the scheduled change is withdrawn', async () => {
    const service = await createService(t, osaka, '270008', { category: 'consultation', audiences: ['youth'] });
    const change = await request(t.http)
      .post(`/v1/services/${service.id}/status-changes`)
      .set(bearer(osaka))
      .send({ status: 'discontinued', effectiveAt: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(201);
    expect(change.body.inEffect).toBe(false);
    expect((await waitFor(openGap(service.id, 'impending_no_alternative'), 10_000)).severity).toBe('critical');
    await request(t.http).post(`/v1/services/${service.id}/status-changes/${change.body.id}/withdraw`).set(bearer(osaka)).expect(200);
    const resolved = await waitFor(async () => (await gapsOf(service.id)).find((g) => g.state === 'resolved'), 10_000);
    expect(resolved.resolution).toBe('change_withdrawn');
    const again = await request(t.http).post(`/v1/services/${service.id}/status-changes/${change.body.id}/withdraw`).set(bearer(osaka)).expect(409);
    expect(again.body.statusCode).toBe(409);
  });

  it('flags fallbacks that are closed when LINE used to be open', async () => {
    const service = await createService(t, osaka, '271004', {
      category: 'consultation',
      audiences: ['parents'],
      lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '17:00', end: '21:00' }] },
    });
    await request(t.http)
      .post(`/v1/services/${service.id}/fallback-channels`)
      .set(bearer(osaka))
      .send({ kind: 'phone', label: 'Phone (weekday mornings)', contact: '06-1234-5678', hours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '12:00' }] } })
      .expect(201);
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended' }).expect(201);
    const gap = await waitFor(openGap(service.id, 'hours_not_covered'), 10_000);
    expect(gap.severity).toBe('medium'); // consultation → high; one step lower
    expect((await gapsOf(service.id)).map((g) => g.kind)).not.toContain('no_alternative');
  });

  it('finds the last Saturday night that LINE kept and the phone does not, and resolves it when the phone keeps it too', async () => {
    // A chat open daily 13:00–16:00 and 17:00–21:00, and on the last Saturday of each month from 12:00 until 21:00 the next day.
    const daily = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((day) => [
      { day, start: '13:00', end: '16:00' },
      { day, start: '17:00', end: '21:00' },
    ]);
    const lastSaturday = [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }];
    const service = await createService(t, osaka, '271004', {
      category: 'consultation',
      audiences: ['youth'],
      lineHours: { type: 'weekly', publicHolidays: 'as_usual', ranges: daily, monthly: lastSaturday },
    });
    const phone = await request(t.http)
      .post(`/v1/services/${service.id}/fallback-channels`)
      .set(bearer(osaka))
      .send({ kind: 'phone', label: '電話相談', contact: '06-1234-5678', hours: { type: 'weekly', publicHolidays: 'as_usual', ranges: daily } })
      .expect(201);
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended' }).expect(201);
    const gap = (await waitFor(openGap(service.id, 'hours_not_covered'), 10_000)) as Gap & { details: { horizonDays: number; uncovered: { from: string; to: string }[] } };
    expect(gap.details.horizonDays).toBe(35);
    // Every uncovered window is on a last Saturday (from 12:00) or the Sunday after it: the daily hours are covered.
    const tokyo = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000);
    const isLastSaturday = (d: Date) => d.getUTCDay() === 6 && d.getUTCDate() + 7 > new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    expect(gap.details.uncovered.length).toBeGreaterThan(0);
    for (const { from, to } of gap.details.uncovered) {
      const start = tokyo(from);
      const saturday = start.getUTCDay() === 6 ? start : new Date(start.getTime() - 86_400_000);
      expect({ from, lastSaturdayOrNextDay: isLastSaturday(saturday) }).toEqual({ from, lastSaturdayOrNextDay: true });
      expect(Date.parse(to)).toBeGreaterThan(Date.parse(from));
    }
    await request(t.http)
      .patch(`/v1/fallback-channels/${phone.body.id}`)
      .set(bearer(osaka))
      .send({ hours: { type: 'weekly', publicHolidays: 'as_usual', ranges: daily, monthly: lastSaturday } })
      .expect(200);
    const resolved = await waitFor(async () => (await gapsOf(service.id)).find((g) => g.kind === 'hours_not_covered' && g.state === 'resolved'), 10_000);
    expect(resolved.resolution).toBe('hours_covered');
  });
});

describe('services with open gaps', () => {
  let t: TestApp;
  let worker: TestWorker;
  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('filters the service list by hasOpenGap', async () => {
    await worker.engine.sweep();
    const withGap = await request(t.http).get('/v1/services').query({ hasOpenGap: 'true', operator: '240001' }).expect(200);
    // Other suites may add 三重県 services of their own meanwhile: the seeded one is there, and each one listed has a gap of access.
    expect(withGap.body.items.map((s: { name: string }) => s.name)).toContain('就職氷河期世代の就職相談（LINE）');
    for (const service of withGap.body.items as { openGaps: { kind: string }[] }[]) {
      expect(service.openGaps.some((g) => g.kind === 'no_alternative' || g.kind === 'impending_no_alternative')).toBe(true);
    }
    const without = await request(t.http).get('/v1/services').query({ hasOpenGap: 'false', operator: '011002', status: 'suspended' }).expect(200);
    expect(without.body.items.length).toBeGreaterThanOrEqual(3); // contact_unknown is not a gap of access
    await request(t.http).get('/v1/services').query({ hasOpenGap: 'maybe' }).expect(400);
  });
});
