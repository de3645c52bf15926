import request from 'supertest';
import { bearer, createService, expectErrorBody, fieldsOf, serviceBody, startApp, TestApp, unique } from './support/app';

// Organisations other than governments as operators (issue 14): registered by the ministry
// with a coverage, their services written by an npo token scoped to them, and shown by
// availability wherever they cover. Availability is asked at the time of the request (the
// services are made active from now).

const NOTICE = 'LINE相談はしばらくお休みします。お電話かメールでご相談ください';

// Places: 三重県 and 鈴鹿市 in it; 大阪府 and 大阪市 in it; 札幌市, its 中央区, 北海道 and 函館市; 東京都.
const MIE = '240001';
const SUZUKA = '242071';
const OSAKA_PREF = '270008';
const OSAKA_CITY = '271004';
const SAPPORO = '011002';
const SAPPORO_CHUO = '011011';
const HOKKAIDO = '010006';
const HAKODATE = '012025';
const TOKYO = '130001';

let seq = 0;
/** An organisation code no other test (or earlier run) has used. */
const newCode = () => `t_${Date.now().toString(36)}_${process.pid.toString(36)}_${(seq += 1)}`;

interface Shown {
  id: string;
  level: string;
  status: string;
  category: string;
  lifeCritical: boolean;
  somethingOpen: boolean;
  operatorCode: string;
  operatorName: string;
  publicNotice: string | null;
  successorServiceId: string | null;
}

