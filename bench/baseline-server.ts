/**
 * The bare baseline for GET /v1/availability: node:http and a pg pool, no framework, no
 * cache. Per request, one SQL statement resolves the place to its operators (a ward to its
 * city, plus its prefecture), the national bodies and the organisations that cover it
 * (nationwide, or listing one of those local governments), with each service's status as of
 * `at` and its channels valid at `at`; the open/closed evaluation is done in JS with the
 * same function the API uses (src/hours/opening.ts), and the answer has the API's full shape
 * (`view=full`; the baseline has no compact one).
 *
 * Run as a child process by bench/run.ts: node dist/bench/baseline-server.js (DATABASE_URL, PORT,
 * and PG_OPTIONS: the PostgreSQL session options of the project's DataSource).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { Hours } from '../src/hours/hours';
import { holidayName, openingAt, openIntervals, tokyoDate } from '../src/hours/opening';

const LEVELS = ['municipality', 'prefecture', 'national', 'organization'] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_ORDER: Record<Level, number> = { municipality: 0, prefecture: 1, national: 2, organization: 3 };
const DEFAULT_LIMIT = 100;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export const AVAILABILITY_SQL = `
WITH place AS (
  SELECT lg.code, lg.name, lg.kind, lg.prefecture_code, lg.parent_code, pref.code AS prefecture_lg
    FROM local_governments lg
    JOIN local_governments pref ON pref.prefecture_code = lg.prefecture_code AND pref.kind = 'prefecture'
   WHERE lg.code = $1
),
ops AS (
  SELECT code::text AS code, 0 AS level, 1 AS ord FROM place WHERE kind <> 'prefecture'
  UNION ALL SELECT parent_code::text, 0, 2 FROM place WHERE parent_code IS NOT NULL
  UNION ALL SELECT prefecture_lg::text, 1, 3 FROM place
),
svc AS (
  SELECT s.id, s.name, s.operator_code, s.local_government_code, s.national_body_code, s.organization_code, o.level, s.department, s.category, s.audiences,
         s.life_critical, s.url, s.public_notice, s.successor_service_id, s.line_hours
    FROM ops o JOIN line_services s ON s.operator_code = o.code AND s.local_government_code IS NOT NULL
  UNION ALL
  SELECT s.id, s.name, s.operator_code, s.local_government_code, s.national_body_code, s.organization_code, 2, s.department, s.category, s.audiences,
         s.life_critical, s.url, s.public_notice, s.successor_service_id, s.line_hours
    FROM line_services s WHERE s.national_body_code IS NOT NULL
  UNION ALL
  SELECT s.id, s.name, s.operator_code, s.local_government_code, s.national_body_code, s.organization_code, 3, s.department, s.category, s.audiences,
         s.life_critical, s.url, s.public_notice, s.successor_service_id, s.line_hours
    FROM line_services s JOIN organizations org ON org.code = s.organization_code
   WHERE org.nationwide OR EXISTS (SELECT 1 FROM organization_coverage c WHERE c.organization_code = org.code AND c.local_government_code::text IN (SELECT code FROM ops))
)
SELECT p.code AS place_code, p.name AS place_name, p.kind AS place_kind, p.prefecture_code AS place_prefecture,
       (SELECT array_agg(code ORDER BY ord) FROM ops) AS place_operators, x.*
  FROM place p
  LEFT JOIN LATERAL (
    SELECT v.id, v.name, v.operator_code, coalesce(lg.name, nb.name, org.name) AS operator_name, v.level, v.department, v.category, v.audiences,
           v.life_critical, v.url, v.public_notice, v.successor_service_id, v.line_hours, st.status,
           coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'platform', c.platform, 'label', c.label,
                                                       'contact', c.contact, 'hours', c.hours, 'notes', c.notes) ORDER BY c.created_at, c.id)
                       FROM fallback_channels c
                      WHERE c.service_id = v.id AND (c.valid_from IS NULL OR c.valid_from <= $2::timestamptz)
                        AND (c.valid_until IS NULL OR c.valid_until > $2::timestamptz)), '[]') AS channels
      FROM svc v
      JOIN LATERAL (SELECT sc.status FROM status_changes sc
                     WHERE sc.service_id = v.id AND sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= $2::timestamptz)
                     ORDER BY sc.effective_at DESC NULLS LAST, sc.id DESC LIMIT 1) st ON true
      LEFT JOIN local_governments lg ON lg.code = v.local_government_code
      LEFT JOIN national_bodies nb ON nb.code = v.national_body_code
      LEFT JOIN organizations org ON org.code = v.organization_code
  ) x ON true`;

interface Row {
  place_code: string;
  place_name: string;
  place_kind: string;
  place_prefecture: string;
  place_operators: string[];
  id: string | null;
  name: string;
  operator_code: string;
  operator_name: string;
  level: 0 | 1 | 2 | 3;
  department: string | null;
  category: string;
  audiences: string[];
  life_critical: boolean;
  url: string | null;
  public_notice: string | null;
  successor_service_id: string | null;
  line_hours: Hours | null;
  status: string;
  channels: { id: string; kind: string; platform: string | null; label: string; contact: string; hours: Hours | null; notes: string | null }[];
}

interface Evaluated {
  id: string;
  name: string;
  level: Level;
  lifeCritical: boolean;
  category: string;
  somethingOpen: boolean;
  [key: string]: unknown;
}

const WEEK_MS = 7 * 86_400_000;
const tokyoSeconds = (d: Date) => `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;

/** The intervals open in the 7 days from `at`, as Tokyo times; null when the hours are not known. */
function next7Days(hours: Hours | null, at: Date) {
  const intervals = openIntervals(hours, at, new Date(at.getTime() + WEEK_MS));
  return intervals && intervals.map((i) => ({ from: tokyoSeconds(i.from), to: tokyoSeconds(i.to) }));
}

