import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { jobIds, QueueName } from '../src/jobs/jobs';
import { bearer, createService, expectNothingStored, fieldsOf, startApp, TestApp, tokenFor, UNKNOWN_ID, unique } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

interface Gap {
  id: string;
  serviceId: string;
  kind: string;
  severity: string;
  state: string;
  resolution: string | null;
  details: Record<string, unknown>;
}

const HOUR_MS = 3_600_000;

/**
 * Issue 14's engine: verifications kept apart from edits, stale_record, and the
 * stop_before_switch warning, through the API and the real worker. Records are made old by
 * moving their created_at and last_verified_at back in SQL (a verification takes the clock).
 */
describe('verified or stale, and switch first, then stop', () => {
  let t: TestApp;
  let worker: TestWorker;
  let osaka: string;
  let tokyo: string;
  let npo: string;
  let npoOfAnOrganisation: string;
  let ministry: string;

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
    osaka = await tokenFor(t, 'prefecture', '27');
    tokyo = await tokenFor(t, 'prefecture', '13');
    npo = await tokenFor(t, 'npo');
    ministry = await tokenFor(t, 'ministry');
    // An npo token of an organisation that runs none of the services here.
    const other = await organisation();
    npoOfAnOrganisation = (await t.tokens.issue('npo', other, unique('test npo of another organisation'))).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  /** A registered organisation covering the whole country; its code. */
  const organisation = async (): Promise<string> => {
    const code = `eng_${Math.random().toString(36).slice(2, 12)}`;
    await request(t.http).post('/v1/organizations').set(bearer(ministry)).send({ code, name: unique('テスト支援団体'), legalForm: 'certified_npo', coverage: { nationwide: true } }).expect(201);
    return code;
  };
  const gapsOf = async (serviceId: string): Promise<Gap[]> => (await request(t.http).get(`/v1/services/${serviceId}/gaps`).expect(200)).body.items;
  const openGap = (serviceId: string, kind: string) => async () => (await gapsOf(serviceId)).find((g) => g.kind === kind && g.state === 'open');
  const resolvedGap = (serviceId: string, kind: string) => async () => (await gapsOf(serviceId)).find((g) => g.kind === kind && g.state === 'resolved');
  const verify = (serviceId: string, token: string, body: Record<string, unknown> = { method: 'phone_call' }) =>
    request(t.http).post(`/v1/services/${serviceId}/verifications`).set(bearer(token)).send(body);
  /** The Tokyo day `days` from today, YYYY-MM-DD, by the database's clock. */
  const tokyoDay = async (days: number): Promise<string> =>
    (await t.db.query(`SELECT to_char(hours_tokyo_day(now()) + $1::int, 'YYYY-MM-DD') AS d`, [days]))[0].d;
  /** Makes a record as old as given: created (and, unless null, last verified) that many hours ago. */
  const age = async (serviceId: string, createdHoursAgo: number, verifiedHoursAgo: number | null) =>
    t.db.query(
      `UPDATE line_services SET created_at = now() - make_interval(hours => $2), last_verified_at = now() - make_interval(hours => $3::int),
              last_verified_by = CASE WHEN $3::int IS NULL THEN NULL ELSE 'test: aged' END
        WHERE id = $1`,
      [serviceId, createdHoursAgo, verifiedHoursAgo],
    );

  describe('stale_record', () => {
    it('opens for a children\'s consultation never verified in 30 days, one step below its gap, listed under kind=stale_record, and a verification resolves it with verified', async () => {
      const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
      await age(service.id, 30 * 24 + 1, null);
      await worker.engine.sweep();

      const stale = await waitFor(openGap(service.id, 'stale_record'));
      // A children's consultation: critical as a gap, so high as a stale record.
      expect(stale.severity).toBe('high');
      const [{ created_at }] = await t.db.query(`SELECT created_at FROM line_services WHERE id = $1`, [service.id]);
      expect(stale.details).toEqual({ lastVerifiedAt: null, staleSince: new Date(created_at.getTime() + 30 * 24 * HOUR_MS).toISOString(), policyDays: 30 });

      const listed = await request(t.http).get('/v1/gaps').query({ kind: 'stale_record', operator: '271004', limit: 500 }).set(bearer(ministry)).expect(200);
      expect(listed.body.items.map((g: Gap) => g.id)).toContain(stale.id);
      expect(listed.body.items.every((g: Gap) => g.kind === 'stale_record')).toBe(true);

      const before = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
      const res = await verify(service.id, osaka, { method: 'website', sourceUrl: 'https://www.pref.osaka.lg.jp/', note: '公式サイトで確認' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        serviceId: service.id,
        method: 'website',
        sourceUrl: 'https://www.pref.osaka.lg.jp/',
        note: '公式サイトで確認',
        verifiedAt: expect.any(String),
        verifiedBy: expect.stringContaining('test prefecture'),
        recordedAt: expect.any(String),
      });
      const [{ now }] = await t.db.query(`SELECT now()`);
      expect(Math.abs(new Date(res.body.verifiedAt).getTime() - now.getTime())).toBeLessThan(60_000);

      const resolved = await waitFor(resolvedGap(service.id, 'stale_record'), 10_000);
      expect(resolved).toMatchObject({ id: stale.id, resolution: 'verified' });
      expect(await openGap(service.id, 'stale_record')()).toBeUndefined();

      // A verification is not an edit: updatedAt stays. The answer did change (lastVerifiedAt), so the
      // version, which is its ETag, moves: a cached copy is not taken for current.
      const after = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
      expect(after.body.version).toBe(before.body.version + 1);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.body.updatedAt).toBe(before.body.updatedAt);
      await request(t.http).get(`/v1/services/${service.id}`).set('If-None-Match', before.headers.etag).expect(200);
      expect(before.body).toMatchObject({ lastVerifiedAt: null, lastVerifiedBy: null });
      expect(after.body).toMatchObject({ lastVerifiedAt: res.body.verifiedAt, lastVerifiedBy: res.body.verifiedBy });
      const [row] = await t.db.query(`SELECT last_verified_at, last_verified_by FROM line_services WHERE id = $1`, [service.id]);
      expect({ at: row.last_verified_at.toISOString(), by: row.last_verified_by }).toEqual({ at: res.body.verifiedAt, by: res.body.verifiedBy });
      // What webhooks deliver: gap.opened and gap.resolved events of the finding, handed to the webhooks queue.
      const events = await waitFor(async () => {
        const rows: { type: string; kind: string; resolution: string | null; dispatched: boolean }[] = await t.db.query(
          `SELECT type, data->>'kind' AS kind, data->>'resolution' AS resolution, dispatched_at IS NOT NULL AS dispatched
             FROM events WHERE service_id = $1 AND data->>'findingId' = $2 ORDER BY occurred_at`,
          [service.id, stale.id],
        );
        return rows.length === 2 && rows.every((r) => r.dispatched) ? rows : undefined;
      }, 10_000);
      expect(events).toEqual([
        { type: 'gap.opened', kind: 'stale_record', resolution: null, dispatched: true },
        { type: 'gap.resolved', kind: 'stale_record', resolution: 'verified', dispatched: true },
      ]);
      // Audited as service writes are.
      const audit = await t.db.query(`SELECT action, entity_type, entity_id, before, after FROM audit_log WHERE service_id = $1 AND action = 'service.verify'`, [service.id]);
      expect(audit).toEqual([{ action: 'service.verify', entity_type: 'service_verification', entity_id: res.body.id, before: { lastVerifiedAt: null, lastVerifiedBy: null }, after: res.body }]);
    });

    it('allows 90 days to other services, counts from the last verification, and leaves discontinued services alone', async () => {
      const general = { category: 'information', audiences: ['general'], handlesPersonalData: false, lifeCritical: false };
      const fresh = await createService(t, osaka, '271004', general);
      const old = await createService(t, osaka, '271004', general);
      const gone = await createService(t, osaka, '271004', general);
      const youth = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['youth'] });
      await request(t.http).post(`/v1/services/${gone.id}/status-changes`).set(bearer(osaka)).send({ status: 'discontinued', reason: 'test' }).expect(201);
      await age(fresh.id, 400 * 24, 60 * 24);
      await age(old.id, 400 * 24, 91 * 24);
      await age(gone.id, 400 * 24, 200 * 24);
      // Youth is not children, and the service is not life-critical: 90 days, though its gap would be critical.
      await age(youth.id, 400 * 24, 60 * 24);
      await worker.engine.sweep();

      const stale = await waitFor(openGap(old.id, 'stale_record'));
      expect(stale.severity).toBe('low');
      const [{ last_verified_at }] = await t.db.query(`SELECT last_verified_at FROM line_services WHERE id = $1`, [old.id]);
      expect(stale.details).toEqual({
        lastVerifiedAt: last_verified_at.toISOString(),
        staleSince: new Date(Math.floor(last_verified_at.getTime()) + 90 * 24 * HOUR_MS).toISOString(),
        policyDays: 90,
      });
      for (const id of [fresh.id, gone.id, youth.id]) expect((await gapsOf(id)).filter((g) => g.kind === 'stale_record')).toEqual([]);

      // Leaving active/suspended resolves it with status_changed.
      await request(t.http).post(`/v1/services/${old.id}/status-changes`).set(bearer(osaka)).send({ status: 'discontinued', reason: 'test' }).expect(201);
      expect(await waitFor(resolvedGap(old.id, 'stale_record'), 10_000)).toMatchObject({ id: stale.id, resolution: 'status_changed' });
    });

    it('shows the seed\'s 2021 records, verified as of their sources, as stale today while active or suspended, and not when discontinued', async () => {
      await worker.engine.sweep();
      const rows: { name: string; status: string; verified: Date; stale: boolean }[] = await t.db.query(
        `SELECT s.name, s.current_status AS status, s.last_verified_at AS verified,
                EXISTS (SELECT 1 FROM findings f WHERE f.service_id = s.id AND f.kind = 'stale_record' AND f.resolved_at IS NULL) AS stale
           FROM line_services s
          WHERE s.id IN (SELECT service_id FROM status_changes WHERE recorded_by = 'seed: line-2021-cases.md')`,
      );
      expect(rows.length).toBeGreaterThan(30);
      // Other suites may verify or change a seed service; those that still stand as seeded must be as the rule says.
      const seeded = rows.filter((r) => r.verified !== null && r.verified.getUTCFullYear() === 2021);
      expect(seeded.length).toBeGreaterThan(25);
      expect(seeded.filter((r) => r.stale !== ['active', 'suspended'].includes(r.status))).toEqual([]);
      expect(seeded.filter((r) => r.stale).length).toBeGreaterThan(10);
    });

    it('opens at the instant the record goes stale, by a delayed evaluation the worker schedules (not the sweep)', async () => {
      const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
      // Stale 8 s from now (a worker starts in less on a loaded machine).
      await t.db.query(`UPDATE line_services SET created_at = now() - interval '720 hours' + interval '8 seconds' WHERE id = $1`, [service.id]);
      const [{ stale_since }] = await t.db.query(`SELECT created_at + interval '720 hours' AS stale_since FROM line_services WHERE id = $1`, [service.id]);
      // A worker that starts now looks for the deadlines of the next minutes at once (the running one does every 30 s).
      const second = await startWorker();
      try {
        const evaluations = second.context.get<Queue>(getQueueToken(QueueName.Evaluation));
        const jobId = jobIds.deadline(service.id, 'stale', stale_since);
        const state = async () => {
          const job = await evaluations.getJob(jobId);
          return job ? job.getState() : undefined;
        };
        expect(await waitFor(state, 5000)).toBe('delayed');
        expect(await openGap(service.id, 'stale_record')()).toBeUndefined();
        const gap = await waitFor(openGap(service.id, 'stale_record'), 15_000, 50);
        expect(gap.details.staleSince).toBe(stale_since.toISOString());
        expect(await waitFor(async () => ((await state()) === 'completed' ? true : undefined), 10_000)).toBe(true);
      } finally {
        await second.close();
      }
    }, 30_000);
  });

  describe('POST /v1/services/:id/verifications', () => {
    let service: { id: string };
    beforeAll(async () => {
      service = await createService(t, osaka, '271004');
    });

    it('refuses bad bodies with a 400 naming the field, and stores nothing', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'method'],
        [{ method: 'telepathy' }, 'method'],
        [{ method: 'phone_call', sourceUrl: 'not a url' }, 'sourceUrl'],
        [{ method: 'phone_call', sourceUrl: 'javascript:alert(1)' }, 'sourceUrl'],
        [{ method: 'phone_call', note: 'あ'.repeat(1001) }, 'note'],
        [{ method: 'phone_call', note: 42 }, 'note'],
        [{ method: 'phone_call', verifiedAt: '2020-01-01T00:00:00Z' }, 'verifiedAt'],
      ];
      for (const [body, field] of cases) {
        const res = await expectNothingStored(t.db, () => verify(service.id, osaka, body));
        expect({ body, status: res.status, fields: fieldsOf(res.body) }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM service_verifications WHERE service_id = $1`, [service.id]))[0].n).toBe(0);
    });

    it('lets only a token that may write the service verify it', async () => {
      await verify(service.id, npo).expect(403);
      await verify(service.id, npoOfAnOrganisation).expect(403);
      await verify(service.id, tokyo).expect(403);
      await verify(service.id, ministry).expect(403);
      await request(t.http).post(`/v1/services/${service.id}/verifications`).send({ method: 'phone_call' }).expect(401);
      await verify(UNKNOWN_ID, osaka).expect(404);
      const [{ n, verified }] = await t.db.query(`SELECT count(v.id)::int AS n, s.last_verified_at AS verified FROM line_services s LEFT JOIN service_verifications v ON v.service_id = s.id WHERE s.id = $1 GROUP BY s.id`, [service.id]);
      expect({ n, verified }).toEqual({ n: 0, verified: null });
    });

    it('lets an npo token verify its organisation\'s service, and not a government\'s', async () => {
      const code = await organisation();
      const own = (await t.tokens.issue('npo', code, unique('test npo'))).token;
      const service = await createService(t, own, code, { category: 'consultation', audiences: ['youth'] });
      const res = await verify(service.id, own, { method: 'self_report' }).expect(201);
      expect(res.body).toMatchObject({ serviceId: service.id, method: 'self_report', sourceUrl: null, note: null });
      await verify(service.id, npoOfAnOrganisation).expect(403);
      await verify(service.id, osaka).expect(403);
      await verify((await createService(t, osaka, '271004')).id, own).expect(403);
    });

    it('lists a service\'s verifications newest first, a page at a time', async () => {
      const methods = ['phone_call', 'official_notice', 'self_report'];
      for (const method of methods) await verify(service.id, osaka, { method }).expect(201);
      const first = await request(t.http).get(`/v1/services/${service.id}/verifications`).query({ limit: 2 }).expect(200);
      expect(first.body.items.map((v: { method: string }) => v.method)).toEqual(['self_report', 'official_notice']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(t.http).get(`/v1/services/${service.id}/verifications`).query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ method: 'phone_call', serviceId: service.id })], nextCursor: null });
      await request(t.http).get(`/v1/services/${UNKNOWN_ID}/verifications`).expect(404);
      const bad = await request(t.http).get(`/v1/services/${service.id}/verifications`).query({ cursor: 'nonsense' }).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['cursor']);
    });
  });

  describe('stop_before_switch', () => {
    /** Writes the transition straight into the row (the engine's part; the API's is tested below). */
    const plan = async (serviceId: string, stopOn: string | null, switchOn: string | null) =>
      t.db.query(
        `UPDATE line_services SET transition_to_kind = 'chat_platform', transition_to_platform = 'Messaging API', transition_stop_on = $2, transition_switch_on = $3 WHERE id = $1`,
        [serviceId, stopOn, switchOn],
      );

    it('warns while the stop is dated before the switch, yields to a dated status change, and resolves when the plan is fixed', async () => {
      const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
      const [stopOn, switchOn, later] = [await tokyoDay(10), await tokyoDay(20), await tokyoDay(25)];
      await plan(service.id, stopOn, switchOn);
      await worker.engine.evaluate(service.id);
      const warning = await openGap(service.id, 'impending_no_alternative')();
      expect(warning).toMatchObject({
        severity: 'critical',
        details: { reason: 'stop_before_switch', stopOn, switchOn, toKind: 'chat_platform', toPlatform: 'Messaging API' },
      });

      // A dated suspension with no channel takes precedence: the one open warning carries it.
      const effectiveAt = new Date(Date.now() + 48 * HOUR_MS).toISOString();
      const change = await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended', effectiveAt }).expect(201);
      const byChange = await waitFor(async () => {
        const open = (await gapsOf(service.id)).filter((g) => g.kind === 'impending_no_alternative' && g.state === 'open');
        return open.length === 1 && open[0].details.statusChangeId === change.body.id ? open[0] : undefined;
      }, 10_000);
      expect(byChange.id).toBe(warning!.id);
      await request(t.http).post(`/v1/services/${service.id}/status-changes/${change.body.id}/withdraw`).set(bearer(osaka)).expect(200);
      await waitFor(async () => ((await openGap(service.id, 'impending_no_alternative')())?.details.reason === 'stop_before_switch' ? true : undefined), 10_000);

      await plan(service.id, later, switchOn);
      await worker.engine.evaluate(service.id);
      expect(await resolvedGap(service.id, 'impending_no_alternative')()).toMatchObject({ id: warning!.id, resolution: 'plan_fixed' });
      expect(await openGap(service.id, 'impending_no_alternative')()).toBeUndefined();
    });

    it('is raised by a plan written through the API, and moving the stop after the switch resolves it with plan_fixed', async () => {
      const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['job_seekers'] });
      const [stopOn, switchOn, later] = [await tokyoDay(7), await tokyoDay(14), await tokyoDay(21)];
      const patch = (transition: Record<string, unknown>) =>
        request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka)).send({ transition }).expect(200);
      await patch({ toKind: 'web_form', toPlatform: 'Webチャット', stopOn, switchOn });
      const warning = await waitFor(openGap(service.id, 'impending_no_alternative'), 10_000);
      expect(warning).toMatchObject({ severity: 'high', details: { reason: 'stop_before_switch', stopOn, switchOn, toKind: 'web_form', toPlatform: 'Webチャット' } });
      const listed = await request(t.http).get('/v1/gaps').query({ kind: 'impending_no_alternative', operator: '271004', limit: 500 }).set(bearer(ministry)).expect(200);
      expect(listed.body.items.map((g: Gap) => g.id)).toContain(warning.id);

      await patch({ toKind: 'web_form', toPlatform: 'Webチャット', stopOn: later, switchOn });
      const resolved = await waitFor(resolvedGap(service.id, 'impending_no_alternative'), 10_000);
      expect(resolved).toMatchObject({ id: warning.id, resolution: 'plan_fixed' });
      expect(await openGap(service.id, 'impending_no_alternative')()).toBeUndefined();
    });

    it('is not raised for a switch first, nor once the switch day has come, and removing the plan resolves it with plan_withdrawn', async () => {
      const switchFirst = await createService(t, osaka, '271004');
      const passed = await createService(t, osaka, '271004');
      const withdrawn = await createService(t, osaka, '271004');
      await plan(switchFirst.id, await tokyoDay(20), await tokyoDay(10));
      await plan(passed.id, await tokyoDay(-10), await tokyoDay(0));
      await plan(withdrawn.id, await tokyoDay(5), await tokyoDay(6));
      await worker.engine.sweep();
      for (const id of [switchFirst.id, passed.id]) expect((await gapsOf(id)).filter((g) => g.kind === 'impending_no_alternative')).toEqual([]);
      expect(await openGap(withdrawn.id, 'impending_no_alternative')()).toMatchObject({ details: { reason: 'stop_before_switch' } });

      await t.db.query(`UPDATE line_services SET transition_to_kind = NULL, transition_to_platform = NULL, transition_stop_on = NULL, transition_switch_on = NULL WHERE id = $1`, [withdrawn.id]);
      await worker.engine.sweep();
      expect(await resolvedGap(withdrawn.id, 'impending_no_alternative')()).toMatchObject({ resolution: 'plan_withdrawn' });
    });
  });
});
