import request from 'supertest';
import { DataSource } from 'typeorm';
import { LINE_2021_CASES, verificationOf } from '../seeds/line-2021-cases';
import { ORGANIZATION_2021_CASES } from '../seeds/organizations';
import { FORMER_ENGLISH_CASES } from '../seeds/line-2021-cases-former-english';
import { insertCases, seed, SEED_RECORDER as RECORDED_BY_SEED } from '../seeds/seed';
import { connect } from '../src/database/connect';
import { startApp, TestApp } from './support/app';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';

// Fixed dates: the effective times the 2021 sources state for the seed cases: in the past,
// with the seed data that records them.

const SEED_RECORDER = 'seed: line-2021-cases.md';
/** Kana or kanji: a name written in Japanese. */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const SUSPENDED_26_MARCH = '2021-03-25T15:00:00.000Z'; // 26 Mar 2021 00:00 JST
const INTERNAL_KEYS = ['tokenId', 'token_id', 'recordedByTokenId', 'recorded_by_token_id', 'tokenHash', 'token_hash'];

interface Channel {
  id: string;
  kind: string;
  label: string;
  contact: string;
  contactKnown: boolean;
  validNow: boolean;
  validUntil: string | null;
}
interface Change {
  status: string;
  effectiveAt: string | null;
  inEffect: boolean;
  recordedBy: string;
}
interface Service {
  id: string;
  name: string;
  nameEn: string | null;
  department: string | null;
  operatorCode: string;
  operatorName: string;
  prefectureCode: string | null;
  category: string;
  audiences: string[];
  handlesPersonalData: boolean;
  lifeCritical: boolean;
  currentStatus: string | null;
  currentStatusSince: string | null;
  fallbackChannels: Channel[];
  timeline: Change[];
}

/** Every key of every object inside a JSON value. */
function keysDeep(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, keys);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      keysDeep(v, keys);
    }
  }
  return keys;
}

