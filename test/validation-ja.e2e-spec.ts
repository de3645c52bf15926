import request from 'supertest';
import { bearer, createService, expectErrorBody, fieldsOf, issueTestTokens, serviceBody, startApp, TestApp, TestToken, UNKNOWN_ID } from './support/app';

interface Detail {
  field: string;
  message: string;
  messageJa?: string;
}

/** Validation details in Japanese for clients that send `Accept-Language: ja`; English, as before, for the rest. */
describe('validation messages in Japanese (Accept-Language)', () => {
  let t: TestApp;
  let osaka: TestToken;

  beforeAll(async () => {
    t = await startApp();
    ({ osaka } = await issueTestTokens(t, 'validation-ja'));
  });
  afterAll(() => t.close());

  const badService = () =>
    serviceBody('271004', {
      category: 'chat',
      name: 'あ'.repeat(201),
      colour: 'red',
      lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '9時', end: '21:00' }] },
    });
  const post = (body: object, language?: string) => {
    const req = request(t.http).post('/v1/services').set(bearer(osaka.token));
    return (language === undefined ? req : req.set('Accept-Language', language)).send(body);
  };

  it('without Accept-Language: the English body as before, no Japanese, no Content-Language', async () => {
    const res = await post(badService()).expect(400);
    expectErrorBody(res.body, 400);
    expect(Object.keys(res.body).sort()).toEqual(['details', 'error', 'message', 'requestId', 'statusCode']);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'category', message: 'must be one of the following values: consultation, information, reservation, payment, application, health_monitoring, other' },
        { field: 'name', message: 'must be shorter than or equal to 200 characters' },
        { field: 'colour', message: 'property colour should not exist' },
        { field: 'lineHours', message: 'is not valid hours: ranges[0].start must be a time HH:MM from 00:00 to 23:59' },
      ]),
    );
    expect(res.body.details.every((d: Detail) => Object.keys(d).sort().join() === 'field,message')).toBe(true);
    expect(res.headers['content-language']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Accept-Language/i);
  });

  it.each(['ja', 'ja-JP', 'en;q=0.5, ja'])('Accept-Language: %s — the same details with messageJa, the body\'s messageJa, Content-Language: ja', async (language) => {
    const english = (await post(badService()).expect(400)).body;
    const res = await post(badService(), language).expect(400);
    expect(res.headers['content-language']).toBe('ja');
    expect(res.headers.vary).toMatch(/Accept-Language/i);
    // The English stays (the API's contract): the same fields, the same messages.
    expect(fieldsOf(res.body)).toEqual(fieldsOf(english));
    expect(res.body.message).toBe(english.message);
    expect(res.body.details.map(({ field, message }: Detail) => ({ field, message }))).toEqual(english.details);
    const ja = Object.fromEntries(res.body.details.map((d: Detail) => [d.field, d.messageJa]));
    expect(ja).toEqual({
      category: expect.stringMatching(/^次のいずれかを指定してください: consultation（相談）、information（情報発信）/),
      name: '200文字以内で入力してください',
      colour: 'この項目は指定できません',
      lineHours: '受付時間の指定に誤りがあります。lineHours.ranges[0].start: 時刻は HH:MM 形式（00:00〜23:59）で入力してください',
    });
    expect(res.body.messageJa).toMatch(/^入力内容に4件の誤りがあります。/);
    for (const field of ['category', 'name', 'colour', 'lineHours.ranges[0].start']) expect(res.body.messageJa).toContain(`${field}: `);
  });

  it.each(['*', 'en', 'ja;q=0.3, en', 'fr'])('Accept-Language: %s gives English', async (language) => {
    const res = await post(badService(), language).expect(400);
    expect(res.body.messageJa).toBeUndefined();
    expect(res.body.details.some((d: Detail) => 'messageJa' in d)).toBe(false);
    expect(res.headers['content-language']).toBeUndefined();
  });

  it('a bad query parameter, in both languages', async () => {
    const en = await request(t.http).get('/v1/services').query({ limit: 0, prefecture: '48' }).expect(400);
    expect(en.body.details).toEqual([
      { field: 'prefecture', message: 'must be a 2-digit prefecture number from 01 to 47' },
      { field: 'limit', message: 'must not be less than 1' },
    ]);
    const ja = await request(t.http).get('/v1/services').query({ limit: 0, prefecture: '48' }).set('Accept-Language', 'ja').expect(400);
    expect(ja.body.details).toEqual([
      { field: 'prefecture', message: 'must be a 2-digit prefecture number from 01 to 47', messageJa: '都道府県番号（01〜47 の2桁）で指定してください' },
      { field: 'limit', message: 'must not be less than 1', messageJa: '1以上の値を指定してください' },
    ]);
  });

  it('errors raised in code: a path parameter and a channel\'s rules from the catalogue, in both languages', async () => {
    const uuid = await request(t.http).get('/v1/services/not-a-uuid').set('Accept-Language', 'ja').expect(400);
    expect(uuid.body.details).toEqual([{ field: 'id', message: 'must be a UUID', messageJa: 'UUID の形式で指定してください' }]);
    expect(uuid.body.messageJa).toBe('id: UUID の形式で指定してください');

    const digit = await request(t.http).get('/v1/local-governments/011010').set('Accept-Language', 'ja').expect(400);
    expect(digit.body.details).toEqual([{ field: 'code', message: 'has a wrong check digit (expected 1)', messageJa: '検査数字が正しくありません（正しくは 1）' }]);
    const prefecture = await request(t.http).get('/v1/reports/prefectures/48').set(bearer(osaka.token)).set('Accept-Language', 'ja').expect(400);
    expect(prefecture.body.details).toEqual([{ field: 'prefectureCode', message: 'must be a 2-digit prefecture number from 01 to 47', messageJa: '都道府県番号（01〜47 の2桁）で指定してください' }]);

    const service = await createService(t, osaka.token, '271004');
    const chat = await request(t.http)
      .post(`/v1/services/${service.id}/fallback-channels`)
      .set(bearer(osaka.token))
      .set('Accept-Language', 'ja')
      .send({ kind: 'chat_platform', label: 'チャット相談' })
      .expect(400);
    expect(chat.headers['content-language']).toBe('ja');
    expect(chat.body.details).toEqual([{ field: 'platform', message: 'is required for a chat_platform channel', messageJa: expect.stringContaining('「他のチャット」のときは必須です') }]);
    expect(chat.body.messageJa).toMatch(/^入力内容に\d+件の誤りがあります。/);

    const phone = await request(t.http)
      .post(`/v1/services/${service.id}/fallback-channels`)
      .set(bearer(osaka.token))
      .set('Accept-Language', 'ja')
      .send({ kind: 'phone', label: '電話相談', contact: 'いつでも' })
      .expect(400);
    expect(phone.body.details).toEqual([{ field: 'contact', message: expect.stringContaining('Japanese phone number'), messageJa: expect.stringContaining('電話番号') }]);
    const english = await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka.token)).send({ kind: 'phone', label: '電話相談', contact: 'いつでも' }).expect(400);
    expect(english.body.details).toEqual([{ field: 'contact', message: phone.body.details[0].message }]);
  });

  it('other errors carry a Japanese message by status, the English inside it', async () => {
    const missing = await request(t.http).get(`/v1/services/${UNKNOWN_ID}`).set('Accept-Language', 'ja').expect(404);
    expect(missing.body.message).toBe(`service ${UNKNOWN_ID} not found`);
    expect(missing.body.messageJa).toBe(`対象が見つかりません（service ${UNKNOWN_ID} not found）`);
    const english = await request(t.http).get(`/v1/services/${UNKNOWN_ID}`).expect(404);
    expect(english.body).toEqual({ statusCode: 404, error: 'Not Found', message: `service ${UNKNOWN_ID} not found`, requestId: expect.any(String) });
  });
});
