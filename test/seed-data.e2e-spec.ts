import request from 'supertest';
import { startApp, TestApp } from './support/app';

// Fixed dates: the effective times the 2021 sources state for the seed cases: in the past,
// with the seed data that records them.

const SEED_RECORDER = 'seed: line-2021-cases.md';
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
      ['Career consultation for young people', "Children's worries consultation", 'Employment consultation for young people', 'Information dissemination', 'Water-bill payment via LINE Pay'].sort(),
    );
    const audiences: Record<string, string[]> = {
      "Children's worries consultation": ['children'],
      'Career consultation for young people': ['youth'],
      'Employment consultation for young people': ['youth', 'job_seekers'],
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
      expect(s.fallbackChannels.find((c) => c.kind === 'in_person')!.label).toBe('In-person interview');
    }
  });

  it('lists 札幌市\'s payment and information services as active, with no channels', async () => {
    const { seeded } = await servicesOf('011002');
    expect(seeded.get('Water-bill payment via LINE Pay')).toEqual(
      expect.objectContaining({ category: 'payment', handlesPersonalData: true, currentStatus: 'active', currentStatusSince: null, fallbackChannels: [] }),
    );
    expect(seeded.get('Information dissemination')).toEqual(
      expect.objectContaining({ category: 'information', handlesPersonalData: false, currentStatus: 'active', currentStatusSince: null, fallbackChannels: [] }),
    );
    expect(seeded.get('Information dissemination')!.timeline.map((c) => [c.status, c.effectiveAt])).toEqual([['active', null]]);
  });

  it('finds the three suspended ones through the status filter too', async () => {
    const res = await request(t.http).get('/v1/services').query({ operator: '011002', status: 'suspended', limit: 200 }).expect(200);
    const names = res.body.items.map((s: Service) => s.name);
    for (const name of ["Children's worries consultation", 'Career consultation for young people', 'Employment consultation for young people']) expect(names).toContain(name);
    expect(names).not.toContain('Water-bill payment via LINE Pay');
    expect(names).not.toContain('Information dissemination');
  });

  it('shows the same timeline and channels on the service\'s own endpoints', async () => {
    const { seeded } = await servicesOf('011002');
    const s = seeded.get("Children's worries consultation")!;
    const one = await request(t.http).get(`/v1/services/${s.id}`).expect(200);
    expect(one.headers.etag).toBe(`"${one.body.version}"`);
    expect(one.body).toEqual(s);
    const timeline = await request(t.http).get(`/v1/services/${s.id}/status-changes`).expect(200);
    expect(timeline.body.items).toEqual(s.timeline);
    const all = await request(t.http).get(`/v1/services/${s.id}/fallback-channels`).query({ state: 'all' }).expect(200);
    expect(all.body.items.map((c: Channel) => c.id).sort()).toEqual(s.fallbackChannels.map((c) => c.id).sort());
  });

  it('lists 三重県\'s service as suspended (undated) with no channels', async () => {
    const { seeded } = await servicesOf('240001');
    const s = seeded.get('LINE consultation for job seekers of the employment ice-age generation')!;
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
    const s = seeded.get('Daily health check of people entering Japan')!;
    expect(s).toEqual(
      expect.objectContaining({ operatorName: '厚生労働省', prefectureCode: null, category: 'health_monitoring', audiences: ['international_arrivals'], currentStatus: 'suspended', currentStatusSince: '2021-03-19T15:00:00.000Z' }),
    );
    expect(s.fallbackChannels).toEqual([expect.objectContaining({ kind: 'email', contact: '', contactKnown: false })]);
  });

  it('shows 大阪府\'s postponed vaccine reservation: the later undated entry wins', async () => {
    const { seeded } = await servicesOf('270008');
    const s = seeded.get('LINE vaccine reservation for medical workers')!;
    expect(s.currentStatus).toBe('postponed');
    expect(s.timeline.map((c) => c.status)).toEqual(['planned', 'postponed']);
    expect(seeded.get('LINE相談')!.fallbackChannels.find((c) => c.kind === 'phone')).toEqual(expect.objectContaining({ label: '24-hour phone consultation' }));
  });

  it('shows no internal fields on public reads', async () => {
    const { seeded } = await servicesOf('011002');
    const s = seeded.get("Children's worries consultation")!;
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