describe('the seeded 2021 cases, as the public API shows them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  /** Every service of an operator, all pages; the seeded ones are those the seed recorded. */
  async function servicesOf(operator: string): Promise<{ all: Service[]; seeded: Map<string, Service> }> {
    const all: Service[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.http)
        .get('/v1/services')
        .query({ operator, limit: 200, ...(cursor ? { cursor } : {}) })
        .expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const seeded = all.filter((s) => s.timeline.length > 0 && s.timeline.every((c) => c.recordedBy === SEED_RECORDER));
    return { all, seeded: new Map(seeded.map((s) => [s.name, s])) };
  }

  it('lists 札幌市\'s three consultation services as suspended from 26 Mar 2021 with phone, e-mail and in-person channels', async () => {
    const { all, seeded } = await servicesOf('011002');
    expect(all.every((s) => s.operatorCode === '011002')).toBe(true);
    expect([...seeded.keys()].sort()).toEqual(
      ['若者向け進路相談', '子どもの悩み相談', '若者向け就職相談', '情報発信', '水道料金のLINE Pay支払い'].sort(),
    );
    const audiences: Record<string, string[]> = {
      '子どもの悩み相談': ['children'],
      '若者向け進路相談': ['youth'],
      '若者向け就職相談': ['youth', 'job_seekers'],
    };
    for (const [name, expected] of Object.entries(audiences)) {
      const s = seeded.get(name)!;
      expect(s).toEqual(
        expect.objectContaining({
          operatorName: '札幌市',
          prefectureCode: '01',
          category: 'consultation',
          audiences: expected,
          handlesPersonalData: true,
          lifeCritical: false,
          currentStatus: 'suspended',
          currentStatusSince: SUSPENDED_26_MARCH,
        }),
      );
      expect(s.timeline.map((c) => [c.status, c.effectiveAt, c.inEffect])).toEqual([
        ['active', null, true],
        ['suspended', SUSPENDED_26_MARCH, true],
      ]);
      expect(s.fallbackChannels.map((c) => c.kind).sort()).toEqual(['email', 'in_person', 'phone']);
      for (const c of s.fallbackChannels) expect(c).toEqual(expect.objectContaining({ contact: '', contactKnown: false, validNow: true, validUntil: null }));
      expect(s.fallbackChannels.find((c) => c.kind === 'in_person')!.label).toBe('面談');
    }
  });

  it('lists 札幌市\'s payment and information services as active, with no channels', async () => {
    const { seeded } = await servicesOf('011002');
    expect(seeded.get('水道料金のLINE Pay支払い')).toEqual(
      expect.objectContaining({ category: 'payment', handlesPersonalData: true, currentStatus: 'active', currentStatusSince: null, fallbackChannels: [] }),
    );
    expect(seeded.get('情報発信')).toEqual(
      expect.objectContaining({ category: 'information', handlesPersonalData: false, currentStatus: 'active', currentStatusSince: null, fallbackChannels: [] }),
    );
    expect(seeded.get('情報発信')!.timeline.map((c) => [c.status, c.effectiveAt])).toEqual([['active', null]]);
  });

  it('finds the three suspended ones through the status filter too', async () => {
    const res = await request(t.http).get('/v1/services').query({ operator: '011002', status: 'suspended', limit: 200 }).expect(200);
    const names = res.body.items.map((s: Service) => s.name);
    for (const name of ['子どもの悩み相談', '若者向け進路相談', '若者向け就職相談']) expect(names).toContain(name);
    expect(names).not.toContain('水道料金のLINE Pay支払い');
    expect(names).not.toContain('情報発信');
  });

  it('shows the same timeline and channels on the service\'s own endpoints', async () => {
    const { seeded } = await servicesOf('011002');
    const s = seeded.get('子どもの悩み相談')!;
    const one = await request(t.http).get(`/v1/services/${s.id}`).expect(200);
    expect(one.headers.etag).toBe(`"${one.body.version}"`);
    // openSeconds is counted at each answer: two reads a second apart differ by one.
    type Aged = { openGaps: { openSeconds: number }[] };
    const listed = s as unknown as Aged;
    const withoutAge = (service: Aged) => ({ ...service, openGaps: service.openGaps.map(({ openSeconds: _age, ...gap }) => gap) });
    expect(withoutAge(one.body)).toEqual(withoutAge(listed));
    one.body.openGaps.forEach((gap: { openSeconds: number }, i: number) => expect(gap.openSeconds - listed.openGaps[i].openSeconds).toBeLessThanOrEqual(5));
    const timeline = await request(t.http).get(`/v1/services/${s.id}/status-changes`).expect(200);
    expect(timeline.body.items).toEqual(s.timeline);
    const all = await request(t.http).get(`/v1/services/${s.id}/fallback-channels`).query({ state: 'all' }).expect(200);
    expect(all.body.items.map((c: Channel) => c.id).sort()).toEqual(s.fallbackChannels.map((c) => c.id).sort());
  });

  it('lists 三重県\'s service as suspended (undated) with no channels', async () => {
    const { seeded } = await servicesOf('240001');
    const s = seeded.get('就職氷河期世代の就職相談（LINE）')!;
    expect(s).toEqual(expect.objectContaining({ operatorName: '三重県', prefectureCode: '24', currentStatus: 'suspended', currentStatusSince: null, fallbackChannels: [], audiences: ['job_seekers', 'adults'] }));
    expect(s.timeline.map((c) => [c.status, c.effectiveAt])).toEqual([
      ['active', null],
      ['suspended', null],
    ]);
  });

  it('lists 千葉県\'s two services as active and life-critical', async () => {
    const { seeded } = await servicesOf('120006');
    expect([...seeded.keys()].sort()).toEqual(['いのち支えるSNS@ちば', 'SNS相談@ちば'].sort());
    for (const s of seeded.values()) {
      expect(s).toEqual(expect.objectContaining({ operatorName: '千葉県', prefectureCode: '12', category: 'consultation', currentStatus: 'active', lifeCritical: true, handlesPersonalData: true }));
    }
  });

  it('lists MHLW\'s health check as suspended from 20 Mar 2021 with e-mail continuing, and no prefecture', async () => {
    const { seeded } = await servicesOf('mhlw');
    const s = seeded.get('入国者の健康状態の確認')!;
    expect(s).toEqual(
      expect.objectContaining({ operatorName: '厚生労働省', prefectureCode: null, category: 'health_monitoring', audiences: ['international_arrivals'], currentStatus: 'suspended', currentStatusSince: '2021-03-19T15:00:00.000Z' }),
    );
    expect(s.fallbackChannels).toEqual([expect.objectContaining({ kind: 'email', contact: '', contactKnown: false })]);
  });

  it('shows 大阪府\'s postponed vaccine reservation: the later undated entry wins', async () => {
    const { seeded } = await servicesOf('270008');
    const s = seeded.get('医療従事者向け新型コロナワクチン接種予約')!;
    expect(s.currentStatus).toBe('postponed');
    expect(s.timeline.map((c) => c.status)).toEqual(['planned', 'postponed']);
    expect(seeded.get('LINE相談')!.fallbackChannels.find((c) => c.kind === 'phone')).toEqual(expect.objectContaining({ label: '24時間対応の電話相談' }));
  });

  it('shows 埼玉県\'s 「SNS教育相談@埼玉県教委」 by its proper name, suspended on 29 Mar 2021 with the 24-hour phone consultation', async () => {
    const { seeded } = await servicesOf('110001');
    const s = seeded.get('SNS教育相談@埼玉県教委')!;
    expect(s).toEqual(
      expect.objectContaining({ operatorName: '埼玉県', department: '埼玉県教育委員会', currentStatus: 'suspended', currentStatusSince: '2021-03-28T15:00:00.000Z', nameEn: expect.any(String) }),
    );
    expect(s.fallbackChannels.map((c) => [c.kind, c.label])).toEqual([['phone', '24時間の電話相談']]);
    const found = await request(t.http).get('/v1/services').query({ q: '埼玉県教委', limit: 200 }).expect(200);
    expect(found.body.items.map((item: Service) => item.id)).toContain(s.id);
  });

  it('names every 2021 service in Japanese, with its English name as nameEn, and labels its channels in Japanese', async () => {
    const operators = [...new Set(LINE_2021_CASES.map((c) => c.operatorCode))];
    const shown: [string, string, string | null][] = [];
    for (const operator of operators) {
      const { seeded } = await servicesOf(operator);
      for (const s of seeded.values()) {
        shown.push([operator, s.name, s.nameEn]);
        expect({ name: s.name, japanese: JAPANESE.test(s.name) }).toEqual({ name: s.name, japanese: true });
        for (const c of s.fallbackChannels) expect({ label: c.label, japanese: JAPANESE.test(c.label) }).toEqual({ label: c.label, japanese: true });
      }
    }
    const expected = LINE_2021_CASES.map((c): [string, string, string | null] => [c.operatorCode, c.name, c.nameEn]);
    expect(shown.sort()).toEqual(expected.sort());
    expect(shown.every(([, , nameEn]) => typeof nameEn === 'string' && nameEn.length > 0)).toBe(true);
  });

  it('registers D×P (認定NPO法人, nationwide) with 「ユキサキチャット」, active, with nothing the sources do not give, verified as of its statement of 25 Mar 2021', async () => {
    const dxp = (await request(t.http).get('/v1/organizations/dxp').expect(200)).body;
    expect(dxp).toEqual(
      expect.objectContaining({ code: 'dxp', name: 'D×P', nameEn: null, legalForm: 'certified_npo', legalFormLabel: '認定NPO法人', url: null, coverage: { nationwide: true, localGovernments: [] } }),
    );
    const seeded = dxp.services.filter((s: { name: string }) => s.name === 'ユキサキチャット');
    expect(seeded).toHaveLength(1);
    const service = (await request(t.http).get(`/v1/services/${seeded[0].id}`).expect(200)).body;
    expect(service).toEqual(
      expect.objectContaining({
        operatorCode: 'dxp',
        operatorType: 'organization',
        operatorName: 'D×P',
        prefectureCode: null,
        nameEn: null,
        category: 'consultation',
        audiences: ['children', 'youth'],
        currentStatus: 'active',
        url: null,
        lineHours: null,
        publicNotice: null,
        fallbackChannels: [],
        lastVerifiedAt: '2021-03-24T15:00:00.000Z',
        lastVerifiedBy: SEED_RECORDER,
      }),
    );
    expect(service.timeline.map((c: Change) => [c.status, c.effectiveAt, c.recordedBy])).toEqual([['active', null, SEED_RECORDER]]);
  });

  it('holds the notice and the data handling the sources give, and "not known" elsewhere', async () => {
    const rows: { operator_code: string; name: string; public_notice: string | null; conversation_data_storage: string; handles_confidential_data: boolean | null }[] = await t.db.query(
      `SELECT operator_code, name, public_notice, conversation_data_storage, handles_confidential_data FROM line_services s
        WHERE EXISTS (SELECT 1 FROM status_changes c WHERE c.service_id = s.id AND c.recorded_by = $1)`,
      [SEED_RECORDER],
    );
    const known = (r: (typeof rows)[number]) => `${r.operator_code} ${r.name}`;
    // 大阪府教育センター's LINE screen; 三重県's account, whose data stays on LINE's servers.
    expect(rows.filter((r) => r.public_notice !== null).map((r) => [known(r), r.public_notice])).toEqual([['270008 LINE相談', 'LINE相談はしばらくお休みします']]);
    expect(rows.filter((r) => r.conversation_data_storage !== 'unknown').map((r) => [known(r), r.conversation_data_storage])).toEqual([['240001 就職氷河期世代の就職相談（LINE）', 'line_servers']]);
    expect(rows.every((r) => r.handles_confidential_data === null)).toBe(true);
  });

  it('records every 2021 service as verified at its source date, by the seed, apart from its edits', async () => {
    const rows: { operator_code: string; name: string; verified_at: Date; method: string; last_verified_at: Date; updated_at: Date; created_at: Date }[] = await t.db.query(
      `SELECT s.operator_code, s.name, v.verified_at, v.method, s.last_verified_at, s.updated_at, s.created_at
         FROM service_verifications v JOIN line_services s ON s.id = v.service_id
        WHERE v.verified_by = $1`,
      [SEED_RECORDER],
    );
    const cases = [...LINE_2021_CASES, ...ORGANIZATION_2021_CASES];
    expect(rows.map((r) => `${r.operator_code}/${r.name}`).sort()).toEqual(cases.map((c) => `${c.operatorCode}/${c.name}`).sort());
    for (const c of cases) {
      const row = rows.find((r) => r.operator_code === c.operatorCode && r.name === c.name)!;
      expect([c.name, row.verified_at.toISOString(), row.method]).toEqual([c.name, new Date(verificationOf(c).verifiedAt).toISOString(), 'official_notice']);
      // The latest verification: the seed's, unless someone verified it since.
      expect(row.last_verified_at.getTime()).toBeGreaterThanOrEqual(row.verified_at.getTime());
    }
  });

  it('shows no internal fields on public reads', async () => {
    const { seeded } = await servicesOf('011002');
    const s = seeded.get('子どもの悩み相談')!;
    const bodies = [
      (await request(t.http).get('/v1/services').query({ operator: '011002', limit: 200 }).expect(200)).body,
      (await request(t.http).get('/v1/services').query({ limit: 200 }).expect(200)).body,
      (await request(t.http).get(`/v1/services/${s.id}`).expect(200)).body,
      (await request(t.http).get(`/v1/services/${s.id}/status-changes`).expect(200)).body,
      (await request(t.http).get(`/v1/services/${s.id}/fallback-channels`).query({ state: 'all' }).expect(200)).body,
    ];
    for (const body of bodies) {
      const keys = keysDeep(body);
      for (const key of INTERNAL_KEYS) expect(keys.has(key)).toBe(false);
    }
  });
});