describe('organisations as operators', () => {
  let t: TestApp;
  let ministry: string;
  let prefecture: string;

  beforeAll(async () => {
    t = await startApp();
    ministry = (await t.tokens.issue('ministry', undefined, unique('orgs ministry'))).token;
    prefecture = (await t.tokens.issue('prefecture', '24', unique('orgs 三重県'))).token;
  });
  afterAll(() => t.close());

  const register = (body: Record<string, unknown>, token = ministry) => request(t.http).post('/v1/organizations').set(bearer(token)).send(body);
  const organization = (code: string, coverage: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ code, name: unique('テスト支援団体'), legalForm: 'certified_npo', coverage, ...extra });
  const registered = async (coverage: Record<string, unknown>) => {
    const code = newCode();
    await register(organization(code, coverage)).expect(201);
    return code;
  };
  const npoToken = async (code: string) => (await t.tokens.issue('npo', code, unique(`orgs npo ${code}`))).token;

  /** Every service availability lists for a place now, all pages. */
  async function availableAt(place: string): Promise<Shown[]> {
    const services: Shown[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.http)
        .get('/v1/availability')
        .query({ localGovernment: place, limit: '1000', ...(cursor ? { cursor } : {}) })
        .expect(200);
      services.push(...res.body.services);
      cursor = res.body.nextCursor;
    } while (cursor);
    return services;
  }

  describe('registration', () => {
    it('registers an organisation with listed prefectures and municipalities, shows it with its coverage and services, and audits it', async () => {
      const code = newCode();
      const res = await register(organization(code, { localGovernments: [MIE, SAPPORO] }, { nameEn: 'Test support group', url: 'https://example.jp/支援' })).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          code,
          nameEn: 'Test support group',
          legalForm: 'certified_npo',
          legalFormLabel: '認定NPO法人',
          url: 'https://example.jp/支援',
          coverage: {
            nationwide: false,
            localGovernments: [
              { code: SAPPORO, name: '札幌市', kind: 'city' },
              { code: MIE, name: '三重県', kind: 'prefecture' },
            ],
          },
          services: [],
        }),
      );
      expect((await request(t.http).get(`/v1/organizations/${code}`).expect(200)).body).toEqual(res.body);

      // Listed by code, a page at a time.
      const listed: { code: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await request(t.http)
          .get('/v1/organizations')
          .query({ limit: 50, ...(cursor ? { cursor } : {}) })
          .expect(200);
        listed.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(listed.map((o) => o.code)).toContain(code);
      expect(listed.map((o) => o.code)).toEqual([...listed.map((o) => o.code)].sort());

      const audit = await request(t.http).get('/v1/audit').set(bearer(ministry)).query({ limit: 100 }).expect(200);
      const entry = audit.body.items.find((e: { entityType: string; entityId: string }) => e.entityType === 'organization' && e.entityId === code);
      expect(entry).toEqual(
        expect.objectContaining({ action: 'organization.create', before: null, after: expect.objectContaining({ code, legalForm: 'certified_npo', coverage: { nationwide: false, localGovernments: [SAPPORO, MIE] } }) }),
      );
    });

    it.each([
      ['a code not of the form', 'code', { code: 'Bad-Code' }],
      ['an empty name', 'name', { name: '' }],
      ['an unknown legal form', 'legalForm', { legalForm: 'company' }],
      ['a URL that is not http(s)', 'url', { url: 'ftp://example.jp/' }],
      ['no coverage', 'coverage', { coverage: undefined }],
      ['an empty coverage', 'coverage', { coverage: {} }],
      ['nationwide and a list at once', 'coverage', { coverage: { nationwide: true, localGovernments: [TOKYO] } }],
      ['nationwide false without a list', 'coverage', { coverage: { nationwide: false } }],
      ['an empty list', 'coverage.localGovernments', { coverage: { localGovernments: [] } }],
      ['a code with a wrong check digit', 'coverage.localGovernments', { coverage: { localGovernments: [TOKYO, '130002'] } }],
      ['a valid code no local government has', 'coverage.localGovernments[1]', { coverage: { localGovernments: [TOKYO, '016951'] } }],
      ['a field it does not know', 'colour', { colour: 'blue' }],
    ])('refuses %s with a 400 naming %s, and stores nothing', async (_, field, change) => {
      const code = newCode();
      const body = { ...organization(code, { nationwide: true }), ...change };
      const res = await register(body).expect(400);
      expectErrorBody(res.body, 400);
      expect(fieldsOf(res.body)).toContain(field);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM organizations WHERE code = $1`, [body.code]);
      expect(count).toBe(0);
    });

    it('refuses a code already taken, by an organisation or by a national body, with a 409 naming code', async () => {
      const code = await registered({ nationwide: true });
      for (const taken of [code, 'mhlw']) {
        const res = await register(organization(taken, { localGovernments: [TOKYO] })).expect(409);
        expect(fieldsOf(res.body)).toEqual(['code']);
      }
      expect((await request(t.http).get(`/v1/organizations/${code}`).expect(200)).body.coverage).toEqual({ nationwide: true, localGovernments: [] });
    });

    it('is the ministry\'s alone: 403 to a prefecture and to an npo token, 401 without a token', async () => {
      const npo = (await t.tokens.issue('npo', undefined, unique('orgs unscoped npo'))).token;
      for (const token of [prefecture, npo]) expectErrorBody((await register(organization(newCode(), { nationwide: true }), token).expect(403)).body, 403);
      await request(t.http).post('/v1/organizations').send(organization(newCode(), { nationwide: true })).expect(401);
    });

    it('answers 404 for a code it does not hold, and 400 naming code for one not of the form', async () => {
      await request(t.http).get(`/v1/organizations/${newCode()}`).expect(404);
      expect(fieldsOf((await request(t.http).get('/v1/organizations/No').expect(400)).body)).toEqual(['code']);
    });
  });

  describe('npo tokens', () => {
    it('are scoped to an organisation that exists, by its code; unscoped they stay as before', async () => {
      const code = await registered({ nationwide: true });
      const issued = await t.tokens.issue('npo', code, unique('orgs scoped'));
      expect(issued).toEqual(expect.objectContaining({ role: 'npo', scope: code }));
      await expect(t.tokens.issue('npo', newCode(), unique('orgs unknown'))).rejects.toThrow(/no organisation has the code/);
      await expect(t.tokens.issue('npo', 'Not-A-Code', unique('orgs malformed'))).rejects.toThrow(/--scope of an npo token/);
      expect(await t.tokens.issue('npo', undefined, unique('orgs plain'))).toEqual(expect.objectContaining({ role: 'npo', scope: null }));
    });

    it('write their organisation\'s services and change their organisation, and get 403 on a government\'s, on another organisation\'s and on another organisation', async () => {
      const [ours, theirs] = [await registered({ localGovernments: [MIE] }), await registered({ nationwide: true })];
      const [token, otherToken] = [await npoToken(ours), await npoToken(theirs)];
      const unscoped = (await t.tokens.issue('npo', undefined, unique('orgs unscoped'))).token;

      const service = await createService(t, token, ours, { name: unique('支援団体のLINE相談'), audiences: ['youth'] });
      expect(service).toEqual(expect.objectContaining({ operatorCode: ours, operatorType: 'organization', prefectureCode: null }));
      await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(token)).send({ publicNotice: NOTICE }).expect(200);
      const theirService = await createService(t, otherToken, theirs);
      const [government] = await t.db.query(`SELECT id FROM line_services WHERE local_government_code = $1 LIMIT 1`, [MIE]);

      // Another organisation's service, a government's, an operator not theirs: 403, nothing written.
      for (const [what, send] of [
        ['create for another organisation', () => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(theirs))],
        ['create for a government', () => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(MIE))],
        ['change another organisation\'s service', () => request(t.http).patch(`/v1/services/${theirService.id}`).set(bearer(token)).send({ publicNotice: NOTICE })],
        ['change a government\'s service', () => request(t.http).patch(`/v1/services/${government.id}`).set(bearer(token)).send({ publicNotice: NOTICE })],
        ['change it with another organisation\'s token', () => request(t.http).patch(`/v1/services/${service.id}`).set(bearer(otherToken)).send({ publicNotice: null })],
        ['change it with an unscoped npo token', () => request(t.http).patch(`/v1/services/${service.id}`).set(bearer(unscoped)).send({ publicNotice: null })],
        ['change another organisation', () => request(t.http).patch(`/v1/organizations/${theirs}`).set(bearer(token)).send({ url: 'https://example.jp/' })],
        ['change an organisation unscoped', () => request(t.http).patch(`/v1/organizations/${ours}`).set(bearer(unscoped)).send({ url: 'https://example.jp/' })],
      ] as const) {
        const res = await send();
        expect({ what, status: res.status }).toEqual({ what, status: 403 });
      }
      const [{ notices }] = await t.db.query(`SELECT count(*)::int AS notices FROM line_services WHERE id = ANY ($1::uuid[]) AND public_notice IS NOT NULL`, [[theirService.id, government.id]]);
      expect(notices).toBe(0);
      expect((await request(t.http).get(`/v1/services/${service.id}`).expect(200)).body.publicNotice).toBe(NOTICE);

      // Its own organisation: its page and its coverage, audited with what was before.
      const changed = await request(t.http).patch(`/v1/organizations/${ours}`).set(bearer(token)).send({ url: 'https://example.jp/soudan', coverage: { localGovernments: [MIE, OSAKA_PREF] } }).expect(200);
      expect(changed.body).toEqual(expect.objectContaining({ url: 'https://example.jp/soudan', services: [{ id: service.id, name: service.name }] }));
      expect(changed.body.coverage.localGovernments.map((p: { code: string }) => p.code)).toEqual([MIE, OSAKA_PREF]);
      const audit = await request(t.http).get('/v1/audit').set(bearer(ministry)).query({ limit: 100 }).expect(200);
      const entry = audit.body.items.find((e: { action: string; entityId: string }) => e.action === 'organization.update' && e.entityId === ours);
      expect(entry.before).toEqual(expect.objectContaining({ url: null, coverage: { nationwide: false, localGovernments: [MIE] } }));
      expect(entry.after).toEqual(expect.objectContaining({ url: 'https://example.jp/soudan', coverage: { nationwide: false, localGovernments: [MIE, OSAKA_PREF] } }));
      expect(entry.actorRole).toBe('npo');
    });

    it('PATCH of an organisation: 400 naming the field, 400 for an empty body, 404 for one it does not hold', async () => {
      const code = await registered({ nationwide: true });
      const patch = (body: object, target = code) => request(t.http).patch(`/v1/organizations/${target}`).set(bearer(ministry)).send(body);
      expect(fieldsOf((await patch({ coverage: { localGovernments: ['016951'] } }).expect(400)).body)).toEqual(['coverage.localGovernments[0]']);
      expect(fieldsOf((await patch({ name: null }).expect(400)).body)).toContain('name');
      expect(fieldsOf((await patch({ code: 'other' }).expect(400)).body)).toContain('code');
      await patch({}).expect(400);
      await patch({ url: 'https://example.jp/' }, newCode()).expect(404);
      expect((await request(t.http).get(`/v1/organizations/${code}`).expect(200)).body.coverage).toEqual({ nationwide: true, localGovernments: [] });
    });
  });

  describe('availability', () => {
    it('lists an organisation\'s service, with level organization and its public notice, in every place of a covered prefecture, and nowhere else', async () => {
      const code = await registered({ localGovernments: [MIE] });
      const service = await createService(t, await npoToken(code), code, { name: unique('三重の支援団体'), publicNotice: NOTICE, audiences: ['youth'] });
      for (const place of [MIE, SUZUKA]) {
        const shown = (await availableAt(place)).find((s) => s.id === service.id);
        expect({ place, shown }).toEqual({ place, shown: expect.objectContaining({ level: 'organization', operatorCode: code, publicNotice: NOTICE, successorServiceId: null }) });
      }
      for (const place of [OSAKA_CITY, SAPPORO_CHUO, TOKYO]) expect({ place, listed: (await availableAt(place)).some((s) => s.id === service.id) }).toEqual({ place, listed: false });
      // Its operator is named as the organisation's name.
      const [{ name }] = await t.db.query(`SELECT name FROM organizations WHERE code = $1`, [code]);
      expect((await availableAt(SUZUKA)).find((s) => s.id === service.id)!.operatorName).toBe(name);
      // The list of a place's services has it too.
      const scope = await request(t.http).get(`/v1/local-governments/${SUZUKA}/services`).expect(200);
      expect(scope.body.items.find((s: Shown) => s.id === service.id)).toEqual(expect.objectContaining({ level: 'organization' }));
    });

    it('reaches a covered city and its wards, but not its prefecture nor the prefecture\'s other towns', async () => {
      const code = await registered({ localGovernments: [SAPPORO] });
      const service = await createService(t, await npoToken(code), code);
      const listed = async (place: string) => (await availableAt(place)).some((s) => s.id === service.id);
      expect([await listed(SAPPORO), await listed(SAPPORO_CHUO), await listed(HOKKAIDO), await listed(HAKODATE)]).toEqual([true, true, false, false]);
    });

    it('lists a nationwide organisation\'s service everywhere, after the national bodies\' among services equally open', async () => {
      const code = await registered({ nationwide: true });
      const service = await createService(t, await npoToken(code), code, { lineHours: { type: 'always' } });
      for (const place of [SUZUKA, SAPPORO_CHUO, TOKYO, HAKODATE]) {
        const services = await availableAt(place);
        const at = services.findIndex((s) => s.id === service.id);
        expect({ place, level: services[at]?.level, open: services[at]?.somethingOpen }).toEqual({ place, level: 'organization', open: true });
        // Open, and not life-critical consultation: every government service as open and as critical comes before it.
        const alike = (s: Shown) => s.somethingOpen && !(s.lifeCritical && s.category === 'consultation');
        expect({ place, after: services.slice(at + 1).filter((s) => alike(s) && s.level !== 'organization').map((s) => s.id) }).toEqual({ place, after: [] });
      }
      // D×P's 「ユキサキチャット」, seeded nationwide, is listed too.
      expect((await availableAt(TOKYO)).some((s) => s.operatorCode === 'dxp' && s.level === 'organization')).toBe(true);
    });

    it('follows a change of coverage in the very next answer, on an index it had already built', async () => {
      const code = await registered({ localGovernments: [MIE] });
      const service = await createService(t, await npoToken(code), code);
      const listed = async (place: string) => (await availableAt(place)).some((s) => s.id === service.id);
      expect([await listed(SUZUKA), await listed(OSAKA_CITY)]).toEqual([true, false]);
      await request(t.http).patch(`/v1/organizations/${code}`).set(bearer(ministry)).send({ coverage: { localGovernments: [OSAKA_PREF] } }).expect(200);
      expect([await listed(SUZUKA), await listed(OSAKA_CITY)]).toEqual([false, true]);
      await request(t.http).patch(`/v1/organizations/${code}`).set(bearer(ministry)).send({ coverage: { nationwide: true } }).expect(200);
      expect([await listed(SUZUKA), await listed(OSAKA_CITY)]).toEqual([true, true]);
    });

    it('shows, for a discontinued service, the service that replaced it', async () => {
      const code = await registered({ localGovernments: [MIE] });
      const token = await npoToken(code);
      const [old, replacement] = [await createService(t, token, code), await createService(t, token, code)];
      await request(t.http).post(`/v1/services/${old.id}/status-changes`).set(bearer(token)).send({ status: 'discontinued' }).expect(201);
      await request(t.http).patch(`/v1/services/${old.id}`).set(bearer(token)).send({ successorServiceId: replacement.id }).expect(200);
      const shown = (await availableAt(SUZUKA)).find((s) => s.id === old.id);
      expect(shown).toEqual(expect.objectContaining({ status: 'discontinued', successorServiceId: replacement.id }));
    });
  });
});
