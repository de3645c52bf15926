import fc from 'fast-check';
import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { hoursProblems } from '../../src/hours/hours';
import { contactProblem, isHttpUrl } from '../../src/line-services/contact';
import { isValidLgCode } from '../../src/local-governments/lg-code';
import { ColumnName, COLUMN_NAMES, COLUMNS, csvLine } from '../../src/imports/columns';
import { readTokyoInstant } from '../../src/imports/japanese-dates';
import { readChannelKind, readRecordType, readStatus } from '../../src/i18n/labels';
import { MAX_URL_LENGTH } from '../../src/common/url';
import { CreateLineServiceDto, UpdateLineServiceDto } from '../../src/line-services/dto/line-service.dto';
import { CreateStatusChangeDto } from '../../src/line-services/dto/status-change.dto';
import { CreateVerificationDto } from '../../src/line-services/dto/verification.dto';
import { CreateFallbackChannelDto, UpdateFallbackChannelDto } from '../../src/line-services/dto/fallback-channel.dto';
import { CreateWebhookDto } from '../../src/notifications/dto/webhook.dto';
import { CreateOrganizationDto, UpdateOrganizationDto } from '../../src/organizations/dto/organization.dto';
import { bearer, createService, serviceBody, startApp, tableCounts, TestApp, unique } from '../support/app';
import { saveEnv, standardErrorProblem } from '../support/faults/http';
import { createOwnDatabase, OwnDatabase } from '../support/faults/own-database';
import { bodyRoutes } from '../support/routes';
import { bodyWith, DtoClass, sampleOf, StringField, stringFields } from '../support/dto-fields';
import { faultsPrefix, releaseSuite } from '../support/faults/redis-keys';
import {
  CLEAR,
  garbageCursor,
  GeneratedBody,
  hostileText,
  hostileTextWithSurrogates,
  invalidAudiences,
  invalidBody,
  invalidBoolean,
  invalidCategoryList,
  invalidEnum,
  invalidEvents,
  invalidHours,
  invalidInstant,
  invalidLgCode,
  invalidLimit,
  invalidOperatorCode,
  invalidPhoneContact,
  invalidPrefecture,
  invalidPrefectureList,
  invalidRequiredText,
  invalidText,
  invalidUrl,
  JAPANESE_TEXT,
  jsonWithProto,
  LINE_BREAKS,
  MISSING,
  notOneOf,
  queryString,
  REFUSED_CHARACTERS,
  SURROGATE_CLASSES,
  tooLong,
  unknownKey,
  vocab,
  withControlChar,
  wrongType,
  wrongTypeNonNull,
  wtf8,
} from '../support/faults/hostile';

// Fixed dates: March/April 2021 (the seed cases' time) in bodies whose other fields are
// hostile, and the 1990-2099 range random `at` values are drawn from (the API accepts
// 1990-2100): none depends on today's date. Times ahead are taken from the clock.

// 鹿児島県 and 鹿児島市: no other suite writes there.
const PREFECTURE = '46';
const OPERATOR = '462012';
const BODY_LIMIT = 256 * 1024;
const IMPORT_LIMIT = 20 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEED = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : undefined;
/** FAULTS_RUNS_SCALE=10 runs every property ten times as often (locally, when hunting). */
const RUNS_SCALE = Math.max(1, Number(process.env.FAULTS_RUNS_SCALE ?? 1));

/** fast-check's report with every line cut short: counterexamples can hold 200 KB strings. */
function assertOptions(numRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: numRuns * RUNS_SCALE,
    seed: SEED,
    asyncReporter: async (details) => {
      if (!details.failed) return;
      const message = fc.defaultReportMessage(details) ?? 'property failed';
      throw new Error(message.split('\n').map((line) => (line.length > 600 ? `${line.slice(0, 600)}… (${line.length} chars)` : line)).join('\n').slice(0, 12_000));
    },
  };
}

/** Query values are strings; long ones are cut so that the URL stays within Node's header limit. */
const asQueryValue = (value: string) => value.slice(0, 300);
const queryStrings = (arb: fc.Arbitrary<unknown>) => arb.filter((v): v is string => typeof v === 'string').map(asQueryValue);

const invalidIfMatch = fc.constantFrom('abc', '"x"', 'W/"1', '-1', '1,2', '"1234567890"', '1.0', '"1" "2"', '*x', '""', '"9999"', '"0"', 'W/"9999"', "'1'");
const invalidId = fc.oneof(
  hostileText.filter((s) => !UUID.test(s.trim())).map((s) => ({ raw: false, value: s.slice(0, 300) })),
  fc.uuid().map((value) => ({ raw: false, value })),
  fc.constantFrom('%ZZ', '%E0%A4%A', '%2e%2e', '%00', '%ED%A0%80', '%2F').map((value) => ({ raw: true, value })),
);
const pathPart = (id: unknown): string => {
  const { raw, value } = id as { raw: boolean; value: string };
  return raw ? value : encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '_')) || '_';
};

/**
 * One API on a database of the suite's own (made like line_tracker_test), so that "nothing
 * stored" is exact: every table's row count (tableCounts) and everything this suite's tokens,
 * service and prefecture could have changed are compared around every request.
 */
