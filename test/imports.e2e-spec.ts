import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { jobIds, QueueName } from '../src/jobs/jobs';
import { bearer, createService, expectErrorBody, expectNothingStored as nothingStored, startApp, TestApp, tokenFor, unique } from './support/app';
import { waitFor } from './support/worker';

// Fixed dates: 2021-03-26, the day the seed cases' LINE services stopped, as the effective
// time of rows that must be refused or that record that past day; in the past, so they
// cannot expire. Times ahead are taken from the clock.

/** The columns of an import, in the template's order. */
const COLUMNS = [
  'record_type', 'service_id', 'operator_code', 'service_name', 'status', 'effective_at', 'reason', 'source_url',
  'kind', 'platform', 'label', 'contact', 'hours', 'notes', 'valid_from', 'valid_until',
  'public_notice', 'handles_personal_data', 'handles_confidential_data', 'conversation_data_storage',
  'transition_to_kind', 'transition_to_platform', 'transition_switch_on', 'transition_stop_on', 'verified_on', 'verification_method', 'verification_source_url',
];
/** The same columns as the Japanese template names them. */
const JAPANESE_COLUMNS = ['記録の種類', 'サービスID', '運営団体コード', 'サービス名', '状態', '実施日時', '理由', '出典URL', '代替手段の種類', 'プラットフォーム', '表示名', '連絡先', '受付時間', '備考', '有効期間の開始', '有効期間の終了',
  '公開のお知らせ', '個人情報の取扱い', '機密情報の取扱い', '会話データの保存先', '移行先の種別', '移行先', '切替予定日', '停止予定日', '確認日', '確認方法', '確認元URL'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FIXTURES = join(__dirname, 'fixtures', 'imports');

type Row = Record<string, string>;

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** A CSV as Excel writes it: every column on every row, CRLF line ends. */
function csv(rows: Row[], columns: string[] = COLUMNS): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

interface ImportError {
  row: number;
  column: string | null;
  header: string | null;
  message: string;
  messageJa: string;
}

describe('CSV imports (POST /v1/imports, GET /v1/imports/template.csv)', () => {
  let t: TestApp;
  let osaka: string; // prefecture 27
  let sapporo: string; // municipality 011002
  let ministry: string;
  let npo: string;

  const upload = (token: string | null, body: string | Buffer, query: Record<string, string> = {}, contentType = 'text/csv') => {
    const req = request(t.http).post('/v1/imports').query(query).set('Content-Type', contentType);
    if (token) req.set(bearer(token));
    return req.send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  };
  const service = async (id: string) => (await request(t.http).get(`/v1/services/${id}`).expect(200)).body;
  const versions = async (ids: string[]) =>
    Object.fromEntries(((await t.db.query(`SELECT id, version FROM line_services WHERE id = ANY ($1::uuid[])`, [ids])) as { id: string; version: number }[]).map((r) => [r.id, r.version]));
  /** Rows of the services in every table an import writes. */
  const rowsOf = async (ids: string[]) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM status_changes WHERE service_id = ANY ($1::uuid[]))::int AS status_changes,
                (SELECT count(*) FROM fallback_channels WHERE service_id = ANY ($1::uuid[]))::int AS channels,
                (SELECT count(*) FROM audit_log WHERE service_id = ANY ($1::uuid[]))::int AS audit,
                (SELECT count(*) FROM evaluation_requests WHERE service_id = ANY ($1::uuid[]))::int AS evaluation_requests`,
        [ids],
      )
    )[0];

  const expectNothingStored = (send: () => Promise<request.Response>) => nothingStored(t.db, send);

  beforeAll(async () => {
    t = await startApp();
    [osaka, sapporo, ministry, npo] = await Promise.all([tokenFor(t, 'prefecture', '27'), tokenFor(t, 'municipality', '011002'), tokenFor(t, 'ministry'), tokenFor(t, 'npo')]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a good import', () => {
    let first: { id: string; name: string };
    let second: { id: string; name: string };
    let file: string;
    let effectiveAt: string;
    let scheduledAt: string;
    let importId: string;

    beforeAll(async () => {
      first = await createService(t, osaka, '271004');
      second = await createService(t, osaka, '271004', { category: 'information', audiences: ['general'] });
      // After the services' initial "active", so the suspension is the current status.
      effectiveAt = new Date(Date.now() + 1000).toISOString().replace('Z', '+00:00');
      // A scheduled change, a year from the clock: still ahead while the suite runs.
      scheduledAt = new Date(Date.now() + 365 * 86_400_000).toISOString().replace('Z', '+00:00');
      file = csv([
        { record_type: 'status_change', operator_code: '271004', service_name: first.name, status: 'suspended', effective_at: effectiveAt, reason: 'LINE社の個人情報管理の問題を受けて一時停止', source_url: 'https://www.city.osaka.lg.jp/example/notice.html' },
        { record_type: 'fallback_channel', operator_code: '271004', service_name: first.name, kind: 'phone', label: '電話相談', contact: '06-1234-5678', hours: 'always' },
        {
          record_type: 'fallback_channel',
          service_id: first.id,
          kind: 'email',
          label: 'メール相談',
          contact: 'soudan@example.jp',
          hours: JSON.stringify({ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '17:00' }] }),
          notes: '返信は3営業日以内',
        },
        { record_type: 'status_change', service_id: second.id, operator_code: '271004', service_name: second.name, status: 'discontinued', effective_at: scheduledAt, reason: '事業終了' },
        { record_type: 'fallback_channel', service_id: second.id, kind: 'chat_platform', platform: 'Microsoft Teams', label: 'チャット相談', contact: 'https://example.jp/chat' },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // let effectiveAt pass
    });
    afterAll(async () => {
      // The discontinuation's delayed evaluation would otherwise wait in Redis for a year.
      const [change] = await t.db.query(`SELECT id::text FROM status_changes WHERE service_id = $1 AND status = 'discontinued'`, [second.id]);
      if (change) await t.app.get<Queue>(getQueueToken(QueueName.Evaluation)).remove(jobIds.scheduled(change.id)).catch(() => 0);
    });

    it('is applied: the rows, the timeline, the channels and one audit entry per row', async () => {
      const res = await upload(osaka, file).expect(201);
      expect(res.body).toEqual({
        importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        format: 'csv',
        encoding: 'utf-8',
        sheet: null,
        rows: 5,
        applied: { statusChanges: 2, fallbackChannels: 3, serviceInfo: 0, verifications: 0 },
        skippedDuplicates: 0,
        skippedRows: [],
        services: [first.id, second.id].sort(),
      });
      importId = res.body.importId;

      const one = await service(first.id);
      expect(one.version).toBe(2); // three rows, one version
      expect(one.currentStatus).toBe('suspended');
      expect(one.timeline.map((c: { status: string }) => c.status)).toEqual(['active', 'suspended']);
      expect(one.timeline[1]).toEqual(expect.objectContaining({ effectiveAt: new Date(effectiveAt).toISOString(), reason: 'LINE社の個人情報管理の問題を受けて一時停止', sourceUrl: 'https://www.city.osaka.lg.jp/example/notice.html', inEffect: true }));
      const channels = one.fallbackChannels.map((c: Record<string, unknown>) => [c.kind, c.label, c.contact, c.hours]);
      expect(channels).toEqual(
        expect.arrayContaining([
          ['phone', '電話相談', '06-1234-5678', { type: 'always' }],
          ['email', 'メール相談', 'soudan@example.jp', { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '17:00' }] }],
        ]),
      );
      expect(one.fallbackChannels).toHaveLength(2);

      const two = await service(second.id);
      expect(two.version).toBe(2);
      expect(two.currentStatus).toBe('active'); // the discontinuation is scheduled
      expect(two.timeline[1]).toEqual(expect.objectContaining({ status: 'discontinued', effectiveAt: new Date(scheduledAt).toISOString(), inEffect: false }));
      expect(two.fallbackChannels).toEqual([expect.objectContaining({ kind: 'chat_platform', platform: 'Microsoft Teams', label: 'チャット相談', contact: 'https://example.jp/chat', hours: null })]);

      const audit = await request(t.http).get('/v1/audit').query({ serviceId: first.id }).set(bearer(osaka)).expect(200);
      const imported = audit.body.items.filter((e: { action: string }) => e.action.startsWith('import.'));
      expect(imported.map((e: { action: string; after: { row: number } }) => [e.action, e.after.row]).sort()).toEqual([
        ['import.fallback_channel', 3],
        ['import.fallback_channel', 4],
        ['import.status_change', 2],
      ]);
      for (const entry of imported) {
        expect(entry.after.importId).toBe(importId);
        expect(entry.actorRole).toBe('prefecture');
        expect(entry.requestId).toBe(res.headers['x-request-id']);
      }
      const suspended = imported.find((e: { action: string }) => e.action === 'import.status_change');
      expect(suspended.entityId).toBe(one.timeline[1].id);
      const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM evaluation_requests WHERE service_id = $1`, [first.id]);
      expect(pending).toBe(2); // one for the creation, one for the import
    });

    it('applies nothing new when the same file is uploaded again', async () => {
      const before = { versions: await versions([first.id, second.id]), rows: await rowsOf([first.id, second.id]) };
      const res = await upload(osaka, file).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ rows: 5, applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 5, skippedRows: [2, 3, 4, 5, 6], services: [] }));
      expect(res.body.importId).not.toBe(importId);
      expect(await versions([first.id, second.id])).toEqual(before.versions);
      expect(await rowsOf([first.id, second.id])).toEqual(before.rows);
    });

    it('skips a row that repeats an earlier row of the same file, and applies only what is new', async () => {
      const repeat = { record_type: 'fallback_channel', service_id: first.id, kind: 'fax', label: 'FAX相談', contact: '06-1234-5679' };
      const res = await upload(osaka, csv([repeat, repeat, { record_type: 'fallback_channel', service_id: first.id, kind: 'phone', label: '電話相談', contact: '06-1234-5678' }])).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ applied: { statusChanges: 0, fallbackChannels: 1, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 2, skippedRows: [3, 4], services: [first.id] }));
      expect((await service(first.id)).version).toBe(3);
    });

    it('changes nothing when some rows are wrong, and names every wrong row and column', async () => {
      const elsewhere = await createService(t, sapporo, '011002');
      const ids = [first.id, second.id, elsewhere.id];
      const before = { versions: await versions(ids), rows: await rowsOf(ids) };
      const bad = csv([
        { record_type: 'fallback_channel', service_id: first.id, kind: 'web_form', label: 'Webフォーム', contact: 'https://example.jp/form' }, // fine
        { record_type: 'status_change', service_id: first.id, status: 'paused', effective_at: '2021-03-26T00:00:00+09:00' },
        { record_type: 'fallback_channel', service_id: first.id, kind: 'phone', label: '電話相談', contact: 'soudan@example.jp' },
        { record_type: 'status_change', operator_code: '271004', service_name: 'ありえないサービス名', status: 'suspended', effective_at: '2021-03-26T00:00:00+09:00' },
        { record_type: 'status_change', service_id: elsewhere.id, status: 'suspended', effective_at: '2021-03-26T00:00:00+09:00' },
        { record_type: 'status_change', service_id: second.id, status: 'suspended', effective_at: '2021-02-30' }, // no such day (a date alone is read as Japan's midnight)
        { record_type: 'status_change', service_id: second.id, status: 'suspended' },
        { record_type: 'fallback_channel', service_id: first.id, kind: 'chat_platform', label: 'チャット', contact: 'https://example.jp/chat', hours: '{"type":"weekly"}', status: 'active' },
        { record_type: 'memo', service_id: first.id },
      ]);
      const res = await expectNothingStored(() => upload(osaka, bad));
      expect(res.status).toBe(422);
      expectErrorBody(res.body, 422);
      const errors: ImportError[] = res.body.errors;
      const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.column);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual(['status']);
      expect(at(4)).toEqual(['contact']);
      expect(at(5)).toEqual(['service_name']);
      expect(at(6)).toEqual(['service_id']);
      expect(at(7)).toEqual(['effective_at']);
      expect(at(8)).toEqual(['effective_at']);
      expect(at(9).sort()).toEqual(['hours', 'platform', 'status']);
      expect(at(10)).toEqual(['record_type']);
      expect(errors.find((e) => e.row === 6)!.message).toMatch(/jurisdiction/);
      expect(errors.find((e) => e.row === 4)!.message).toMatch(/phone number/);
      // The standard details say the same, one per error.
      expect(res.body.details).toHaveLength(errors.length);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['row 3: status', 'row 4: contact', 'row 5: service_name', 'row 6: service_id', 'row 7: effective_at']));
      expect(res.body.message).toMatch(/nothing was applied/);
      // In Japanese too, naming the row and the header as the file has it (English here).
      expect(res.body.messageJa).toMatch(/何も登録していません/);
      expect(errors.find((e) => e.row === 3)).toEqual(expect.objectContaining({ header: 'status', messageJa: expect.stringMatching(/^3行目の「status」：.*「paused」は使えません/) }));
      expect(res.body.details[0]).toEqual({ field: expect.any(String), message: expect.any(String), messageJa: expect.stringMatching(/^\d+行目/) });

      expect(await versions(ids)).toEqual(before.versions);
      expect(await rowsOf(ids)).toEqual(before.rows);
      const [{ audited }] = await t.db.query(`SELECT count(*)::int AS audited FROM audit_log WHERE request_id = $1`, [res.headers['x-request-id']]);
      expect(audited).toBe(0);
    });
  });

  describe('encodings', () => {
    it('imports a Shift_JIS file as Excel writes it', async () => {
      const target = await createService(t, osaka, '271004', { name: unique('こども相談ＬＩＮＥ①') });
      const text = csv([
        { record_type: 'fallback_channel', operator_code: '271004', service_name: target.name, kind: 'phone', label: '電話相談（平日）', contact: '0120-123-456', notes: '㈱相談センターに委託～祝日は休み' },
        { record_type: 'status_change', operator_code: '271004', service_name: target.name, status: 'suspended', effective_at: '2021-03-26T09:00:00+09:00', reason: '利用停止のお知らせ' },
      ]);
      const bytes = iconv.encode(text, 'Shift_JIS');
      expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(false);

      // Read as UTF-8 it is not; forcing that is refused and stores nothing.
      const forced = await upload(osaka, bytes, { encoding: 'utf-8' }).expect(400);
      expect(forced.body.message).toMatch(/UTF-8/);

      const res = await upload(osaka, bytes).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ encoding: 'shift_jis', rows: 2, applied: { statusChanges: 1, fallbackChannels: 1, serviceInfo: 0, verifications: 0 }, services: [target.id] }));
      const shown = await service(target.id);
      expect(shown.fallbackChannels).toEqual([expect.objectContaining({ label: '電話相談（平日）', notes: '㈱相談センターに委託～祝日は休み' })]);
      expect(shown.timeline.map((c: { reason: string | null }) => c.reason)).toContain('利用停止のお知らせ');

      // Forced, and again: nothing new.
      const again = await upload(osaka, bytes, { encoding: 'shift_jis' }).expect(200);
      expect(again.body.skippedDuplicates).toBe(2);
    });

    it('imports a UTF-8 file with a byte-order mark', async () => {
      const target = await createService(t, osaka, '271004');
      const text = csv([{ record_type: 'fallback_channel', service_id: target.id, kind: 'in_person', label: '窓口相談', contact: '大阪市北区中之島1-3-20' }]);
      const res = await upload(osaka, Buffer.concat([BOM, Buffer.from(text, 'utf8')])).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ encoding: 'utf-8', applied: { statusChanges: 0, fallbackChannels: 1, serviceInfo: 0, verifications: 0 } }));
      expect((await service(target.id)).fallbackChannels[0]).toEqual(expect.objectContaining({ kind: 'in_person', label: '窓口相談', contact: '大阪市北区中之島1-3-20' }));
    });

    it('imports the sample files in test/fixtures/imports once adapted to a real service', async () => {
      const target = await createService(t, osaka, '271004');
      for (const [name, encoding] of [['channels.sjis.csv', 'shift_jis'], ['channels.utf8-bom.csv', 'utf-8']] as const) {
        const raw = readFileSync(join(FIXTURES, name));
        const text = encoding === 'shift_jis' ? iconv.decode(raw, 'cp932') : raw.subarray(3).toString('utf8');
        const adapted = text.replaceAll('00000000-0000-4000-8000-000000000000', target.id);
        const bytes = encoding === 'shift_jis' ? iconv.encode(adapted, 'cp932') : Buffer.concat([BOM, Buffer.from(adapted, 'utf8')]);
        const res = await upload(osaka, bytes).expect(201);
        expect(res.body.encoding).toBe(encoding);
      }
      const labels = (await service(target.id)).fallbackChannels.map((c: { label: string }) => c.label).sort();
      expect(labels).toEqual(['FAX相談', 'メール相談', '電話相談']);
    });
  });

  describe('files that are not imports', () => {
    it('refuses an empty file, a header alone, unknown or missing columns and broken CSV with 400', async () => {
      const cases: [string | Buffer, RegExp][] = [
        ['', /empty/],
        ['\r\n\r\n', /empty/],
        [`${COLUMNS.join(',')}\r\n`, /no data rows/],
        [`${COLUMNS.join(',')},colour\r\nstatus_change\r\n`, /header/],
        ['record_type,service_id,status\r\nstatus_change,00000000-0000-4000-8000-000000000000,active\r\n', /header/],
        [`${COLUMNS.join(',')}\r\n"status_change,\r\n`, /not valid CSV/],
        [Buffer.from([0xff, 0xfe, 0x72, 0x00]), /UTF-16/],
      ];
      for (const [body, message] of cases) {
        const res = await upload(osaka, body).expect(400);
        expectErrorBody(res.body, 400);
        expect(res.body.message).toMatch(message);
      }
      const unknown = await upload(osaka, `${COLUMNS.join(',')},colour\r\nstatus_change\r\n`).expect(400);
      expect(unknown.body.errors).toEqual([{ row: 1, column: 'colour', header: 'colour', message: expect.stringMatching(/not a known column/), messageJa: expect.stringMatching(/^見出し行（1行目）の「colour」：取り込みの列名ではありません/) }]);
      const missing = await upload(osaka, 'record_type,service_id,status\r\nstatus_change,00000000-0000-4000-8000-000000000000,active\r\n').expect(400);
      expect(missing.body.errors).toEqual([{ row: 1, column: 'effective_at', header: 'effective_at', message: expect.any(String), messageJa: expect.any(String) }]);
      expect(missing.body.details).toEqual([{ field: 'row 1: effective_at', message: expect.any(String), messageJa: expect.any(String) }]);
    });

    it('wants the file as text/csv and a known encoding', async () => {
      const res = await request(t.http).post('/v1/imports').set(bearer(osaka)).send({ rows: [] }).expect(415);
      expectErrorBody(res.body, 415);
      const encoding = await upload(osaka, 'record_type\r\n', { encoding: 'latin1' }).expect(400);
      expect(encoding.body.details[0].field).toBe('encoding');
    });
  });

  describe('who may import', () => {
    it('answers 401 without a token and 403 to the ministry and NPOs', async () => {
      const file = csv([{ record_type: 'status_change', operator_code: '271004', service_name: 'x', status: 'active', effective_at: '2021-03-26T00:00:00+09:00' }]);
      expectErrorBody((await upload(null, file).expect(401)).body, 401);
      expectErrorBody((await upload(ministry, file).expect(403)).body, 403);
      expectErrorBody((await upload(npo, file).expect(403)).body, 403);
    });

    it('lets a municipality import for its own services only', async () => {
      const own = await createService(t, sapporo, '011002');
      const osakas = await createService(t, osaka, '271004');
      const row = (id: string) => ({ record_type: 'fallback_channel', service_id: id, kind: 'website', label: 'お知らせページ', contact: 'https://www.city.sapporo.jp/example/' });
      const refused = await upload(sapporo, csv([row(own.id), row(osakas.id)])).expect(422);
      expect(refused.body.errors).toEqual([{ row: 3, column: 'service_id', header: 'service_id', message: expect.stringMatching(/jurisdiction/), messageJa: expect.stringMatching(/管轄外/) }]);
      await upload(sapporo, csv([row(own.id)])).expect(201);
    });
  });

  describe('a large import', () => {
    let ids: string[] = [];

    /**
     * The 500 services go again afterwards, with their evaluation jobs: left in the shared
     * test database and queue they would slow the sweeps and the workers of other suites.
     */
    afterAll(async () => {
      if (ids.length === 0) return;
      const queue = t.app.get<Queue>(getQueueToken(QueueName.Evaluation));
      const requests: { id: string }[] = await t.db.query(`SELECT id::text FROM evaluation_requests WHERE service_id = ANY ($1::uuid[])`, [ids]);
      const jobs = requests.map((r) => jobIds.evaluation(r.id));
      // The API enqueues after it has answered; wait for those jobs before taking them out.
      await waitFor(async () => ((await Promise.all(jobs.map((id) => queue.getJob(id)))).every(Boolean) ? true : undefined), 3000).catch(() => undefined);
      await Promise.all(jobs.map((id) => queue.remove(id).catch(() => 0)));
      await t.db.query(`DELETE FROM events WHERE service_id = ANY ($1::uuid[])`, [ids]);
      await t.db.query(`DELETE FROM audit_log WHERE service_id = ANY ($1::uuid[])`, [ids]);
      await t.db.query(`DELETE FROM line_services WHERE id = ANY ($1::uuid[])`, [ids]);
    });

    it('applies 1,000 rows for 500 services exactly once', async () => {
      const prefix = unique('一括');
      const created: { id: string; name: string }[] = await t.db.query(
        `INSERT INTO line_services (local_government_code, prefecture_code, name, category)
         SELECT '271004', '27', $1 || ' ' || g, 'consultation' FROM generate_series(1, 500) g RETURNING id, name`,
        [prefix],
      );
      ids = created.map((s) => s.id);
      const rows = created.flatMap((s, i): Row[] => [
        { record_type: 'status_change', operator_code: '271004', service_name: s.name, status: i % 2 ? 'suspended' : 'active', effective_at: '2021-03-26T00:00:00+09:00', reason: '一括登録' },
        { record_type: 'fallback_channel', service_id: s.id, kind: 'phone', label: '電話相談', contact: `06-6208-${String(1000 + i).padStart(4, '0')}`, hours: 'always' },
      ]);
      const file = csv(rows);

      const started = Date.now();
      const res = await upload(osaka, file).expect(201);
      const took = Date.now() - started;
      console.log(`1,000-row import: ${took} ms`);
      expect(res.body).toEqual(expect.objectContaining({ rows: 1000, applied: { statusChanges: 500, fallbackChannels: 500, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 0 }));
      expect(res.body.services).toEqual([...ids].sort());
      expect(await rowsOf(ids)).toEqual({ status_changes: 500, channels: 500, audit: 1000, evaluation_requests: 500 });
      expect(new Set(Object.values(await versions(ids)))).toEqual(new Set([2]));
      const statuses = await t.db.query(`SELECT current_status, count(*)::int AS n FROM line_services WHERE id = ANY ($1::uuid[]) GROUP BY 1 ORDER BY 1`, [ids]);
      expect(statuses).toEqual([{ current_status: 'active', n: 250 }, { current_status: 'suspended', n: 250 }]);
      const [{ entries }] = await t.db.query(`SELECT count(*)::int AS entries FROM audit_log WHERE after->>'importId' = $1`, [res.body.importId]);
      expect(entries).toBe(1000);

      const again = await upload(osaka, file).expect(200);
      expect(again.body).toEqual(expect.objectContaining({ rows: 1000, applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 1000, services: [] }));
      expect(await rowsOf(ids)).toEqual({ status_changes: 500, channels: 500, audit: 1000, evaluation_requests: 500 });
      expect(new Set(Object.values(await versions(ids)))).toEqual(new Set([2]));
    });
  });

  describe('the template', () => {
    const download = (lang?: string) =>
      request(t.http)
        .get('/v1/imports/template.csv')
        .query(lang ? { lang } : {})
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('is public UTF-8 CSV with a byte-order mark, the header and one example row: Japanese by default, English with lang=en', async () => {
      const lines = async (lang?: string) => {
        const res = await download(lang).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        const bytes: Buffer = res.body;
        expect([...bytes.subarray(0, 3)]).toEqual([...BOM]);
        return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
      };
      const english = await lines('en');
      expect(english).toHaveLength(2);
      expect(english[0].split(',')).toEqual(COLUMNS);
      const japanese = await lines();
      expect(japanese).toHaveLength(2);
      expect(japanese[0].split(',')).toEqual(JAPANESE_COLUMNS);
      expect(japanese[1].split(',')[0]).toBe('代替手段');
      const refused = JSON.parse((await download('fr').expect(400)).body.toString('utf8'));
      expect(refused.details[0].field).toBe('lang');
    });

    it.each([['ja'], ['en']])('names no real service as it is, and imports cleanly once it does (%s)', async (lang) => {
      const template: Buffer = (await download(lang)).body;
      const asIs = await upload(osaka, template).expect(422);
      expect(asIs.body.errors).toEqual([
        {
          row: 2,
          column: 'service_name',
          header: lang === 'ja' ? 'サービス名' : 'service_name',
          message: expect.stringMatching(/no service of this name/),
          messageJa: `2行目の「${lang === 'ja' ? 'サービス名' : 'service_name'}」：運営団体 271004 に、この名前のサービスは登録されていません（登録されている名前と一字一句同じに書いてください）`,
        },
      ]);

      const target = await createService(t, osaka, '271004');
      const text = template.subarray(3).toString('utf8');
      const exampleName = text.split('\r\n')[1].split(',')[3];
      const adapted = Buffer.concat([BOM, Buffer.from(text.replace(exampleName, target.name), 'utf8')]);
      const res = await upload(osaka, adapted).expect(201);
      expect(res.body.applied).toEqual({ statusChanges: 0, fallbackChannels: 1, serviceInfo: 0, verifications: 0 });
      const [channel] = (await service(target.id)).fallbackChannels;
      expect(channel).toEqual(expect.objectContaining({ kind: 'phone', contact: '', contactKnown: false }));
    });
  });
});
