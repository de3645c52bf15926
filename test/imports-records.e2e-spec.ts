import ExcelJS from 'exceljs';
import request from 'supertest';
import { bearer, createService, issueTestTokens, startApp, TestApp, TestToken, unique } from './support/app';

// Service information in an import (issue 14): the public notice, the data-handling facts, a
// switch-first plan and a verification, on 「サービス情報」 rows. Fixed days are in 2021 (the
// records of that spring), so they cannot expire; "today" and "tomorrow" come from the clock.

const NOTICE = 'LINE相談はしばらくお休みします。お電話かメールでご相談ください';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A Tokyo day `days` from today: [YYYY-MM-DD, YYYY/M/D as an office writes it]. */
function tokyoDay(days: number): { iso: string; written: string } {
  const iso = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-').map(Number);
  return { iso, written: `${y}/${m}/${d}` };
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** A UTF-8 CSV with a byte-order mark, with the headers of the rows' keys (in the order first seen). */
function csv(rows: Record<string, string>[]): Buffer {
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = [headers.join(','), ...rows.map((row) => headers.map((h) => quote(row[h] ?? '')).join(','))].join('\r\n') + '\r\n';
  return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
}

interface ImportError {
  row: number;
  column: string | null;
  header: string | null;
  message: string;
  messageJa: string;
}

describe('imports of service information: public notice, data handling, transition, verification', () => {
  let t: TestApp;
  let osaka: TestToken;
  let hokkaido: TestToken;
  let ministry: TestToken;
  let osakaCity: TestToken;

  const upload = (token: string, body: Buffer, type = 'text/csv') => request(t.http).post('/v1/imports').set(bearer(token)).set('Content-Type', type).send(body);
  const service = async (id: string) => (await request(t.http).get(`/v1/services/${id}`).expect(200)).body;
  const verifications = (id: string): Promise<{ method: string; source_url: string | null; verified_at: Date; verified_by: string; verified_by_token_id: string }[]> =>
    t.db.query(`SELECT method, source_url, verified_at, verified_by, verified_by_token_id::text FROM service_verifications WHERE service_id = $1 ORDER BY verified_at, id`, [id]);

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, ministry, osakaCity } = await issueTestTokens(t, 'import records'));
  });
  afterAll(() => t.close());

  it('a 「サービス情報」 row with Japanese headers sets the notice, the facts and the plan, and records a verification that moves lastVerifiedAt', async () => {
    const target = await createService(t, osaka.token, '271004');
    const before = await service(target.id);
    const file = csv([
      {
        記録の種類: 'サービス情報',
        運営団体コード: '271004',
        サービス名: target.name,
        公開のお知らせ: NOTICE,
        個人情報の取扱い: 'はい',
        機密情報の取扱い: 'はい',
        会話データの保存先: '自団体のシステム(国内)',
        移行先の種別: '他のチャット',
        移行先: 'Webチャット',
        切替予定日: '令和3年4月1日',
        停止予定日: 'R3.3.31',
        確認日: '2021年4月5日',
        確認方法: '電話で確認',
        確認元URL: 'https://www.city.osaka.lg.jp/example/notice.html',
      },
    ]);
    const res = await upload(osaka.token, file).expect(201);
    expect(res.body).toEqual(expect.objectContaining({ rows: 1, applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 1, verifications: 1 }, services: [target.id] }));

    const after = await service(target.id);
    expect(after).toEqual(
      expect.objectContaining({
        publicNotice: NOTICE,
        handlesPersonalData: true,
        handlesConfidentialData: true,
        conversationDataStorage: 'operator_system_in_japan',
        // The stop before the switch is recorded as written: the engine warns of it.
        transition: { toKind: 'chat_platform', toPlatform: 'Webチャット', switchOn: '2021-04-01', stopOn: '2021-03-31' },
        // A date alone is 0:00 Japan time that day.
        lastVerifiedAt: '2021-04-04T15:00:00.000Z',
        lastVerifiedBy: osaka.name,
        version: before.version + 1,
      }),
    );
    expect(await verifications(target.id)).toEqual([
      { method: 'phone_call', source_url: 'https://www.city.osaka.lg.jp/example/notice.html', verified_at: new Date('2021-04-04T15:00:00Z'), verified_by: osaka.name, verified_by_token_id: osaka.id },
    ]);

    // The audit entry keeps the information before and after, with the verification.
    const audit = await request(t.http).get('/v1/audit').set(bearer(ministry.token)).query({ serviceId: target.id }).expect(200);
    const entry = audit.body.items.find((e: { action: string }) => e.action === 'import.service_info');
    expect(entry.before).toEqual(expect.objectContaining({ publicNotice: null, transition: null, lastVerifiedAt: null }));
    expect(entry.after).toEqual(
      expect.objectContaining({
        importId: res.body.importId,
        row: 2,
        publicNotice: NOTICE,
        dataHandling: { handlesPersonalData: true, handlesConfidentialData: true, conversationDataStorage: 'operator_system_in_japan' },
        verification: expect.objectContaining({ method: 'phone_call', verifiedAt: '2021-04-04T15:00:00.000Z', verifiedBy: osaka.name }),
      }),
    );

    // The same file again adds nothing.
    const again = await upload(osaka.token, file).expect(200);
    expect(again.body).toEqual(expect.objectContaining({ applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 0, verifications: 0 }, skippedRows: [2], services: [] }));
    expect(await verifications(target.id)).toHaveLength(1);
    expect((await service(target.id)).version).toBe(after.version);
  });

  it('a later verification moves lastVerifiedAt, an earlier one is recorded without moving it, and a verification alone is not an edit', async () => {
    const target = await createService(t, osaka.token, '271004');
    const today = tokyoDay(0);
    const row = (day: string, method: string) => ({ record_type: 'service_info', service_id: target.id, verified_on: day, verification_method: method });
    await upload(osaka.token, csv([row(today.written, 'website')])).expect(201);
    const verified = await service(target.id);
    expect(verified.lastVerifiedAt).toBe(new Date(`${today.iso}T00:00:00+09:00`).toISOString());
    expect(verified.updatedAt).toBe(target.updatedAt);
    expect(verified.version).toBe(target.version + 1);

    // An office backfilling an earlier confirmation: kept in the history, the latest stays.
    const res = await upload(osaka.token, csv([row('2021/3/26', 'official_notice'), row('2021/3/26', '公式発表')])).expect(201);
    expect(res.body.applied).toEqual({ statusChanges: 0, fallbackChannels: 0, serviceInfo: 1, verifications: 1 });
    expect(res.body.skippedRows).toEqual([3]);
    expect((await service(target.id)).lastVerifiedAt).toBe(verified.lastVerifiedAt);
    expect((await verifications(target.id)).map((v) => v.method)).toEqual(['official_notice', 'website']);
  });

  it('records a verification as the endpoint does (one rule): the service keeps its latest, the first its history lists, whichever way it came', async () => {
    const target = await createService(t, osaka.token, '271004');
    const row = (day: string, method: string) => ({ record_type: 'service_info', service_id: target.id, verified_on: day, verification_method: method });
    const latestListed = async () => (await request(t.http).get(`/v1/services/${target.id}/verifications`).expect(200)).body.items[0];
    const lastOf = async () => {
      const { lastVerifiedAt, lastVerifiedBy } = await service(target.id);
      return { lastVerifiedAt, lastVerifiedBy };
    };

    // Through the endpoint, now: the version moves, updatedAt does not, as with an import's (below).
    const posted = (await request(t.http).post(`/v1/services/${target.id}/verifications`).set(bearer(osakaCity.token)).send({ method: 'website' }).expect(201)).body;
    expect(await lastOf()).toEqual({ lastVerifiedAt: posted.verifiedAt, lastVerifiedBy: osakaCity.name });
    expect(await service(target.id)).toEqual(expect.objectContaining({ version: target.version + 1, updatedAt: target.updatedAt }));

    // An earlier confirmation imported afterwards joins the history and leaves the latest; the version moves (a write), updatedAt does not.
    const before = await request(t.http).get(`/v1/services/${target.id}`).expect(200);
    await upload(osaka.token, csv([row('2021/4/6', 'website')])).expect(201);
    const after = await request(t.http).get(`/v1/services/${target.id}`).expect(200);
    expect(await lastOf()).toEqual({ lastVerifiedAt: posted.verifiedAt, lastVerifiedBy: osakaCity.name });
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.updatedAt).toBe(before.body.updatedAt);
    expect(await latestListed()).toEqual(expect.objectContaining({ id: posted.id }));

    // Two verifications of one instant: the one recorded last is the latest, on the row as in the list.
    const other = await createService(t, osaka.token, '271004');
    const otherRow = (method: string) => ({ record_type: 'service_info', service_id: other.id, verified_on: '2021/4/6', verification_method: method });
    await upload(osaka.token, csv([otherRow('website')])).expect(201);
    await upload(osakaCity.token, csv([otherRow('phone_call')])).expect(201);
    const listed = (await request(t.http).get(`/v1/services/${other.id}/verifications`).expect(200)).body.items;
    expect(listed.map((v: { method: string; verifiedBy: string }) => [v.method, v.verifiedBy])).toEqual([
      ['phone_call', osakaCity.name],
      ['website', osaka.name],
    ]);
    expect(await service(other.id)).toEqual(expect.objectContaining({ lastVerifiedAt: '2021-04-05T15:00:00.000Z', lastVerifiedBy: osakaCity.name }));
  });

  it('a file that edits a service and verifies it moves its version once, and updatedAt (an edit); the verification lists with no note', async () => {
    const target = await createService(t, osaka.token, '271004');
    const res = await upload(osaka.token, csv([{ record_type: 'service_info', service_id: target.id, public_notice: NOTICE, verified_on: '2021/4/5', verification_method: 'official_notice' }])).expect(201);
    expect(res.body.applied).toEqual({ statusChanges: 0, fallbackChannels: 0, serviceInfo: 1, verifications: 1 });
    const after = await service(target.id);
    expect(after.version).toBe(target.version + 1);
    expect(after.updatedAt).not.toBe(target.updatedAt);
    expect(after).toEqual(expect.objectContaining({ publicNotice: NOTICE, lastVerifiedAt: '2021-04-04T15:00:00.000Z', lastVerifiedBy: osaka.name }));
    const listed = (await request(t.http).get(`/v1/services/${target.id}/verifications`).expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ method: 'official_notice', note: null, verifiedAt: '2021-04-04T15:00:00.000Z', verifiedBy: osaka.name })]);
  });

  it('empty cells keep what is recorded; 不明 records "not known"; the transition is replaced as a whole', async () => {
    const target = await createService(t, osaka.token, '271004', {
      publicNotice: NOTICE,
      handlesConfidentialData: true,
      conversationDataStorage: 'line_servers',
      transition: { toKind: 'chat_platform', toPlatform: 'Webチャット', switchOn: '2021-04-01', stopOn: '2021-04-15' },
    });
    await upload(osaka.token, csv([{ record_type: 'service_info', service_id: target.id, handles_confidential_data: '不明', transition_to_kind: 'phone', transition_stop_on: '2021/4/30' }])).expect(201);
    expect(await service(target.id)).toEqual(
      expect.objectContaining({
        publicNotice: NOTICE,
        conversationDataStorage: 'line_servers',
        handlesConfidentialData: null,
        transition: { toKind: 'phone', toPlatform: null, switchOn: null, stopOn: '2021-04-30' },
        lastVerifiedAt: null,
      }),
    );
  });

  it('refuses bad values with an error naming each row and column, in both languages, and writes nothing', async () => {
    const target = await createService(t, osaka.token, '271004');
    const tomorrow = tokyoDay(1);
    const good = { record_type: 'service_info', operator_code: '271004', service_name: target.name };
    const file = csv([
      // A good row: it must not be written either.
      { ...good, public_notice: NOTICE, verified_on: '2021/4/5', verification_method: '電話' },
      { ...good, conversation_data_storage: 'クラウド', verified_on: tomorrow.written, verification_method: 'website' },
      { ...good, transition_to_platform: 'Webチャット', transition_switch_on: '2021/4/1 9:00' },
      { ...good, verification_method: 'by pigeon', verification_source_url: 'ftp://example.jp/x' },
      { ...good, handles_confidential_data: 'たぶん', handles_personal_data: '不明' },
      { ...good },
      { record_type: 'status_change', operator_code: '271004', service_name: target.name, status: '停止中', effective_at: '2021/3/26', public_notice: NOTICE },
    ]);
    const res = await upload(osaka.token, file).expect(422);
    const errors = (res.body.errors as ImportError[]).map((e) => [e.row, e.column]);
    expect(errors).toEqual([
      [3, 'conversation_data_storage'],
      [3, 'verified_on'],
      [4, 'transition_to_kind'],
      [4, 'transition_switch_on'],
      [5, 'verified_on'],
      [5, 'verification_method'],
      [5, 'verification_source_url'],
      [6, 'handles_personal_data'],
      [6, 'handles_confidential_data'],
      [7, null],
      [8, 'public_notice'],
    ]);
    const byCell = new Map((res.body.errors as ImportError[]).map((e) => [`${e.row}:${e.column}`, e]));
    expect(byCell.get('3:verified_on')!.messageJa).toBe(`3行目の「verified_on」：未来の日時は書けません（「${tomorrow.written}」はまだ来ていません）`);
    expect(byCell.get('3:conversation_data_storage')!.message).toMatch(/^must be one of line_servers, operator_system_in_japan, overseas, unknown/);
    expect(byCell.get('4:transition_to_kind')!.messageJa).toMatch(/^4行目の「transition_to_kind」：移行の列/);
    expect(byCell.get('4:transition_switch_on')!.message).toMatch(/date without a time/);
    expect(byCell.get('5:verification_method')!.messageJa).toContain('「by pigeon」は使えません');
    expect(byCell.get('8:public_notice')!.messageJa).toBe('8行目の「public_notice」：「サービス情報」の行に書く列です。「状態変更」の行では空欄にしてください');

    const stored = await service(target.id);
    expect(stored).toEqual(expect.objectContaining({ publicNotice: null, lastVerifiedAt: null, version: target.version, timeline: target.timeline }));
    expect(await verifications(target.id)).toEqual([]);
  });

  it('two rows that give one service different values are refused, naming the earlier row; rows that give different fields merge', async () => {
    const target = await createService(t, osaka.token, '271004');
    const row = (fields: Record<string, string>) => ({ record_type: 'service_info', service_id: target.id, ...fields });
    const refused = await upload(osaka.token, csv([row({ public_notice: NOTICE }), row({ public_notice: 'LINE相談を再開しました' })])).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'public_notice', messageJa: '3行目の「public_notice」：2行目で同じサービスに別の値が書かれています。1つのファイルでは1つの値にしてください' })]);
    expect((await service(target.id)).publicNotice).toBeNull();

    await upload(osaka.token, csv([row({ public_notice: NOTICE }), row({ conversation_data_storage: 'overseas' })])).expect(201);
    expect(await service(target.id)).toEqual(expect.objectContaining({ publicNotice: NOTICE, conversationDataStorage: 'overseas' }));
  });

  it('reads a verification day from an Excel date cell, and keeps the jurisdiction: another prefecture\'s service is refused', async () => {
    const target = await createService(t, osaka.token, '271004');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('入力');
    sheet.addRow(['記録の種類', 'サービスID', '確認日', '確認方法']);
    sheet.addRow(['サービス情報', target.id, new Date(Date.UTC(2021, 3, 5)), 'ウェブサイトで確認']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await upload(hokkaido.token, bytes, XLSX_TYPE).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'service_id' })]);
    await upload(osaka.token, bytes, XLSX_TYPE).expect(201);
    expect((await service(target.id)).lastVerifiedAt).toBe('2021-04-04T15:00:00.000Z');
  });

  it('an npo token scoped to an organisation imports its organisation\'s services by their operator code, and not a government\'s', async () => {
    const code = `imp_${Date.now().toString(36)}`;
    await t.db.query(`INSERT INTO organizations (code, name, legal_form, nationwide) VALUES ($1, $2, 'certified_npo', true)`, [code, unique('テスト法人')]);
    // Scoped in the database, as the schema allows (issuing scoped npo tokens is the organisations' part of issue 14).
    const npo = await t.tokens.issue('npo', undefined, unique('import npo'));
    await t.db.query(`UPDATE access_tokens SET scope = $1 WHERE id = $2`, [code, npo.id]);
    const own = await createService(t, npo.token, code);
    const government = await createService(t, osaka.token, '271004');
    const res = await upload(npo.token, csv([{ record_type: 'service_info', operator_code: code, service_name: own.name, public_notice: NOTICE, verified_on: '2021/4/5', verification_method: 'self_report' }])).expect(201);
    expect(res.body.services).toEqual([own.id]);
    expect(await service(own.id)).toEqual(expect.objectContaining({ publicNotice: NOTICE, lastVerifiedBy: npo.name }));
    const refused = await upload(npo.token, csv([{ record_type: 'service_info', service_id: government.id, public_notice: NOTICE }])).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'service_id' })]);
  });
});