describe('hostile input: every answer a 4xx with the standard body, nothing stored', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  let database: OwnDatabase;
  const prefix = faultsPrefix('hostile');
  let t: TestApp;
  let token: string;
  let tokenId: string;
  let npo: string;
  let npoId: string;
  let ministry: string;
  let serviceId: string;
  let channelId: string;
  let scheduledChangeId: string;
  /** Generated requests that must be refused, and generated hostile-but-valid ones. */
  let sent = 0;
  let mixed = 0;

  beforeAll(async () => {
    database = await createOwnDatabase('hostile');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    const own = await t.tokens.issue('prefecture', PREFECTURE, unique('hostile prefecture'));
    token = own.token;
    tokenId = own.id;
    const npoToken = await t.tokens.issue('npo', undefined, unique('hostile npo'));
    npo = npoToken.token;
    npoId = npoToken.id;
    ministry = (await t.tokens.issue('ministry', undefined, unique('hostile ministry'))).token;
    serviceId = (await createService(t, token, OPERATOR)).id;
    channelId = (await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: '電話相談', contact: '0120-000-000' }).expect(201)).body.id;
    scheduledChangeId = (
      await request(t.http)
        .post(`/v1/services/${serviceId}/status-changes`)
        .set(bearer(token))
        .send({ status: 'suspended', effectiveAt: new Date(Date.now() + 90 * 86_400_000).toISOString() })
        .expect(201)
    ).body.id;
  }, 60_000);
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  /** Everything a write by this suite's tokens, to its service or in its prefecture, could have changed. */
  const footprint = async () => ({
    everyTable: await tableCounts(t.db),
    ...(
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM audit_log WHERE token_id = ANY ($1::uuid[])) AS audit,
                (SELECT count(*)::int FROM line_services WHERE prefecture_code = $3) AS services,
                (SELECT coalesce(sum(version), 0)::int FROM line_services WHERE prefecture_code = $3) AS versions,
                (SELECT count(*)::int FROM status_changes WHERE service_id = $2) AS changes,
                (SELECT count(*)::int FROM status_changes WHERE service_id = $2 AND withdrawn_at IS NOT NULL) AS withdrawn,
                (SELECT count(*)::int FROM fallback_channels WHERE service_id = $2) AS channels,
                (SELECT max(updated_at)::text FROM fallback_channels WHERE service_id = $2) AS channels_updated,
                (SELECT count(*)::int FROM webhook_subscriptions WHERE token_id = ANY ($1::uuid[])) AS webhooks,
                (SELECT count(*)::int FROM evaluation_requests WHERE service_id = $2) AS evaluations`,
        [[tokenId, npoId], serviceId, PREFECTURE],
      )
    )[0],
  });

  /** The answer is a 4xx with the standard body (413 exactly when the body was over the limit). */
  const statuses: Record<string, number> = {};
  function expectRefused(res: request.Response, what: unknown, bytes?: number, limit = BODY_LIMIT): void {
    sent += 1;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const summary = { status: res.status, body: JSON.stringify(res.body).slice(0, 300), what: JSON.stringify(what)?.slice(0, 300) };
    if (bytes !== undefined && bytes > limit) expect(summary).toEqual({ ...summary, status: 413 });
    else expect({ ...summary, ok: res.status >= 400 && res.status < 500 && res.status !== 413 }).toEqual({ ...summary, ok: true });
    expect({ ...summary, problem: standardErrorProblem(res) }).toEqual({ ...summary, problem: null });
  }

  /** Sends the body as JSON text, or replaces it with a hostile whole body, with one of several content types. */
  const bodyShape = fc.record({
    replace: fc.option(
      fc.oneof(
        fc.constantFrom('[]', '[1,2]', '"x"', '1', 'null', 'true', '{', '{"a":}', "{'a':1}", '\u0000', '', '{"status":"active",}', '{"status":"active"}{"status":"active"}'),
        fc.integer({ min: 2, max: 1000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      ),
      { freq: 8 },
    ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', 'text/csv', 'application/xml') },
    ),
  });

  async function sendJson(method: 'post' | 'patch' | 'delete', path: string, headers: Record<string, string>, input: GeneratedBody, shape: { replace: string | null; contentType: string }) {
    const text = shape.replace ?? jsonWithProto(input.body, input.protoKey, input.protoValue);
    const bytes = Buffer.byteLength(text, 'utf8');
    const before = await footprint();
    const res = await request(t.http)[method](path).set(headers).set('Content-Type', shape.contentType).send(text);
    // Only a body the JSON parser reads can be too large for it.
    const parsedAsJson = /^application\/json(;\s*charset=utf-8)?$/.test(shape.contentType) || /^application\/json; charset=(utf-16|latin1)$/.test(shape.contentType);
    expectRefused(res, { path, headers, broken: input.broken, request: input.request, replace: shape.replace?.slice(0, 100), contentType: shape.contentType, body: text.slice(0, 300) }, parsedAsJson ? bytes : undefined);
    expect(await footprint()).toEqual(before);
    return res;
  }

  const auth = (tok: string, input: GeneratedBody): Record<string, string> =>
    '@ifMatch' in input.request ? { ...bearer(tok), 'If-Match': String(input.request['@ifMatch']) } : bearer(tok);
  const servicePath = (input: GeneratedBody) => ('@id' in input.request ? pathPart(input.request['@id']) : serviceId);

  describe('write endpoints, with a token whose jurisdiction it is', () => {
    it('POST /v1/services', async () => {
      const known = ['operatorCode', 'name', 'nameEn', 'department', 'category', 'audiences', 'handlesPersonalData', 'lifeCritical', 'description', 'url', 'lineHours', 'initialStatus'];
      const arb = invalidBody(
        serviceBody(OPERATOR, { name: 'hostile base' }),
        {
          operatorCode: fc.oneof(invalidOperatorCode, fc.constant(MISSING)),
          name: fc.oneof(invalidRequiredText(200), fc.constant(MISSING)),
          nameEn: invalidText(200),
          department: invalidText(200),
          category: fc.oneof(invalidEnum(vocab.SERVICE_CATEGORIES), fc.constant(MISSING)),
          audiences: fc.oneof(invalidAudiences, fc.constant(MISSING)),
          handlesPersonalData: fc.oneof(invalidBoolean(), fc.constant(MISSING)),
          lifeCritical: invalidBoolean(true),
          description: invalidText(4000),
          url: invalidUrl,
          lineHours: invalidHours,
          initialStatus: fc.oneof(
            fc.record({ status: invalidEnum(vocab.SERVICE_STATUSES) }),
            fc.record({ status: fc.constant('active'), effectiveAt: invalidInstant }),
            fc.record({ status: fc.constant('active'), extra: hostileText }),
            // (An array of changes is left to a test of its own.)
            fc.constantFrom<unknown>('active', 1, true, [{ status: 'paused' }], [1]),
          ),
        },
        { name: hostileTextWithSurrogates, department: hostileTextWithSurrogates, description: hostileTextWithSurrogates },
        known,
      );
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          await sendJson('post', '/v1/services', bearer(token), input, shape);
        }),
        assertOptions(100),
      );
    }, 120_000);

    it('PATCH /v1/services/:id', async () => {
      const known = ['name', 'nameEn', 'department', 'category', 'audiences', 'handlesPersonalData', 'lifeCritical', 'description', 'url', 'lineHours'];
      const arb = invalidBody(
        {},
        {
          name: invalidRequiredText(200),
          nameEn: invalidText(200),
          department: invalidText(200),
          category: invalidEnum(vocab.SERVICE_CATEGORIES),
          audiences: invalidAudiences,
          handlesPersonalData: invalidBoolean(),
          lifeCritical: invalidBoolean(),
          description: invalidText(4000),
          url: invalidUrl,
          lineHours: invalidHours,
          massAssignment: fc.constant(MISSING),
          emptyBody: fc.constant(CLEAR),
          '@id': invalidId,
          '@ifMatch': invalidIfMatch,
        },
        { name: hostileTextWithSurrogates, description: hostileTextWithSurrogates, department: hostileTextWithSurrogates },
        known,
      ).map((input) =>
        // Fields a client must never set: refused like any unknown field.
        input.broken.includes('massAssignment') ? { ...input, body: { ...input.body, version: 99, currentStatus: 'discontinued', operatorCode: '011002', id: serviceId } } : input,
      );
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          await sendJson('patch', `/v1/services/${servicePath(input)}`, auth(token, input), input, shape);
        }),
        assertOptions(90),
      );
    }, 120_000);

    it('POST /v1/services/:id/status-changes', async () => {
      const arb = invalidBody(
        { status: 'suspended' },
        {
          status: fc.oneof(invalidEnum(vocab.SERVICE_STATUSES), fc.constant(MISSING)),
          effectiveAt: invalidInstant,
          reason: invalidText(2000),
          sourceUrl: invalidUrl,
          '@id': invalidId,
          '@ifMatch': invalidIfMatch,
        },
        { reason: hostileTextWithSurrogates, sourceUrl: hostileText },
        ['status', 'effectiveAt', 'reason', 'sourceUrl'],
      );
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          await sendJson('post', `/v1/services/${servicePath(input)}/status-changes`, auth(token, input), input, shape);
        }),
        assertOptions(100),
      );
    }, 120_000);

    it('POST /v1/services/:id/status-changes/:changeId/withdraw', async () => {
      const invalidChangeId = fc.oneof(
        hostileText.filter((s) => !/^\d{1,18}$/.test(s)).map((value) => ({ raw: false, value: value.slice(0, 300) })),
        fc.constantFrom('-1', '1.5', '１２', '1 OR 1=1', '0x10', '1e3', '9'.repeat(19), ' 1').map((value) => ({ raw: false, value })),
        fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }).filter((n) => String(n) !== scheduledChangeId).map((n) => ({ raw: false, value: String(n) })),
        fc.constantFrom('%ZZ', '%ED%A0%80', '%00').map((value) => ({ raw: true, value })),
      );
      const arb = invalidBody({}, { '@id': invalidId, '@ifMatch': invalidIfMatch, '@changeId': invalidChangeId }, { junk: hostileText }, [], { unknownFields: false });
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          const changeId = '@changeId' in input.request ? pathPart(input.request['@changeId']) : scheduledChangeId;
          await sendJson('post', `/v1/services/${servicePath(input)}/status-changes/${changeId}/withdraw`, auth(token, input), input, shape);
        }),
        assertOptions(60),
      );
    }, 120_000);

    const channelInvalid = {
      kind: fc.oneof(invalidEnum(vocab.CHANNEL_KINDS), fc.constant(MISSING)),
      // The channel is a phone: any platform at all is wrong for it.
      platform: fc.oneof(hostileText, wrongTypeNonNull),
      label: fc.oneof(invalidRequiredText(200), fc.constant(MISSING)),
      contact: invalidPhoneContact,
      hours: invalidHours,
      notes: invalidText(2000),
      validFrom: invalidInstant,
      validUntil: invalidInstant,
      validityInverted: fc.constant('inverted'),
      '@ifMatch': invalidIfMatch,
    };
    const withValidity = (input: GeneratedBody): GeneratedBody =>
      input.broken.includes('validityInverted') ? { ...input, body: { ...input.body, validityInverted: undefined, validFrom: '2021-04-01T00:00:00+09:00', validUntil: '2021-03-01T00:00:00+09:00' } } : input;

    it('POST /v1/services/:id/fallback-channels', async () => {
      const arb = invalidBody(
        { kind: 'phone', label: '電話相談', contact: '0120-000-000' },
        { ...channelInvalid, '@id': invalidId },
        { label: hostileTextWithSurrogates, notes: hostileTextWithSurrogates },
        ['kind', 'platform', 'label', 'contact', 'hours', 'notes', 'validFrom', 'validUntil'],
      ).map(withValidity);
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          await sendJson('post', `/v1/services/${servicePath(input)}/fallback-channels`, auth(token, input), input, shape);
        }),
        assertOptions(90),
      );
    }, 120_000);

    it('PATCH /v1/fallback-channels/:id', async () => {
      const arb = invalidBody(
        {},
        {
          ...channelInvalid,
          kind: invalidEnum(vocab.CHANNEL_KINDS),
          label: invalidRequiredText(200),
          contact: fc.oneof(invalidPhoneContact, fc.constant(null)),
          emptyBody: fc.constant(CLEAR),
          '@id': invalidId,
        },
        { label: hostileTextWithSurrogates, notes: hostileTextWithSurrogates },
        ['kind', 'platform', 'label', 'contact', 'hours', 'notes', 'validFrom', 'validUntil'],
      ).map(withValidity);
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          const id = '@id' in input.request ? pathPart(input.request['@id']) : channelId;
          await sendJson('patch', `/v1/fallback-channels/${id}`, auth(token, input), input, shape);
        }),
        assertOptions(80),
      );
    }, 120_000);

    it('DELETE /v1/fallback-channels/:id', async () => {
      const arb = invalidBody({}, { '@id': invalidId, '@ifMatch': invalidIfMatch }, { junk: hostileText }, [], { unknownFields: false });
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          const id = '@id' in input.request ? pathPart(input.request['@id']) : channelId;
          await sendJson('delete', `/v1/fallback-channels/${id}`, auth(token, input), input, shape);
        }),
        assertOptions(50),
      );
    }, 120_000);

    it('POST /v1/webhooks', async () => {
      const invalidWebhookUrl = fc.oneof(
        wrongType,
        fc.constantFrom('http://user:pass@127.0.0.1:9/hook', `http://127.0.0.1:9/${'a'.repeat(2100)}`, 'ftp://127.0.0.1/hook', 'javascript:alert(1)', 'http://', 'http//127.0.0.1', '127.0.0.1:9', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_FLUSHALL'),
        hostileText.filter((s) => !isHttpUrl(s)),
      );
      const arb = invalidBody(
        { url: 'http://127.0.0.1:9/hook', events: ['gap.opened'], prefectureCodes: [PREFECTURE] },
        {
          url: fc.oneof(invalidWebhookUrl, fc.constant(MISSING)),
          events: fc.oneof(invalidEvents, fc.constant(MISSING)),
          prefectureCodes: invalidPrefectureList,
          categories: invalidCategoryList,
        },
        {},
        ['url', 'events', 'prefectureCodes', 'categories'],
      );
      await fc.assert(
        fc.asyncProperty(arb, bodyShape, async (input, shape) => {
          await sendJson('post', '/v1/webhooks', bearer(npo), input, shape);
        }),
        assertOptions(80),
      );
    }, 120_000);

    it('POST /v1/imports (CSV)', async () => {
      const COLUMNS = ['record_type', 'service_id', 'status', 'effective_at', 'reason', 'source_url', 'kind', 'label', 'contact', 'hours', 'notes', 'valid_from', 'valid_until'] as const;
      type Row = Partial<Record<(typeof COLUMNS)[number], string>>;
      const trimmedNot = (ok: (s: string) => boolean) => (s: string) => !ok(s.trim());
      const statusRow = (extra: Row = {}): Row => ({ record_type: 'status_change', service_id: serviceId, status: 'suspended', effective_at: '2021-03-26T00:00:00+09:00', ...extra });
      const channelRow = (extra: Row = {}): Row => ({ record_type: 'fallback_channel', service_id: serviceId, kind: 'phone', label: '電話', contact: '0120-000-000', ...extra });
      const text = (s: string) => s.slice(0, 5000);
      const invalidRow: fc.Arbitrary<Row> = fc.oneof(
        // Imports read words in English or Japanese, any case and width (src/i18n/labels.ts), and dates as offices write them (japanese-dates.ts).
        fc.oneof(fc.constantFrom('status', 'STATUS-CHANGE', 'fallback', '１', ''), hostileText.map(text)).filter(trimmedNot((s) => readRecordType(s) !== null)).map((v) => statusRow({ record_type: v })),
        notOneOf(vocab.SERVICE_STATUSES).map(text).filter(trimmedNot((s) => readStatus(s) !== null)).map((v) => statusRow({ status: v })),
        fc.oneof(fc.constant(''), queryStrings(invalidInstant)).filter(trimmedNot((s) => s !== '' && 'instant' in readTokyoInstant(s))).map((v) => statusRow({ effective_at: v })),
        fc.oneof(hostileText.map(text), fc.uuid(), fc.constant('')).filter(trimmedNot((s) => s.toLowerCase() === serviceId)).map((v) => statusRow({ service_id: v })),
        // (Cells are trimmed: the control character must survive that.)
        fc.oneof(tooLong(2000), withControlChar.filter((v) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v.trim()))).map((v) => statusRow({ reason: v })),
        hostileText.map(text).filter((s) => s.trim() !== '' && !isHttpUrl(s.trim())).map((v) => statusRow({ source_url: v })),
        notOneOf(vocab.CHANNEL_KINDS).map(text).filter(trimmedNot((s) => s === '' || readChannelKind(s) !== null)).map((v) => channelRow({ kind: v })),
        fc.constantFrom('', '   ').map((v) => channelRow({ label: v })),
        // A phone contact is read with NFKC (０３－… is 03-…).
        hostileText.map(text).filter((s) => s.trim() !== '' && (s.trim().length > 300 || contactProblem('phone', s.trim().normalize('NFKC').trim()) !== null)).map((v) => channelRow({ contact: v })),
        fc
          .oneof(fc.constantFrom('{', 'sometimes', '{"type":"weekly"}', 'null', '[]'), invalidHours.map((h) => JSON.stringify(h) ?? 'x'))
          .filter((s) => {
            const v = s.trim();
            if (v === '' || ['always', '常時', '24時間365日'].includes(v.normalize('NFKC').trim().toLowerCase())) return false;
            try {
              return hoursProblems(JSON.parse(v)).length > 0;
            } catch {
              return true;
            }
          })
          .map((v) => channelRow({ hours: v })),
        fc.constant(channelRow({ valid_from: '2021-04-01T00:00:00+09:00', valid_until: '2021-03-01T00:00:00+09:00' })),
        fc.constant(statusRow({ kind: 'phone' })),
      );
      const validRow: fc.Arbitrary<Row> = fc.oneof(
        hostileText.filter((s) => s.length <= 2000).map((reason) => statusRow({ reason })),
        hostileText.filter((s) => s.length <= 2000).map((notes) => channelRow({ notes })),
      );
      const arb = fc.record({
        rows: fc.tuple(fc.array(invalidRow, { minLength: 1, maxLength: 3 }), fc.array(validRow, { maxLength: 3 })).chain(([bad, good]) => fc.shuffledSubarray([...bad, ...good], { minLength: bad.length + good.length })),
        newline: fc.constantFrom('\n', '\r\n'),
        bom: fc.boolean(),
        tail: fc.constantFrom<Buffer | null>(null, null, null, Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n"unterminated'), Buffer.from('\u0000\u0000')),
        contentType: fc.constantFrom('text/csv', 'text/csv', 'text/csv', 'application/csv', 'application/octet-stream', 'text/csv; charset=shift_jis', 'text/plain', 'application/json'),
        encoding: fc.constantFrom<string | null>(null, null, null, 'utf-8', 'shift_jis', 'latin1', 'UTF-8', ''),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ rows, newline, bom, tail, contentType, encoding }) => {
          const lines = [csvLine(COLUMNS), ...rows.map((row) => csvLine(COLUMNS.map((c) => row[c] ?? '')))];
          const parts = [bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(lines.join(newline) + newline, 'utf8'), tail ?? Buffer.alloc(0)];
          const body = Buffer.concat(parts);
          const before = await footprint();
          const res = await request(t.http)
            .post(`/v1/imports${encoding === null ? '' : queryString([['encoding', encoding]])}`)
            .set(bearer(token))
            .set('Content-Type', contentType)
            .send(body);
          // With a JSON content type, superagent sends the Buffer JSON-encoded ({"type":"Buffer",
          // "data":[…]}, about four times the bytes), and the JSON parser's limit applies, not the
          // import's: 413 is right exactly when what the server received is over that limit.
          const json = contentType === 'application/json';
          const received = json ? Buffer.byteLength(JSON.stringify(body)) : body.length;
          expectRefused(res, { contentType, encoding, csv: body.toString('utf8').slice(0, 400) }, received, json ? BODY_LIMIT : IMPORT_LIMIT);
          expect(await footprint()).toEqual(before);
        }),
        assertOptions(70),
      );
    }, 120_000);

    it('bodies over the limit answer 413 with the standard body on every JSON write endpoint', async () => {
      const endpoints: [string, 'post' | 'patch', () => string, string][] = [
        ['POST /v1/services', 'post', () => '/v1/services', 'description'],
        ['PATCH /v1/services/:id', 'patch', () => `/v1/services/${serviceId}`, 'description'],
        ['POST status-changes', 'post', () => `/v1/services/${serviceId}/status-changes`, 'reason'],
        ['POST fallback-channels', 'post', () => `/v1/services/${serviceId}/fallback-channels`, 'notes'],
        ['PATCH fallback-channels', 'patch', () => `/v1/fallback-channels/${channelId}`, 'notes'],
        ['POST /v1/webhooks', 'post', () => '/v1/webhooks', 'url'],
      ];
      const arb = fc.record({ endpoint: fc.constantFrom(...endpoints), size: fc.integer({ min: BODY_LIMIT + 1, max: 3 * BODY_LIMIT }), char: fc.constantFrom('x', 'あ', '😀') });
      await fc.assert(
        fc.asyncProperty(arb, async ({ endpoint: [, method, path, field], size, char }) => {
          const filler = char.repeat(Math.ceil(size / Buffer.byteLength(char)));
          const text = JSON.stringify({ status: 'active', kind: 'phone', label: 'x', [field]: filler });
          const before = await footprint();
          const res = await request(t.http)[method](path()).set(bearer(token)).set('Content-Type', 'application/json').send(text);
          expectRefused(res, { path: path(), field, size }, Buffer.byteLength(text));
          expect(await footprint()).toEqual(before);
        }),
        assertOptions(18),
      );
      // And a CSV over the import limit.
      const csv = Buffer.alloc(IMPORT_LIMIT + 1024, 'a');
      const before = await footprint();
      const res = await request(t.http).post('/v1/imports').set(bearer(token)).set('Content-Type', 'text/csv').send(csv);
      expectRefused(res, 'a CSV of 20 MB + 1 KB', csv.length, IMPORT_LIMIT);
      expect(await footprint()).toEqual(before);
    }, 120_000);
  });

  /**
   * Every string field of every write endpoint, found in the DTOs' class-validator metadata
   * (test/support/dto-fields.ts), gets a value of every class of characters the clean-text
   * rule refuses, tabs and line breaks, Japanese text and a value too long for it. A field
   * added to a DTO later is covered without being listed here; a write endpoint with a body
   * DTO not listed here fails the first test. Refused: a 400 whose details name the field,
   * with nothing stored. Taken (Japanese text in free text and URLs, line breaks in multi-line
   * text): a 2xx whose answer and stored row hold exactly what was sent.
   */
  describe('every string field of every write endpoint, from the DTO metadata', () => {
    let fieldService: { id: string; name: string };
    let fieldChannelId: string;
    let seq = 0;
    /** A short tag no other value has (no spaces: it also goes into URL paths). */
    const tag = () => `t${(seq += 1)}${Date.now().toString(36)}`;

    /** An organisation whose fields PATCH /v1/organizations/:code writes, and a code for each organisation POST registers. */
    const fieldOrganization = 'hostile_org';
    const organizationCode = () => `hostile_${tag()}`;

    beforeAll(async () => {
      await request(t.http).post('/v1/organizations').set(bearer(ministry)).send({ code: fieldOrganization, name: '文字種テスト団体', legalForm: 'npo', coverage: { nationwide: true } }).expect(201);
      fieldService = await createService(t, token, OPERATOR, { name: unique('文字種テスト') });
      fieldChannelId = (await request(t.http).post(`/v1/services/${fieldService.id}/fallback-channels`).set(bearer(token)).send({ kind: 'postal', label: '窓口' }).expect(201)).body.id;
    });

    interface WriteEndpoint {
      route: string;
      dto: DtoClass;
      send: (body: Record<string, unknown>) => request.Test;
      base: () => Record<string, unknown>;
      /** What a field needs around it to be valid (a platform is only for chat_platform channels). */
      context?: Record<string, Record<string, unknown>>;
      /** Valid values of fields whose rule's own sample would not do here. */
      samples?: Record<string, unknown>;
      /** After a request that was taken: undo what would otherwise go on. */
      cleanUp?: (res: request.Response) => Promise<void>;
    }

    const chat = { kind: 'chat_platform', contact: 'https://chat.example.jp/soudan' };
    const ENDPOINTS: WriteEndpoint[] = [
      { route: 'POST /v1/services', dto: CreateLineServiceDto, send: (body) => request(t.http).post('/v1/services').set(bearer(token)).send(body), base: () => serviceBody(OPERATOR, { name: unique('文字種') }) },
      { route: 'PATCH /v1/services/:id', dto: UpdateLineServiceDto, send: (body) => request(t.http).patch(`/v1/services/${fieldService.id}`).set(bearer(token)).send(body), base: () => ({}) },
      { route: 'POST /v1/services/:id/status-changes', dto: CreateStatusChangeDto, send: (body) => request(t.http).post(`/v1/services/${fieldService.id}/status-changes`).set(bearer(token)).send(body), base: () => ({ status: 'active' }) },
      { route: 'POST /v1/services/:id/verifications', dto: CreateVerificationDto, send: (body) => request(t.http).post(`/v1/services/${fieldService.id}/verifications`).set(bearer(token)).send(body), base: () => ({ method: 'phone_call' }) },
      {
        route: 'POST /v1/services/:id/fallback-channels',
        dto: CreateFallbackChannelDto,
        send: (body) => request(t.http).post(`/v1/services/${fieldService.id}/fallback-channels`).set(bearer(token)).send(body),
        base: () => ({ kind: 'postal', label: unique('窓口') }),
        context: { platform: chat },
      },
      {
        route: 'PATCH /v1/fallback-channels/:id',
        dto: UpdateFallbackChannelDto,
        send: (body) => request(t.http).patch(`/v1/fallback-channels/${fieldChannelId}`).set(bearer(token)).send(body),
        base: () => ({ kind: 'postal', platform: null }),
        context: { platform: chat },
      },
      {
        route: 'POST /v1/webhooks',
        dto: CreateWebhookDto,
        send: (body) => request(t.http).post('/v1/webhooks').set(bearer(npo)).send(body),
        // Okinawa: no test writes there, so a webhook that is taken has nothing to deliver before it is deleted.
        base: () => ({ url: 'http://127.0.0.1:9/hook', events: ['gap.opened'], prefectureCodes: ['47'] }),
        samples: { url: 'http://127.0.0.1:9/hook' },
        cleanUp: async (res) => {
          await request(t.http).delete(`/v1/webhooks/${res.body.id}`).set(bearer(npo)).expect(204);
        },
      },
      {
        route: 'POST /v1/organizations',
        dto: CreateOrganizationDto,
        send: (body) => request(t.http).post('/v1/organizations').set(bearer(ministry)).send(body),
        base: () => ({ code: organizationCode(), name: unique('支援団体'), legalForm: 'npo', coverage: { nationwide: true } }),
        context: { 'coverage.localGovernments': { coverage: {} } },
      },
      {
        route: 'PATCH /v1/organizations/:code',
        dto: UpdateOrganizationDto,
        send: (body) => request(t.http).patch(`/v1/organizations/${fieldOrganization}`).set(bearer(ministry)).send(body),
        base: () => ({}),
      },
    ];

    it('every write route whose body is a DTO is listed (the CSV import is tested by column below)', () => {
      const routes = bodyRoutes(t.app);
      expect(routes.filter((r) => !r.validated).map((r) => r.route)).toEqual(['POST /v1/imports']);
      const listed = new Set(ENDPOINTS.map((e) => e.dto));
      expect(routes.filter((r) => r.validated && !listed.has(r.dto)).map((r) => `${r.route} (${r.dto.name})`)).toEqual([]);
      for (const endpoint of ENDPOINTS) expect(stringFields(endpoint.dto).length).toBeGreaterThan(0);
    });

    const CLASSES = { ...REFUSED_CHARACTERS, 'line break or tab': LINE_BREAKS, 'Japanese text': JAPANESE_TEXT };
    const classValues = fc.record({ ...CLASSES, 'very long': fc.integer({ min: 1, max: 2000 }) });

    /** Whether the field must take a value of the class (else it must refuse it). */
    function takes(field: StringField, cls: string): boolean {
      const freeText = field.rule.kind === 'text' || field.rule.kind === 'hours';
      if (cls === 'line break or tab') return (field.rule.kind === 'text' && field.rule.multiline) || field.rule.kind === 'hours';
      if (cls === 'Japanese text') return freeText || field.rule.kind === 'url';
      return false;
    }

    /** The field's value with `insert` inside it (one element, for an array); and the string that holds it. */
    function carrying(endpoint: WriteEndpoint, field: StringField, insert: string): { value: unknown; text: string } {
      const sample = endpoint.samples && field.field in endpoint.samples ? endpoint.samples[field.field] : sampleOf(field);
      const id = tag();
      let text: string;
      let one: unknown;
      switch (field.rule.kind) {
        case 'text':
          one = text = `テスト${id}${insert}です`;
          break;
        case 'hours':
          text = `${id}${insert}です`;
          one = { type: 'always', notes: text };
          break;
        case 'url':
          one = text = `${String(sample)}/${id}${insert}z`;
          break;
        default:
          one = text = `${String(sample)}${insert}`;
      }
      return { value: field.each ? [one] : one, text };
    }

    function tooLong(field: StringField, extra: number): { value: unknown; text: string } {
      let text: string;
      let one: unknown;
      if (field.rule.kind === 'url') one = text = `https://example.jp/${'a'.repeat(MAX_URL_LENGTH + extra)}`;
      else if (field.rule.kind === 'hours') {
        text = 'あ'.repeat(10_000 + extra);
        one = { type: 'always', notes: text };
      } else one = text = `${field.rule.kind === 'text' ? '' : String(sampleOf(field))}${'あ'.repeat((field.maxLength ?? 5000) + extra)}`;
      return { value: field.each ? [one] : one, text };
    }

    const containsString = (value: unknown, text: string): boolean =>
      value === text || (typeof value === 'object' && value !== null && Object.values(value).some((v) => containsString(v, text)));

    /** The tables that hold what the API stores (the audit log and the outbox keep copies). */
    let storedTables: string[] = [];
    async function storedExactly(text: string): Promise<boolean> {
      if (storedTables.length === 0) {
        storedTables = (
          await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'events', 'webhook_deliveries', 'evaluation_requests', 'migrations')`)
        ).map((r: { table_name: string }) => r.table_name);
      }
      const any = storedTables.map((name) => `EXISTS (SELECT 1 FROM "${name}" x WHERE jsonb_path_exists(to_jsonb(x), '$.** ? (@ == $v)', jsonb_build_object('v', $1::text)))`).join(' OR ');
      const [row] = await t.db.query(`SELECT (${any}) AS found`, [text]);
      return row.found === true;
    }

    const show = (value: unknown) => {
      const text = JSON.stringify(value) ?? String(value);
      return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text;
    };

    /** Sends the body with the field set; a description of what went wrong, or null. */
    async function check(endpoint: WriteEndpoint, field: StringField, cls: string, { value, text }: { value: unknown; text: string }): Promise<Record<string, unknown> | null> {
      const body = bodyWith(endpoint.dto, { ...endpoint.base(), ...(endpoint.context?.[field.field] ?? {}) }, field, value);
      const take = takes(field, cls);
      const before = take ? null : await footprint();
      const res = await endpoint.send(body);
      const what = { field: field.field, class: cls, value: show(value), status: res.status };
      if (take) {
        mixed += 1;
        if (res.status < 200 || res.status >= 300) return { ...what, expected: '2xx', answer: show(res.body) };
        const answered = containsString(res.body, text);
        const stored = await storedExactly(text);
        await endpoint.cleanUp?.(res);
        return answered && stored ? null : { ...what, answered, stored };
      }
      sent += 1;
      const fields = ((res.body?.details ?? []) as { field: string }[]).map((d) => d.field);
      const unchanged = JSON.stringify(await footprint()) === JSON.stringify(before);
      const problem = res.status === 400 ? standardErrorProblem(res) : `answered ${res.status}, not 400`;
      if (res.status >= 200 && res.status < 300) await endpoint.cleanUp?.(res);
      return problem === null && fields.includes(field.field) && unchanged ? null : { ...what, problem, fields, unchanged };
    }

    it.each([
      'POST /v1/services',
      'PATCH /v1/services/:id',
      'POST /v1/services/:id/status-changes',
      'POST /v1/services/:id/verifications',
      'POST /v1/services/:id/fallback-channels',
      'PATCH /v1/fallback-channels/:id',
      'POST /v1/webhooks',
      'POST /v1/organizations',
      'PATCH /v1/organizations/:code',
    ])(
      '%s: every string field refuses every class of hostile characters and over-long values, and takes what it should',
      async (route) => {
        const endpoint = ENDPOINTS.find((e) => e.route === route)!;
        const fields = stringFields(endpoint.dto);
        await fc.assert(
          fc.asyncProperty(classValues, async (values) => {
            const failures: Record<string, unknown>[] = [];
            for (const field of fields) {
              for (const [cls, insert] of Object.entries(values)) {
                const failure = await check(endpoint, field, cls, cls === 'very long' ? tooLong(field, insert as number) : carrying(endpoint, field, insert as string));
                if (failure) failures.push(failure);
              }
            }
            expect(failures).toEqual([]);
          }),
          { ...assertOptions(1), endOnFailure: true, includeErrorInReport: true },
        );
      },
      120_000,
    );

    it('POST /v1/imports: every column refuses every class of hostile characters and over-long values (row and column named), and free-text columns take what they should', async () => {
      type Cell = { sample: () => string; embed?: (insert: string, id: string) => string; freeText?: boolean; multiline?: boolean };
      // A service of its own: the PATCH above renames fieldService, and rows name theirs by operator and name.
      const target = await createService(t, token, OPERATOR, { name: unique('取込テスト') });
      const instant = () => new Date(Date.UTC(2021, 2, 26) + seq * 60_000).toISOString();
      // Every column of the import (the type makes a new one fail to compile until it is here).
      const CELLS: Record<ColumnName, Cell> = {
        record_type: { sample: () => 'status_change' },
        service_id: { sample: () => target.id },
        operator_code: { sample: () => OPERATOR },
        service_name: { sample: () => target.name },
        status: { sample: () => 'suspended' },
        effective_at: { sample: instant },
        reason: { sample: () => '', embed: (x, id) => `理由${id}${x}です`, freeText: true, multiline: true },
        source_url: { sample: () => '', embed: (x, id) => `https://example.jp/${id}${x}z`, freeText: true },
        kind: { sample: () => 'postal' },
        platform: { sample: () => 'Teams' },
        label: { sample: () => '', embed: (x, id) => `窓口${id}${x}です`, freeText: true },
        contact: { sample: () => '', embed: (x, id) => `大阪市${id}${x}です`, freeText: true },
        hours: { sample: () => '', embed: (x, id) => `{"type":"always",${x}"notes":"${id}"}`, multiline: true },
        notes: { sample: () => '', embed: (x, id) => `備考${id}${x}です`, freeText: true, multiline: true },
        valid_from: { sample: () => '2021-04-01T00:00:00+09:00' },
        // Still ahead on any day the suite runs: five years from the clock.
        valid_until: { sample: () => new Date(Date.now() + 5 * 365 * 86_400_000).toISOString() },
        public_notice: { sample: () => '', embed: (x, id) => `お知らせ${id}${x}です`, freeText: true },
        handles_personal_data: { sample: () => 'はい' },
        handles_confidential_data: { sample: () => '不明' },
        conversation_data_storage: { sample: () => 'LINEのサーバー' },
        transition_to_kind: { sample: () => '電話' },
        transition_to_platform: { sample: () => '', embed: (x, id) => `移行先${id}${x}です`, freeText: true },
        transition_switch_on: { sample: () => '2021/4/1' },
        transition_stop_on: { sample: () => '2021/4/30' },
        verified_on: { sample: () => '2021/4/1' },
        verification_method: { sample: () => 'website' },
        verification_source_url: { sample: () => '', embed: (x, id) => `https://example.jp/${id}${x}z`, freeText: true },
      };
      const byName = { operator_code: OPERATOR, service_name: target.name as string };
      const statusRow = (): Partial<Record<ColumnName, string>> => ({ record_type: 'status_change', ...byName, status: 'suspended', effective_at: instant() });
      const channelRow = (): Partial<Record<ColumnName, string>> => ({ record_type: 'fallback_channel', ...byName, kind: 'postal', label: `窓口${tag()}` });
      // A verification on a new day each time (so that the row is new), with the transition's kind its other columns need.
      const serviceInfoRow = (): Partial<Record<ColumnName, string>> => ({
        record_type: 'service_info',
        ...byName,
        transition_to_kind: 'phone',
        verified_on: instant(),
        verification_method: 'website',
      });

      async function checkCell(column: ColumnName, cls: string, insert: string): Promise<Record<string, unknown> | null> {
        const cell = CELLS[column];
        const spec = COLUMNS.find((c) => c.name === column)!;
        const id = tag();
        const value = cell.embed ? cell.embed(insert, id) : `${cell.sample()}${insert}z`;
        const row = { ...(spec.for === 'fallback_channel' ? channelRow() : spec.for === 'service_info' ? serviceInfoRow() : statusRow()), [column]: value };
        const csv = [csvLine(COLUMN_NAMES), csvLine(COLUMN_NAMES.map((c) => row[c] ?? ''))].join('\r\n') + '\r\n';
        // A byte-order mark: the file says it is UTF-8, so bytes that are not (a lone surrogate) must not be guessed at.
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), wtf8(csv)]);
        const take = (cls === 'line break or tab' && cell.multiline) || (cls === 'Japanese text' && cell.freeText);
        const before = take ? null : await footprint();
        const res = await request(t.http).post('/v1/imports').set(bearer(token)).set('Content-Type', 'text/csv').send(bytes);
        const what = { column, class: cls, value: show(value), status: res.status };
        if (take) {
          mixed += 1;
          if (res.status !== 201) return { ...what, expected: 201, answer: show(res.body) };
          if (column === 'hours') return null; // stored as the JSON it holds, not as the cell's text
          return (await storedExactly(value)) ? null : { ...what, stored: false };
        }
        sent += 1;
        const unchanged = JSON.stringify(await footprint()) === JSON.stringify(before);
        const fields = ((res.body?.details ?? []) as { field: string }[]).map((d) => d.field);
        // A lone surrogate cannot be UTF-8: the file as a whole is refused. Anything else is the row's cell.
        const surrogate = SURROGATE_CLASSES.includes(cls);
        const expected = surrogate ? 400 : 422;
        const named = surrogate ? /not valid UTF-8/.test(String(res.body?.message)) : fields.includes(`row 2: ${column}`);
        const problem = res.status === expected ? standardErrorProblem(res) : `answered ${res.status}, not ${expected}`;
        return problem === null && named && unchanged ? null : { ...what, problem, fields, message: show(res.body?.message), unchanged };
      }

      await fc.assert(
        fc.asyncProperty(classValues, async (values) => {
          const failures: Record<string, unknown>[] = [];
          for (const column of COLUMN_NAMES) {
            for (const [cls, insert] of Object.entries(values)) {
              const failure = await checkCell(column, cls, cls === 'very long' ? 'あ'.repeat(10_000 + (insert as number)) : (insert as string));
              if (failure) failures.push(failure);
            }
          }
          expect(failures).toEqual([]);
        }),
        { ...assertOptions(1), endOnFailure: true, includeErrorInReport: true },
      );
    }, 120_000);
  });

  describe('filters', () => {
    /** Query pairs: one to three invalid parameters, up to two hostile ones (valid or not), maybe a parameter twice. */
    const invalidQuery = (invalid: Record<string, fc.Arbitrary<string>>, hostile: Record<string, fc.Arbitrary<string>>, known: string[]): fc.Arbitrary<[string, string][]> => {
      const entries: Record<string, fc.Arbitrary<[string, string][]>> = Object.fromEntries(Object.entries(invalid).map(([k, arb]) => [k, arb.map((v) => [[k, asQueryValue(v)]] as [string, string][])]));
      entries['(unknown)'] = fc.tuple(unknownKey(known), hostileText).map(([k, v]) => [[asQueryValue(k), asQueryValue(v)]]);
      // The same parameter twice: an array, which no filter takes.
      entries['(twice)'] = fc.constantFrom(...Object.keys(invalid)).chain((k) => fc.tuple(fc.constant(k), hostileText, hostileText).map(([key, a, b]) => [[key, asQueryValue(a)], [key, asQueryValue(b)]] as [string, string][]));
      return fc
        .tuple(
          fc.uniqueArray(fc.constantFrom(...Object.keys(entries)), { minLength: 1, maxLength: 3 }).chain((keys) => fc.tuple(...keys.map((k) => entries[k]))),
          fc.uniqueArray(fc.constantFrom(...Object.keys(hostile)), { maxLength: 2 }).chain((keys) => fc.tuple(...keys.map((k) => hostile[k].map((v) => [k, asQueryValue(v)] as [string, string])))),
        )
        .map(([broken, spiced]) => {
          const brokenKeys = new Set(broken.flat().map(([k]) => k));
          return [...spiced.filter(([k]) => !brokenKeys.has(k)), ...broken.flat()];
        });
    };
    const get = async (path: string, pairs: [string, string][], tok?: string) => {
      const url = `${path}${queryString(pairs)}`;
      const res = await (tok ? request(t.http).get(url).set(bearer(tok)) : request(t.http).get(url));
      expectRefused(res, { url: url.slice(0, 500) });
    };
    // Too long for a 100-character filter, yet short enough (in UTF-16 units, as cut for the URL) to stay too long.
    // As a filter, a well-formed code nobody has is fine (an empty list): only malformed ones.
    const invalidOperatorFilter = queryStrings(invalidOperatorCode).filter((s) => !(/^\d{6}$/.test(s) && isValidLgCode(s)) && !/^[a-z][a-z0-9_]{1,31}$/.test(s));
    const text100 = fc.oneof(
      fc.constant(''),
      fc.tuple(fc.constantFrom('x', 'あ', "'", '%'), fc.integer({ min: 101, max: 250 })).map(([c, n]) => c.repeat(n)),
      withControlChar,
    );

    it('GET /v1/services', async () => {
      const arb = invalidQuery(
        {
          operator: invalidOperatorFilter,
          prefecture: invalidPrefecture,
          status: notOneOf(vocab.SERVICE_STATUSES),
          category: notOneOf(vocab.SERVICE_CATEGORIES),
          audience: notOneOf(vocab.AUDIENCES),
          q: text100,
          modifiedAfter: queryStrings(invalidInstant),
          sort: notOneOf(['createdAt', 'updatedAt', 'name']),
          hasOpenGap: notOneOf(['true', 'false']),
          limit: invalidLimit,
          cursor: garbageCursor(2),
        },
        { q: hostileText, status: fc.constantFrom(...vocab.SERVICE_STATUSES), prefecture: fc.constant(PREFECTURE) },
        ['operator', 'prefecture', 'status', 'category', 'audience', 'q', 'modifiedAfter', 'sort', 'hasOpenGap', 'limit', 'cursor'],
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/services', pairs)), assertOptions(80));
    }, 120_000);

    it('GET /v1/local-governments', async () => {
      const arb = invalidQuery(
        { prefecture: invalidPrefecture, kind: notOneOf(vocab.LG_KINDS), q: text100, limit: invalidLimit, cursor: garbageCursor(1) },
        { q: hostileText, prefecture: fc.constant(PREFECTURE) },
        ['prefecture', 'kind', 'q', 'limit', 'cursor'],
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/local-governments', pairs)), assertOptions(50));
    }, 120_000);

    it('GET /v1/gaps', async () => {
      const arb = invalidQuery(
        {
          state: notOneOf(['open', 'resolved', 'all']),
          kind: notOneOf(vocab.FINDING_KINDS),
          severity: notOneOf(vocab.SEVERITIES),
          prefecture: invalidPrefecture,
          operator: invalidOperatorFilter,
          limit: invalidLimit,
          cursor: garbageCursor(2),
        },
        { state: fc.constantFrom('open', 'all'), kind: fc.constantFrom(...vocab.FINDING_KINDS) },
        ['state', 'kind', 'severity', 'prefecture', 'operator', 'limit', 'cursor'],
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/gaps', pairs, npo)), assertOptions(60));
    }, 120_000);

    it('GET /v1/availability', async () => {
      const arb = fc.oneof(
        invalidQuery(
          { localGovernment: invalidLgCode, at: queryStrings(invalidInstant), category: notOneOf(vocab.SERVICE_CATEGORIES), audience: notOneOf(vocab.AUDIENCES) },
          { localGovernment: fc.constant(OPERATOR), category: fc.constantFrom(...vocab.SERVICE_CATEGORIES) },
          ['localGovernment', 'at', 'category', 'audience'],
        ),
        // Without the place, which is required.
        fc.constantFrom<[string, string][]>([], [['category', 'consultation']], [['at', '2021-03-26T00:00:00+09:00']]),
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/availability', pairs)), assertOptions(50));
    }, 120_000);

    it('GET /v1/audit', async () => {
      const arb = invalidQuery(
        { serviceId: hostileText.filter((s) => !UUID.test(s.trim())), limit: invalidLimit, cursor: garbageCursor(1) },
        { serviceId: fc.constant(serviceId) },
        ['serviceId', 'limit', 'cursor'],
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/audit', pairs, ministry)), assertOptions(50));
    }, 120_000);

    it('GET /v1/reports/national', async () => {
      const arb = invalidQuery(
        { asOf: queryStrings(invalidInstant), format: notOneOf(['json', 'csv', 'xlsx']), lang: notOneOf(['ja', 'en']) },
        { format: fc.constantFrom('json', 'csv'), lang: fc.constantFrom('ja', 'en') },
        ['asOf', 'format', 'lang'],
      );
      await fc.assert(fc.asyncProperty(arb, (pairs) => get('/v1/reports/national', pairs, ministry)), assertOptions(40));
    }, 120_000);
  });

  describe('hostile but valid input (mixed generation)', () => {
    it('a status change whose reason is hostile text is either refused with nothing stored, or stored exactly as sent', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, async (reason) => {
          const before = await footprint();
          const res = await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', reason });
          mixed += 1;
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) {
            const [row] = await t.db.query(`SELECT reason FROM status_changes WHERE id = $1`, [res.body.id]);
            expect({ stored: row.reason === reason, answered: res.body.reason === reason }).toEqual({ stored: true, answered: true });
          } else {
            expect(standardErrorProblem(res)).toBeNull();
            expect(await footprint()).toEqual(before);
          }
        }),
        assertOptions(60),
      );
    }, 120_000);

    it('a fallback channel with hostile label, notes and postal contact is either refused with nothing stored, or stored exactly as sent', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, hostileText, async (label, notes, contact) => {
          const before = await footprint();
          const res = await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'postal', label, notes, contact });
          mixed += 1;
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) {
            const [row] = await t.db.query(`SELECT label, notes, contact FROM fallback_channels WHERE id = $1`, [res.body.id]);
            expect({ label: row.label === label, notes: row.notes === notes, contact: row.contact === contact.trim() }).toEqual({ label: true, notes: true, contact: true });
          } else {
            expect(standardErrorProblem(res)).toBeNull();
            expect(await footprint()).toEqual(before);
          }
        }),
        assertOptions(40),
      );
    }, 120_000);

    it('filters with hostile but well-formed values answer 200 or 400, never 5xx', async () => {
      const arb = fc.oneof(
        fc.record({ q: hostileText.map((s) => s.slice(0, 100)), status: fc.constantFrom(...vocab.SERVICE_STATUSES), sort: fc.constantFrom('createdAt', 'updatedAt', 'name') }).map((q) => ['/v1/services', q] as const),
        fc.record({ q: hostileText.map((s) => s.slice(0, 100)), prefecture: fc.constantFrom('01', '13', '46') }).map((q) => ['/v1/local-governments', q] as const),
        fc.record({ localGovernment: fc.constantFrom('011002', '462012', '131016'), at: fc.date({ min: new Date('1990-01-02'), max: new Date('2099-12-30'), noInvalidDate: true }).map((d) => d.toISOString()) }).map((q) => ['/v1/availability', q] as const),
      );
      await fc.assert(
        fc.asyncProperty(arb, async ([path, query]) => {
          const pairs = Object.entries(query) as [string, string][];
          const res = await request(t.http).get(`${path}${queryString(pairs)}`);
          mixed += 1;
          expect({ path, query, status: res.status }).toEqual({ path, query, status: res.status === 400 ? 400 : 200 });
          if (res.status === 400) expect(standardErrorProblem(res)).toBeNull();
        }),
        assertOptions(60),
      );
    }, 120_000);
  });

  /**
   * Inputs that once answered 5xx or changed data silently, one test each, so that a
   * failure names its cause. (The properties above leave these shapes out, so that one
   * known problem does not hide the others.)
   */
  describe('known hostile shapes', () => {
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

    it('a cursor of the right length whose values have the wrong types answers 400 naming cursor (not 500)', async () => {
      const webhook = await request(t.http).post('/v1/webhooks').set(bearer(npo)).send({ url: 'http://127.0.0.1:9/hook', events: ['gap.opened'], prefectureCodes: [PREFECTURE] }).expect(201);
      const cases: [string, string | undefined][] = [
        [`/v1/services?cursor=${cursor(['x', 'y'])}`, undefined],
        [`/v1/services?sort=updatedAt&cursor=${cursor(['2021-03-26T00:00:00Z', 'not-a-uuid'])}`, undefined],
        [`/v1/services?sort=name&cursor=${cursor(['a', 12])}`, undefined],
        [`/v1/gaps?cursor=${cursor(['yesterday', 'y'])}`, npo],
        [`/v1/audit?cursor=${cursor(['x'])}`, ministry],
        [`/v1/audit?cursor=${cursor([1e300])}`, ministry],
        [`/v1/webhooks/${webhook.body.id}/deliveries?cursor=${cursor(['1 OR 1=1'])}`, npo],
      ];
      const answers = [];
      for (const [url, tok] of cases) {
        const res = await (tok ? request(t.http).get(url).set(bearer(tok)) : request(t.http).get(url));
        answers.push({ url, status: res.status, fields: (res.body.details ?? []).map((d: { field: string }) => d.field), problem: standardErrorProblem(res) });
      }
      await request(t.http).delete(`/v1/webhooks/${webhook.body.id}`).set(bearer(npo)).expect(204);
      expect(answers).toEqual(cases.map(([url]) => ({ url, status: 400, fields: ['cursor'], problem: null })));
    });

    it('hours whose notes hold NUL or a lone surrogate are refused with a 400 (not 500), and nothing is stored', async () => {
      const sends: [string, (notes: string) => request.Test][] = [
        ['POST /v1/services lineHours', (notes) => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(OPERATOR, { lineHours: { type: 'always', notes } }))],
        ['PATCH /v1/services/:id lineHours', (notes) => request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(token)).send({ lineHours: { type: 'always', notes } })],
        ['POST fallback-channels hours', (notes) => request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: 'x', hours: { type: 'always', notes } })],
        ['PATCH fallback-channels hours', (notes) => request(t.http).patch(`/v1/fallback-channels/${channelId}`).set(bearer(token)).send({ hours: { type: 'always', notes } })],
        [
          'POST /v1/imports hours',
          (notes) =>
            request(t.http)
              .post('/v1/imports')
              .set(bearer(token))
              .set('Content-Type', 'text/csv')
              .send(`${csvLine(['record_type', 'service_id', 'kind', 'label', 'hours'])}\n${csvLine(['fallback_channel', serviceId, 'phone', 'x', JSON.stringify({ type: 'always', notes })])}\n`),
        ],
      ];
      const answers = [];
      for (const [what, send] of sends) {
        for (const notes of ['a\u0000b', '\ud800', 'x\udfffy']) {
          const before = await footprint();
          const res = await send(notes);
          answers.push({ what, notes: escape(notes), status: res.status, problem: standardErrorProblem(res), unchanged: JSON.stringify(await footprint()) === JSON.stringify(before) });
        }
      }
      // Imports answer row errors with 422 (the file was read; rows are wrong), the JSON API with 400.
      expect(answers.filter((a) => a.status !== (a.what.startsWith('POST /v1/imports') ? 422 : 400) || a.problem !== null || !a.unchanged)).toEqual([]);
    });

    it('text with a lone surrogate is refused with a 400 naming the field, or stored exactly as sent: never silently changed', async () => {
      const cases: [string, () => request.Test, (res: request.Response) => Promise<unknown>][] = [
        ['status change reason', () => request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', reason: 'a\ud800b' }), async (res) => (await t.db.query(`SELECT reason FROM status_changes WHERE id = $1`, [res.body.id]))[0].reason],
        ['service description', () => request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(token)).send({ description: '相談\udbff' }), async () => (await t.db.query(`SELECT description FROM line_services WHERE id = $1`, [serviceId]))[0].description],
        ['service name', () => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(OPERATOR, { name: `${unique('サロゲート')}\udc00` })), async (res) => (await t.db.query(`SELECT name FROM line_services WHERE id = $1`, [res.body.id]))[0].name],
        ['channel label', () => request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: '\ud83d電話' }), async (res) => (await t.db.query(`SELECT label FROM fallback_channels WHERE id = $1`, [res.body.id]))[0].label],
      ];
      const sentValues = ['a\ud800b', '相談\udbff', null, '\ud83d電話'];
      const answers = [];
      for (const [i, [what, send, stored]] of cases.entries()) {
        const before = await footprint();
        const res = await send();
        const answer: Record<string, unknown> = { what, status: res.status };
        if (res.status >= 200 && res.status < 300) {
          const value = (await stored(res)) as string;
          answer.storedAsSent = sentValues[i] === null ? /[\ud800-\udfff]/.test(value) : value === sentValues[i];
          answer.stored = escape(value);
        } else {
          answer.unchanged = JSON.stringify(await footprint()) === JSON.stringify(before);
          answer.problem = standardErrorProblem(res);
        }
        answers.push(answer);
      }
      expect(answers.filter((a) => !(a.status === 400 ? a.unchanged === true && a.problem === null : a.storedAsSent === true))).toEqual([]);
    });

    it('URL fields holding NUL, a tab, a C1 control or a lone surrogate answer 400 naming the field (once 500, or 2xx storing U+FFFD), and store nothing', async () => {
      const sends: [string, string, (url: string) => request.Test][] = [
        ['service url', 'url', (url) => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(OPERATOR, { url }))],
        ['service url (PATCH)', 'url', (url) => request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(token)).send({ url })],
        ['status change sourceUrl', 'sourceUrl', (url) => request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', sourceUrl: url })],
        ['initialStatus sourceUrl', 'initialStatus.sourceUrl', (url) => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(OPERATOR, { initialStatus: { status: 'active', sourceUrl: url } }))],
        ['webhook url', 'url', (url) => request(t.http).post('/v1/webhooks').set(bearer(npo)).send({ url, events: ['gap.opened'], prefectureCodes: ['47'] })],
        ['website contact', 'contact', (url) => request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'website', label: 'ウェブサイト', contact: url })],
      ];
      const answers = [];
      for (const [what, field, send] of sends) {
        for (const url of ['https://example.jp/\u0000', 'https://example.jp/a\tb', 'https://example.jp/\u0085', 'https://example.jp/\ud800', 'https://example.jp/\udc00\ud800x']) {
          const before = await footprint();
          const res = await send(url);
          answers.push({
            what,
            url: JSON.stringify(url),
            status: res.status,
            named: ((res.body.details ?? []) as { field: string }[]).some((d) => d.field === field),
            problem: standardErrorProblem(res),
            unchanged: JSON.stringify(await footprint()) === JSON.stringify(before),
          });
        }
      }
      expect(answers.filter((a) => a.status !== 400 || !a.named || a.problem !== null || !a.unchanged)).toEqual([]);
    });

    it('an initialStatus given as an array answers 400 naming it (not 500), and stores nothing', async () => {
      const answers = [];
      for (const initialStatus of [[], [{ status: 'active' }], [{ status: 'suspended', reason: 'x' }]]) {
        const before = await footprint();
        const res = await request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(OPERATOR, { initialStatus }));
        answers.push({
          initialStatus: JSON.stringify(initialStatus),
          status: res.status,
          names: (res.body.details ?? []).some((d: { field: string }) => d.field.startsWith('initialStatus')),
          problem: standardErrorProblem(res),
          unchanged: JSON.stringify(await footprint()) === JSON.stringify(before),
        });
      }
      expect(answers.filter((a) => a.status !== 400 || !a.names || a.problem !== null || !a.unchanged)).toEqual([]);
    });

    it('deeply nested JSON (10,000 levels, well within the body limit) answers 400, not 500, and stores nothing', async () => {
      const depth = 10_000;
      const nested = (inner: string) => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
      const sends: [string, 'post' | 'patch', string, string][] = [
        ['POST status-changes (body an array)', 'post', `/v1/services/${serviceId}/status-changes`, `${'['.repeat(depth)}${']'.repeat(depth)}`],
        ['POST status-changes (reason)', 'post', `/v1/services/${serviceId}/status-changes`, `{"status":"active","reason":${nested('1')}}`],
        ['PATCH service (lineHours)', 'patch', `/v1/services/${serviceId}`, `{"lineHours":${nested('1')}}`],
        ['POST /v1/services (initialStatus)', 'post', '/v1/services', JSON.stringify(serviceBody(OPERATOR)).replace(/}$/, `,"initialStatus":${nested('{"status":"active"}')}}`)],
        ['POST fallback-channels (hours)', 'post', `/v1/services/${serviceId}/fallback-channels`, `{"kind":"phone","label":"x","hours":${nested('1')}}`],
        ['POST /v1/webhooks (events)', 'post', '/v1/webhooks', `{"url":"http://127.0.0.1:9/hook","events":${'['.repeat(depth)}${']'.repeat(depth)}}`],
      ];
      const answers = [];
      for (const [what, method, path, text] of sends) {
        expect(Buffer.byteLength(text)).toBeLessThan(BODY_LIMIT);
        const before = await footprint();
        const res = await request(t.http)[method](path).set(bearer(what.includes('webhooks') ? npo : token)).set('Content-Type', 'application/json').send(text);
        answers.push({ what, status: res.status, problem: standardErrorProblem(res), unchanged: JSON.stringify(await footprint()) === JSON.stringify(before) });
      }
      expect(answers).toEqual(sends.map(([what]) => ({ what, status: 400, problem: null, unchanged: true })));
    });

    it('keys named like Object.prototype members are refused like any other unknown field, and pollute nothing', async () => {
      const keys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
      const answers = [];
      for (const key of keys) {
        const body = `{"description":"prototype key ${key}",${JSON.stringify(key)}:{"polluted":"yes","description":"evil"}}`;
        const res = await request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(token)).set('Content-Type', 'application/json').send(body);
        const query = await request(t.http).get(`/v1/services?${encodeURIComponent(key)}=x`);
        answers.push({ key, body: res.status, bodyFields: (res.body.details ?? []).map((d: { field: string }) => d.field), query: query.status });
      }
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect((await request(t.http).get(`/v1/services/${serviceId}`).expect(200)).body.description).not.toBe('evil');
      expect(answers).toEqual(keys.map((key) => ({ key, body: 400, bodyFields: [key], query: 400 })));
    });
  });

  it('sent at least 1,000 generated hostile requests that had to be refused, and the prototype of every object is untouched', () => {
    if (process.env.FAULTS_VERBOSE) console.log(`refused: ${sent}, mixed: ${mixed}`, statuses);
    expect(sent).toBeGreaterThanOrEqual(1000);
    for (const key of ['polluted', 'prototype', 'x']) expect(Object.prototype).not.toHaveProperty(key);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
