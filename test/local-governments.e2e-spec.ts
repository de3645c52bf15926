import request from 'supertest';
import { expectErrorBody, startApp, TestApp } from './support/app';

describe('local governments and national bodies (public)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('lists 北海道 with its municipalities and wards, with their kana', async () => {
    const res = await request(t.http).get('/v1/local-governments?prefecture=01').expect(200);
    const byCode = new Map(res.body.items.map((lg: { code: string }) => [lg.code, lg]));
    expect(res.body.items).toHaveLength(1 + 179 + 10);
    expect(res.body.nextCursor).toBeNull();
    expect(byCode.get('010006')).toEqual(expect.objectContaining({ name: '北海道', nameKana: 'ほっかいどう', kind: 'prefecture' }));
    expect(byCode.get('011002')).toEqual(expect.objectContaining({ name: '札幌市', nameKana: 'さっぽろし', kind: 'city' }));
    expect(byCode.get('011011')).toEqual(expect.objectContaining({ name: '札幌市中央区', kind: 'designated_city_ward', parentCode: '011002' }));
    expect(res.body.items.every((lg: { prefectureCode: string }) => lg.prefectureCode === '01')).toBe(true);
  });

  it('holds all 1,959 rows of the ministry list, pages without gaps or repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(t.http)
        .get('/v1/local-governments')
        .query({ limit: 500, ...(cursor ? { cursor } : {}) })
        .expect(200);
      for (const lg of res.body.items) seen.add(lg.code);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen.size).toBe(1959);
    expect(pages).toBe(4);
  });

  it('searches by kanji, hiragana and katakana', async () => {
    for (const q of ['札幌', 'さっぽろ', 'サッポロ']) {
      const res = await request(t.http).get('/v1/local-governments').query({ q, kind: 'city' }).expect(200);
      expect(res.body.items.map((lg: { code: string }) => lg.code)).toEqual(['011002']);
    }
  });

  it('gets one by code, and refuses a wrong check digit with a 400 that says so', async () => {
    const ok = await request(t.http).get('/v1/local-governments/270008').expect(200);
    expect(ok.body).toEqual(expect.objectContaining({ name: '大阪府', kind: 'prefecture', prefectureCode: '27' }));
    const bad = await request(t.http).get('/v1/local-governments/270009').expect(400);
    expectErrorBody(bad.body, 400);
    expect(bad.body.details).toEqual([{ field: 'code', message: expect.stringContaining('check digit') }]);
  });

  it('answers 404 for a valid code it does not hold (a Northern Territories village)', async () => {
    const res = await request(t.http).get('/v1/local-governments/016951').expect(404);
    expectErrorBody(res.body, 404);
  });

  it.each([
    [{ prefecture: '48' }, 'prefecture'],
    [{ kind: 'metropolis' }, 'kind'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '100000' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ unknown: 'x' }, 'unknown'],
  ])('rejects the filter %j naming %s', async (query, field) => {
    const res = await request(t.http).get('/v1/local-governments').query(query).expect(400);
    expectErrorBody(res.body, 400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('lists the national bodies with stable lowercase codes', async () => {
    const res = await request(t.http).get('/v1/national-bodies').expect(200);
    const codes = res.body.items.map((b: { code: string }) => b.code);
    expect(codes).toEqual(expect.arrayContaining(['mhlw', 'moj', 'mic', 'cao', 'mlit', 'mod', 'mext']));
    expect(res.body.items.find((b: { code: string }) => b.code === 'mhlw').name).toBe('厚生労働省');
  });
});