describe('the seed on a database an earlier seed filled in English', () => {
  let own: OwnDatabase;
  let db: DataSource;
  /** Former English name → id, as the earlier seed left them. */
  let formerIds: Map<string, string>;
  let handMade: string;

  const keyOf = (operatorCode: string, name: string) => `${operatorCode}/${name}`;
  const snapshot = async () => {
    const [row] = await db.query(`
      SELECT (SELECT count(*) FROM line_services)::int AS services,
             (SELECT md5(string_agg(s::text, ',' ORDER BY s.id)) FROM line_services s) AS services_hash,
             (SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) FROM status_changes c) AS changes_hash,
             (SELECT md5(string_agg(f::text, ',' ORDER BY f.id)) FROM fallback_channels f) AS channels_hash,
             (SELECT md5(string_agg(v::text, ',' ORDER BY v.id)) FROM service_verifications v) AS verifications_hash,
             (SELECT md5(string_agg(o::text, ',' ORDER BY o.code)) FROM organizations o) AS organizations_hash,
             (SELECT value FROM availability_counter) AS availability_counter`);
    return row;
  };

  beforeAll(async () => {
    own = await createOwnDatabase('seed_upgrade');
    db = await connect(own.url, 'line-tracker-test-seed-upgrade');
    // The services as the seed wrote them until issue 13: English names, no name_en.
    await db.query(`TRUNCATE line_services, report_counts RESTART IDENTITY CASCADE`);
    await db.transaction((manager) => insertCases(manager, FORMER_ENGLISH_CASES));
    const rows: { id: string; operator_code: string; name: string }[] = await db.query(`SELECT id, operator_code, name FROM line_services`);
    formerIds = new Map(rows.map((r) => [keyOf(r.operator_code, r.name), r.id]));
    // Someone since edited a description, and made a service of the Japanese name by hand beside the seed's.
    await db.query(`UPDATE line_services SET description = '担当課が手で書き換えた説明' WHERE id = $1`, [formerIds.get(keyOf('mod', 'Recruitment and event notices'))]);
    [{ id: handMade }] = await db.query(
      `INSERT INTO line_services (local_government_code, prefecture_code, name, category, audiences) VALUES ('131130', '13', '公式LINEアカウント', 'information', '{general}') RETURNING id`,
    );
    await db.query(`INSERT INTO status_changes (service_id, status, recorded_by) VALUES ($1, 'active', 'demo: 渋谷区 (municipality 131130)')`, [handMade]);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await own?.drop();
  });

  it('renames the seed\'s own records in place: same ids, Japanese names, the English name kept as name_en, no duplicates; and the second run changes nothing', async () => {
    expect(formerIds.size).toBe(FORMER_ENGLISH_CASES.length);
    const before = await snapshot();
    const first = await seed(db);
    const shibuya = formerIds.get(keyOf('131130', 'Official LINE account'))!;
    expect(first).toEqual(
      expect.objectContaining({
        // 「ユキサキチャット」: the earlier seed had no organisations.
        organizations: 1,
        servicesCreated: 1,
        servicesUpdated: FORMER_ENGLISH_CASES.length - 1,
        renamesSkipped: [{ id: shibuya, operatorCode: '131130', formerName: 'Official LINE account', name: '公式LINEアカウント' }],
      }),
    );
    const after = await snapshot();
    expect(after.services).toBe(before.services + 1);

    const rows: { id: string; operator_code: string; name: string; name_en: string | null; version: number; description: string }[] = await db.query(
      `SELECT id, operator_code, name, name_en, version, description FROM line_services`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    LINE_2021_CASES.forEach((now, i) => {
      const id = formerIds.get(keyOf(now.operatorCode, FORMER_ENGLISH_CASES[i].name))!;
      const row = byId.get(id)!;
      if (id === shibuya) expect(row).toEqual(expect.objectContaining({ name: 'Official LINE account', name_en: null, version: 1 }));
      else expect(row).toEqual(expect.objectContaining({ operator_code: now.operatorCode, name: now.name, name_en: now.nameEn, version: 2 }));
    });
    expect(byId.get(handMade)).toEqual(expect.objectContaining({ name: '公式LINEアカウント', name_en: null, version: 1 }));
    expect(byId.get(formerIds.get(keyOf('mod', 'Recruitment and event notices'))!)!.description).toBe('担当課が手で書き換えた説明');
    expect(byId.get(formerIds.get(keyOf('011002', "Children's worries consultation"))!)!.description).toBe('子どもたちからの悩みなどのLINE相談。');

    // Their timelines and channels, in Japanese too: the same rows, relabelled.
    const reasons: { reason: string }[] = await db.query(`SELECT reason FROM status_changes WHERE recorded_by = $1 AND service_id <> $2`, [RECORDED_BY_SEED, shibuya]);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.map((r) => r.reason).filter((reason) => !JAPANESE.test(reason))).toEqual([]);
    const channels: { label: string; kind: string }[] = await db.query(`SELECT kind, label FROM fallback_channels WHERE service_id = $1`, [formerIds.get(keyOf('011002', "Children's worries consultation"))]);
    expect(channels.map((c) => `${c.kind} ${c.label}`).sort()).toEqual(['email メール相談', 'in_person 面談', 'phone 電話相談']);

    // Verified as of their source dates, the renamed records as the new ones, without an edit (no new version).
    const verified: { id: string; last_verified_at: Date; last_verified_by: string; verifications: number }[] = await db.query(
      `SELECT s.id, s.last_verified_at, s.last_verified_by, (SELECT count(*)::int FROM service_verifications v WHERE v.service_id = s.id) AS verifications FROM line_services s`,
    );
    const verifiedById = new Map(verified.map((r) => [r.id, r]));
    LINE_2021_CASES.forEach((now, i) => {
      const id = formerIds.get(keyOf(now.operatorCode, FORMER_ENGLISH_CASES[i].name))!;
      const row = verifiedById.get(id)!;
      if (id === shibuya) expect(row).toEqual(expect.objectContaining({ last_verified_at: null, verifications: 0 }));
      else expect(row).toEqual(expect.objectContaining({ last_verified_at: new Date(verificationOf(now).verifiedAt), last_verified_by: RECORDED_BY_SEED, verifications: 1 }));
    });
    expect(verifiedById.get(handMade)).toEqual(expect.objectContaining({ last_verified_at: null, verifications: 0 }));

    const second = await seed(db);
    expect(second).toEqual(expect.objectContaining({ servicesCreated: 0, servicesAlreadyThere: LINE_2021_CASES.length + ORGANIZATION_2021_CASES.length, servicesUpdated: 0 }));
    expect(second.renamesSkipped).toEqual(first.renamesSkipped);
    expect(await snapshot()).toEqual(after);
  }, 60_000);
});
