import type { Client } from 'pg';
import { log, nowMs, summarize, Summary } from './util';

export interface PlacePageResult extends Summary {
  /** The place: the municipality whose residents are reached by the most services. */
  code: string;
  name: string;
  services: number;
  path: string;
  status: number;
  /** Bytes of HTML of the last answer. */
  bytes: number;
  errors: number;
}

const REQUESTS = 60;
const BUDGET_MS = 20_000;

/**
 * The place page (GET /places/{code}) of the largest city, one request at a time after a
 * few to warm up: its p50 and its weight in HTML. The page is availability's answer for the
 * place put into words, so this is that answer plus the rendering.
 */
export async function measurePlacePage(apiBase: string, admin: Client): Promise<PlacePageResult> {
  const { rows } = await admin.query<{ code: string; name: string; services: number }>(`
    SELECT lg.code, lg.name, count(*)::int AS services
      FROM line_services s JOIN local_governments lg ON lg.code = s.local_government_code
     WHERE lg.kind <> 'prefecture'
     GROUP BY lg.code, lg.name
     ORDER BY count(*) DESC, lg.code
     LIMIT 1`);
  if (!rows.length) throw new Error('no municipality has services');
  const { code, name, services } = rows[0];
  const path = `/places/${code}`;
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  let errors = 0;
  const deadline = Date.now() + BUDGET_MS;
  for (let i = 0; i < REQUESTS + 5 && Date.now() < deadline; i++) {
    const started = nowMs();
    const response = await fetch(apiBase + path, { signal: AbortSignal.timeout(30_000) });
    const body = Buffer.from(await response.arrayBuffer());
    const elapsed = nowMs() - started;
    status = response.status;
    bytes = body.length;
    if (!response.ok) {
      errors++;
      if (errors === 1) log(`${path}: ${response.status} ${body.toString('utf8').slice(0, 300)}`);
    }
    if (i >= 5) times.push(elapsed);
  }
  const result = { code, name, services, path, status, bytes, errors, ...summarize(times) };
  log(`${path} (${name}, ${services} services of its own): p50 ${result.p50} ms, p99 ${result.p99} ms over ${result.n} requests, ${bytes} bytes of HTML`);
  return result;
}