function evaluate(row: Row, at: Date): Evaluated {
  const line = openingAt(row.line_hours, at);
  const active = row.status === 'active';
  const channels = row.channels.map((c) => {
    const opening = openingAt(c.hours, at);
    return {
      id: c.id,
      kind: c.kind,
      platform: c.platform,
      label: c.label,
      contact: c.contact,
      contactKnown: c.contact !== '',
      hours: c.hours,
      notes: c.notes,
      openNow: opening.open,
      acceptingNew: opening.acceptingNew,
      closesAt: opening.closesAt?.toISOString() ?? null,
      nextOpenAt: opening.nextOpenAt?.toISOString() ?? null,
      closedReason: opening.reason,
      next7Days: next7Days(c.hours, at),
    };
  });
  const lineUsable = active && line.open !== false;
  return {
    id: row.id!,
    name: row.name,
    operatorCode: row.operator_code,
    operatorName: row.operator_name,
    level: LEVELS[row.level],
    department: row.department,
    category: row.category,
    audiences: row.audiences,
    lifeCritical: row.life_critical,
    url: row.url,
    publicNotice: row.public_notice,
    successorServiceId: row.successor_service_id,
    status: row.status,
    line: {
      usable: lineUsable,
      withinHours: line.open,
      acceptingNew: active ? line.acceptingNew : null,
      nextOpenAt: active ? (line.nextOpenAt?.toISOString() ?? null) : null,
      closedReason: active ? line.reason : null,
      next7Days: next7Days(row.line_hours, at),
      hours: row.line_hours,
    },
    channels,
    somethingOpen: lineUsable || channels.some((c) => c.openNow === true),
  };
}

function byUsefulness(a: Evaluated, b: Evaluated): number {
  const critical = (s: Evaluated) => (s.lifeCritical && s.category === 'consultation' ? 0 : 1);
  return (
    Number(b.somethingOpen) - Number(a.somethingOpen) ||
    critical(a) - critical(b) ||
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id)
  );
}

const bad = (message: string) => ({ status: 400, body: { statusCode: 400, message } });

/** Paging as the API's: best first, `limit` (1–1000, default 100) from the offset in `cursor`. */
function pageOf(limitText: string | null, cursor: string | null): { offset: number; limit: number } | string {
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return 'limit must be an integer from 1 to 1000';
  if (cursor === null) return { offset: 0, limit };
  try {
    const [offset] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isInteger(offset) && offset >= 0) return { offset, limit };
  } catch {
    // below
  }
  return 'cursor is not a cursor this list issued';
}

export async function availability(pool: Pool, params: URLSearchParams): Promise<{ status: number; body: unknown }> {
  const code = params.get('localGovernment') ?? '';
  const atText = params.get('at');
  if (!/^\d{6}$/.test(code)) return bad('localGovernment must be a 6-digit code');
  if (atText !== null && (!INSTANT.test(atText) || !Number.isFinite(Date.parse(atText)))) return bad('at must be an ISO 8601 date-time with a time zone');
  const page = pageOf(params.get('limit'), params.get('cursor'));
  if (typeof page === 'string') return bad(page);
  // The baseline has one shape, the API's full one: it answers `view=full` (the equivalence
  // check asks for it) and the API's default alike, and refuses a view it cannot give.
  const view = params.get('view');
  if (view !== null && view !== 'full') return bad('view must be full (the baseline has no other shape)');
  const at = atText ? new Date(atText) : new Date();
  const { rows } = await pool.query<Row>(AVAILABILITY_SQL, [code, at.toISOString()]);
  if (rows.length === 0) return { status: 404, body: { statusCode: 404, message: `local government ${code} not found` } };
  const first = rows[0];
  const date = tokyoDate(at);
  const services = rows.filter((r) => r.id !== null).map((r) => evaluate(r, at)).sort(byUsefulness);
  const end = page.offset + page.limit;
  return {
    status: 200,
    body: {
      place: { code: first.place_code, name: first.place_name, kind: first.place_kind, prefectureCode: first.place_prefecture, operators: first.place_operators },
      at: at.toISOString(),
      tokyoDate: date,
      publicHoliday: holidayName(date),
      services: services.slice(page.offset, end),
      total: services.length,
      nextCursor: end < services.length ? Buffer.from(JSON.stringify([end]), 'utf8').toString('base64url') : null,
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function startBaseline(databaseUrl: string, port: number, poolSize = 10, options?: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'line-tracker-bench-baseline', options });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/v1/availability') {
      availability(pool, url.searchParams)
        .then(({ status, body }) => send(res, status, body))
        .catch((error: Error) => send(res, 500, { statusCode: 500, message: error.message }));
    } else if (url.pathname === '/health') {
      send(res, 200, { status: 'ok' });
    } else {
      send(res, 404, { statusCode: 404, message: 'not found' });
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
  return { server, pool };
}

if (require.main === module) {
  const databaseUrl = process.env.DATABASE_URL;
  const port = Number(process.env.PORT);
  if (!databaseUrl || !Number.isInteger(port)) {
    console.error('DATABASE_URL and PORT are required');
    process.exit(1);
  }
  const { server, pool } = startBaseline(databaseUrl, port, 10, process.env.PG_OPTIONS);
  const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
