import request from 'supertest';
import { bearer, createService, expectErrorBody, expectNothingStored, fieldsOf, startApp, TestApp, tokenFor, UNKNOWN_ID } from './support/app';

const OFFICE = 'Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off; Dec 29-Jan 03 off "年末年始"';
const OFFICE_HOURS = {
  type: 'weekly',
  ranges: [
    ...['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })),
    { day: 'sat', start: '10:00', end: '12:00' },
  ],
  publicHolidays: 'closed',
  closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }],
};
const SEASONAL = {
  type: 'weekly',
  publicHolidays: 'as_usual',
  ranges: [{ day: 'mon', start: '09:00', end: '17:00' }],
  seasons: [{ from: '07-01', to: '08-31', yearly: true, ranges: [{ day: 'mon', start: '10:00', end: '12:00' }] }],
};

describe('hours interchange (GET /v1/services/:id/hours, opening_hours in, out and in CSV imports)', () => {
  let t: TestApp;
  let osaka: string;

  const phone = { kind: 'phone', label: '電話相談', contact: '06-1234-5678' };
  const addChannel = async (serviceId: string, body: object) => (await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(osaka)).send(body).expect(201)).body;

  beforeAll(async () => {
    t = await startApp();
    osaka = await tokenFor(t, 'prefecture', '27');
  });
  afterAll(() => t.close());

  it('takes channel and LINE hours as opening_hours, stores the canonical JSON and gives the same string back', async () => {
    const service = await createService(t, osaka, '271004', { lineHours: { openingHours: 'Mo-Fr 17:00-21:00, Sa[-1] 12:00-45:00' } });
    expect(service.lineHours).toEqual({
      type: 'weekly',
      ranges: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '17:00', end: '21:00' })),
      publicHolidays: 'as_usual',
      monthly: [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }],
    });
    const channel = await addChannel(service.id, { ...phone, hours: { openingHours: OFFICE } });
    expect(channel.hours).toEqual(OFFICE_HOURS);
    const [row] = await t.db.query(`SELECT hours FROM fallback_channels WHERE id = $1`, [channel.id]);
    expect(row.hours).toEqual(OFFICE_HOURS);

    const text = await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).query({ of: channel.id }).expect(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe(OFFICE);
    const line = await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).query({ of: 'line' }).expect(200);
    expect(line.text).toBe('Mo-Fr 17:00-21:00, Sa[-1] 12:00-45:00');

    const all = await request(t.http).get(`/v1/services/${service.id}/hours`).expect(200);
    expect(all.body).toEqual({
      serviceId: service.id,
      line: expect.objectContaining({ hours: service.lineHours, openingHours: 'Mo-Fr 17:00-21:00, Sa[-1] 12:00-45:00', openingHoursUnmappable: [] }),
      channels: [{ channelId: channel.id, kind: 'phone', label: '電話相談', hours: expect.objectContaining({ hours: OFFICE_HOURS, openingHours: OFFICE, openingHoursUnmappable: [] }) }],
    });
    const specification = all.body.channels[0].hours.openingHoursSpecification;
    expect(specification).toContainEqual({ '@type': 'OpeningHoursSpecification', dayOfWeek: expect.arrayContaining(['https://schema.org/Monday', 'https://schema.org/Friday']), opens: '09:00:00', closes: '17:00:00' });
    expect(specification).toContainEqual({ '@type': 'OpeningHoursSpecification', dayOfWeek: 'https://schema.org/PublicHolidays', opens: '00:00:00', closes: '00:00:00' });
    expect(specification).toContainEqual(expect.objectContaining({ opens: '00:00:00', closes: '00:00:00', validFrom: expect.stringMatching(/^\d{4}-12-29$/), validThrough: expect.stringMatching(/^\d{4}-01-03$/) }));
  });

  it('takes opening_hours in a PATCH too', async () => {
    const service = await createService(t, osaka, '271004');
    const res = await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka)).send({ lineHours: { openingHours: '24/7' } }).expect(200);
    expect(res.body.lineHours).toEqual({ type: 'always' });
  });

  it('answers 422 naming what does not map, on hours with seasons', async () => {
    const service = await createService(t, osaka, '271004', { lineHours: SEASONAL });
    const res = await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).expect(422);
    expectErrorBody(res.body, 422);
    expect(fieldsOf(res.body)).toEqual(['hours.seasons']);
    expect(res.body.message).toMatch(/seasons/);
    const all = await request(t.http).get(`/v1/services/${service.id}/hours`).expect(200);
    expect(all.body.line).toEqual(expect.objectContaining({ openingHours: null, openingHoursUnmappable: [expect.stringMatching(/^seasons: /)] }));
  });

  it('answers 404 for an unknown service, a channel of another service, and hours not recorded; 400 for a bad `of`', async () => {
    const service = await createService(t, osaka, '271004', { lineHours: null });
    const other = await createService(t, osaka, '271004');
    const foreign = await addChannel(other.id, { ...phone, hours: { openingHours: OFFICE } });
    const unknown = await request(t.http).get(`/v1/services/${UNKNOWN_ID}/hours`).expect(404);
    expectErrorBody(unknown.body, 404);
    await request(t.http).get(`/v1/services/${UNKNOWN_ID}/hours/opening_hours`).expect(404);
    await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).query({ of: foreign.id }).expect(404);
    await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).expect(404);
    const bad = await request(t.http).get(`/v1/services/${service.id}/hours/opening_hours`).query({ of: 'everything' }).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['of']);
  });

  it('refuses opening_hours outside the subset with 400 naming the field and what does not parse, and stores nothing', async () => {
    const service = await createService(t, osaka, '271004');
    const res = await expectNothingStored(t.db, () =>
      request(t.http)
        .post(`/v1/services/${service.id}/fallback-channels`)
        .set(bearer(osaka))
        .send({ ...phone, hours: { openingHours: 'Mo-Fr 09:00-17:00 || "by appointment"' } }),
    );
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 400);
    expect(res.body.details).toEqual([{ field: 'hours', message: 'openingHours "Mo-Fr 09:00-17:00 || \\"by appointment\\"": the fallback rule "||" has no one-to-one form' }]);
    const line = await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka)).send({ lineHours: { openingHours: 'Mo-Fr 09:00-17:00', type: 'always' } }).expect(400);
    expect(fieldsOf(line.body)).toEqual(['lineHours']);
    const notText = await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka)).send({ lineHours: { openingHours: 42 } }).expect(400);
    expect(fieldsOf(notText.body)).toEqual(['lineHours']);
  });

  it('imports a CSV row whose hours cell is opening_hours, and names the column when one does not parse', async () => {
    const service = await createService(t, osaka, '271004');
    const header = 'record_type,service_id,kind,label,contact,hours';
    const file = `${header}\r\nfallback_channel,${service.id},phone,電話相談,06-1234-5678,"Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off; Dec 29-Jan 03 off ""年末年始"""\r\n`;
    await request(t.http).post('/v1/imports').set(bearer(osaka)).set('Content-Type', 'text/csv').send(Buffer.from(file, 'utf8')).expect(201);
    const got = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
    expect(got.body.fallbackChannels.map((c: { hours: unknown }) => c.hours)).toEqual([OFFICE_HOURS]);

    const bad = `${header}\r\nfallback_channel,${service.id},phone,電話相談,06-1234-5678,Mo-Fr 09:00-17:00; SH off\r\n`;
    const res = await request(t.http).post('/v1/imports').set(bearer(osaka)).set('Content-Type', 'text/csv').send(Buffer.from(bad, 'utf8')).expect(422);
    expect(res.body.errors).toEqual([{ row: 2, column: 'hours', header: 'hours', message: expect.stringContaining('"SH off": school holidays (SH) have no one-to-one form'), messageJa: expect.stringMatching(/^2行目の「hours」：受付時間として読めません/) }]);
  });
});
