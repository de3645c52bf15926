import type { Client } from 'pg';
import { log, nowMs, prng, round, tokyoIso } from './util';

export interface ImportResult {
  available: boolean;
  note?: string;
  rows?: number;
  bytes?: number;
  status?: number;
  seconds?: number;
  applied?: unknown;
  skippedDuplicates?: number;
  error?: string;
}

const cell = (value: string) => (/[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const HOURS = [
  'always',
  JSON.stringify({ type: 'weekly', publicHolidays: 'closed', ranges: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })) }),
  JSON.stringify({ type: 'weekly', publicHolidays: 'as_usual', ranges: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '17:00', end: '22:00' })) }),
  '',
];

/**
 * A 10,000-row CSV for one prefecture (東京都, 13), in the columns of the API's own template
 * (GET /v1/imports/template.csv): mostly new fallback channels, plus suspensions scheduled
 * next month for active services. Uploaded with the prefecture's token; wall time of the POST.
 */
export async function measureImport(apiBase: string, token: string, client: Client, totalRows = 10_000, seed = 4242): Promise<ImportResult> {
  const template = await fetch(`${apiBase}/v1/imports/template.csv?lang=en`, { headers: { authorization: `Bearer ${token}` } });
  if (template.status === 404) {
    log('import: GET /v1/imports/template.csv is 404: imports are not available in this build');
    return { available: false, note: 'not available: GET /v1/imports/template.csv answered 404 (src/imports has no controller yet)' };
  }
  if (!template.ok) return { available: false, note: `not available: template answered ${template.status}` };
  const header = (await template.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',').map((h) => h.trim());
  const needed = ['record_type', 'service_id', 'status', 'effective_at', 'reason', 'kind', 'label', 'contact', 'hours'];
  const missing = needed.filter((n) => !header.includes(n));
  if (missing.length) return { available: false, note: `the template lacks the columns ${missing.join(', ')}: the bench's CSV would not fit` };

  const { rows: services } = await client.query<{ id: string; active: boolean }>(
    `SELECT s.id, s.current_status = 'active' AND NOT EXISTS (SELECT 1 FROM status_changes p WHERE p.service_id = s.id AND p.effective_at > now()) AS active
       FROM line_services s WHERE s.prefecture_code = '13' ORDER BY s.id`,
  );
  const active = services.filter((s) => s.active);
  const random = prng(seed);
  const statusRows = Math.min(1500, active.length);
  const lines: string[] = [header.map(cell).join(',')];
  const now = Date.now();
  const row = (values: Record<string, string>) => lines.push(header.map((h) => cell(values[h] ?? '')).join(','));
  for (let i = 0; i < statusRows; i++) {
    const at = tokyoIso(now + (30 + Math.floor(random() * 30)) * 86_400_000 + Math.floor(random() * 86_400) * 1000);
    row({ record_type: 'status_change', service_id: active[i].id, status: 'suspended', effective_at: at, reason: '一括取込: 移行のため停止予定' });
  }
  for (let i = 0; lines.length - 1 < totalRows; i++) {
    const service = services[Math.floor(random() * services.length)];
    const r = random();
    const kind = r < 0.6 ? 'phone' : r < 0.8 ? 'email' : 'web_form';
    const contact =
      kind === 'phone'
        ? `03-${String(1000 + Math.floor(random() * 9000))}-${String(1000 + Math.floor(random() * 9000))}`
        : kind === 'email'
          ? `import${i}@example.lg.jp`
          : `https://www.example.lg.jp/import/${i}`;
    row({ record_type: 'fallback_channel', service_id: service.id, kind, label: `一括取込の窓口 ${i + 1}`, contact, hours: HOURS[Math.floor(random() * HOURS.length)] });
  }
  const body = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
  const started = nowMs();
  const response = await fetch(`${apiBase}/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  const seconds = round((nowMs() - started) / 1000, 2);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { text: text.slice(0, 300) };
  }
  const result: ImportResult = { available: true, rows: lines.length - 1, bytes: body.length, status: response.status, seconds };
  if (response.ok) {
    result.applied = parsed.applied;
    result.skippedDuplicates = parsed.skippedDuplicates as number;
    log(`import: ${result.rows} rows (${body.length} bytes) in ${seconds} s: ${response.status} ${JSON.stringify(parsed.applied)}`);
  } else {
    result.error = `${response.status}: ${String(parsed.message ?? '').slice(0, 300)} ${JSON.stringify(parsed.details ?? parsed.errors ?? '').slice(0, 300)}`;
    log(`import failed: ${result.error}`);
  }
  return result;
}
