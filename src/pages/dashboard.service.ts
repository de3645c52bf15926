import { Injectable, StreamableFile } from '@nestjs/common';
import { fieldError, forbidden, notFound } from '../common/errors';
import { GapOverviewRepository, OpenCountRow, ORGANIZATIONS_PLACE } from '../gaps/gap-overview.repository';
import { SEVERITIES } from '../gaps/gap-rules';
import { FINDING_KIND_LABELS, labelOf, LG_KIND_LABELS, ROLE_LABELS, SEVERITY_LABELS } from '../i18n/labels';
import type { LocalGovernment } from '../local-governments/local-government.entity';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { ReportsService } from '../reports/reports.service';
import { dateJa, dateTimeJa, tokyoInputs } from './dates-ja';
import { PeriodQuery } from './dto/dashboard-queries';
import type { PageSession } from './page-sessions.service';
import { CountsBySeverity, emptyCounts, LEGEND, tileMap, toneOf, totalOf } from './tile-map';
import { timelineChart } from './timeline-chart';

/** The default period of the timeline: the last 90 days, today included. */
const DEFAULT_DAYS = 90;
/** The longest period one page draws (two years). */
const MAX_DAYS = 731;
/** The spring of 2021, replayed from the history: the preset link. */
export const SPRING_2021 = { from: '2021-03-01', to: '2021-04-30' };
/** Open gaps listed on a page, most severe first; the count says how many there are in all. */
const GAPS_SHOWN = 100;
const DAY_MS = 86_400_000;

export type ReportFormat = 'csv' | 'xlsx';

/**
 * The signed-in pages' figures: open gaps counted from the findings table (what /v1/gaps
 * lists), the timeline from the history (GapOverviewRepository), the reports from
 * ReportsService with the session's actor. Who may see what is decided here.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly overview: GapOverviewRepository,
    private readonly localGovernments: LocalGovernmentsRepository,
    private readonly reports: ReportsService,
  ) {}

  /** Where a session starts: the national picture, or its own prefecture's. */
  landingOf(session: PageSession): string {
    return session.role === 'ministry' ? '/dashboard' : `/dashboard/prefectures/${session.actor.scope}`;
  }

  /** The header's words for who is signed in: 国（省庁）, 大阪府（都道府県）. */
  async whoIs(session: PageSession): Promise<{ who: string; name: string; csrf: string; ministry: boolean }> {
    const role = labelOf(ROLE_LABELS, session.role);
    const place = session.role === 'prefecture' ? await this.prefectureOf(session.actor.scope!) : null;
    return { who: place ? `${place.name}（${role}）` : role, name: session.actor.name, csrf: session.csrf, ministry: session.role === 'ministry' };
  }

  async national(session: PageSession, query: PeriodQuery) {
    if (session.role !== 'ministry') throw forbidden('the national picture is for the ministry');
    const period = periodOf(query);
    const [prefectures, counts, gaps, days, header] = await Promise.all([
      this.localGovernments.list({ kind: 'prefecture', limit: 100 }),
      this.overview.openCounts(),
      this.overview.openGaps({ limit: GAPS_SHOWN }),
      this.overview.noAlternativeTimeline(period),
      this.whoIs(session),
    ]);
    const byPrefecture = noAlternativeBy(counts);
    const prefectureCodes = prefectures.map((p) => ({ code: p.prefectureCode, name: p.name }));
    const rows = prefectureCodes.map((p) => countsRow(p.code, p.name, `/dashboard/prefectures/${p.code}`, byPrefecture.get(p.code)));
    const nationalBodies = countsRow('national', '国の機関', null, byPrefecture.get(null));
    const organizations = countsRow(ORGANIZATIONS_PLACE, '民間団体', null, byPrefecture.get(ORGANIZATIONS_PLACE));
    return {
      title: '全国の状況',
      session: header,
      at: dateTimeJa(Date.now()),
      map: tileMap(prefectureCodes, byPrefecture as Map<string, CountsBySeverity>),
      legend: LEGEND,
      rows,
      nationalBodies,
      organizations,
      total: sumRows([...rows, nationalBodies, organizations]),
      timeline: this.timelineView('/dashboard', period, days),
      gaps: gapsView(gaps),
      reports: { csv: '/dashboard/report.csv', xlsx: '/dashboard/report.xlsx', title: '全国の集計表' },
    };
  }

  async prefecture(session: PageSession, code: string, query: PeriodQuery) {
    this.mayRead(session, code);
    const prefecture = await this.prefectureOf(code);
    const period = periodOf(query);
    const [municipalities, counts, gaps, days, header] = await Promise.all([
      this.localGovernments.list({ prefecture: code, limit: 5000 }),
      this.overview.openCounts(code),
      this.overview.openGaps({ prefecture: code, limit: GAPS_SHOWN }),
      this.overview.noAlternativeTimeline({ ...period, prefecture: code }),
      this.whoIs(session),
    ]);
    const byPlace = noAlternativeBy(counts);
    const others = otherKindsBy(counts);
    const names = new Map(municipalities.map((lg) => [lg.code, lg]));
    // The local governments with an open finding of any kind, the prefecture's own first, then by code.
    const places = [...new Set(counts.map((c) => c.place!))].filter((p) => names.has(p)).sort((a, b) => (names.get(a)!.kind === 'prefecture' ? -1 : names.get(b)!.kind === 'prefecture' ? 1 : a.localeCompare(b)));
    const rows = places.map((place) => ({ ...countsRow(place, placeName(names.get(place)!), `/places/${place}`, byPlace.get(place)), others: others.get(place) ?? 0 }));
    const path = `/dashboard/prefectures/${code}`;
    return {
      title: `${prefecture.name}の状況`,
      session: header,
      prefecture: { code, name: prefecture.name },
      backToNational: session.role === 'ministry',
      at: dateTimeJa(Date.now()),
      rows,
      total: { ...sumRows(rows), others: rows.reduce((sum, r) => sum + r.others, 0) },
      timeline: this.timelineView(path, period, days),
      gaps: gapsView(gaps),
      reports: { csv: `${path}/report.csv`, xlsx: `${path}/report.xlsx`, title: `${prefecture.name}の集計表` },
    };
  }

  /** The national report or a prefecture's, as the API gives it, for the session's actor. */
  report(session: PageSession, format: ReportFormat, prefecture?: string): Promise<StreamableFile> {
    const query = { format, lang: 'ja' as const };
    const file = prefecture === undefined ? this.reports.national(session.actor, query) : this.reports.prefecture(session.actor, prefecture, query);
    return file as Promise<StreamableFile>;
  }

  /** A prefecture session sees its own prefecture only; the ministry sees all. */
  private mayRead(session: PageSession, code: string): void {
    if (session.role !== 'ministry' && session.actor.scope !== code) throw forbidden(`prefecture ${code} is not yours`);
  }

  private async prefectureOf(code: string): Promise<LocalGovernment> {
    const [lg] = await this.localGovernments.list({ prefecture: code, kind: 'prefecture', limit: 1 });
    if (!lg) throw notFound(`prefecture ${code}`);
    return lg;
  }

  private timelineView(path: string, period: Period, days: { day: string; n: number }[]) {
    return {
      chart: timelineChart(days),
      form: { action: path, from: period.from, to: period.to, min: '1990-01-01', max: period.today },
      capped: period.capped,
      presets: [
        { href: path, label: `直近${DEFAULT_DAYS}日` },
        { href: `${path}?from=${SPRING_2021.from}&to=${SPRING_2021.to}`, label: '2021年春（3月1日〜4月30日）' },
      ],
      title: `代替手段のないまま停止しているサービスの数（${dateJa(`${period.from}T00:00:00+09:00`)}〜${dateJa(`${period.to}T00:00:00+09:00`)}）`,
    };
  }
}

interface Period {
  from: string;
  to: string;
  today: string;
  /** The end asked for was after today: the timeline stops today. */
  capped: boolean;
}

/** The period asked for (Tokyo dates), checked: real dates, in order, at most two years, ending today at the latest. */
export function periodOf(query: PeriodQuery, now = Date.now()): Period {
  const today = tokyoInputs(now).date;
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value === undefined) continue;
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw fieldError(field, '暦にない日付です');
    if (value < '1990-01-01' || value > '2100-12-31') throw fieldError(field, '1990年から2100年までの日付で指定してください');
  }
  const asked = query.to ?? today;
  const to = asked > today ? today : asked;
  const from = query.from ?? shiftDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw fieldError('from', query.to && query.to > today ? '今日より前の日付で指定してください' : '終了日より前の日付で指定してください');
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_DAYS) throw fieldError('from', `期間は${MAX_DAYS}日以内で指定してください`);
  return { from, to, today, capped: asked !== to };
}

const shiftDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Open no_alternative gaps by place and severity. */
function noAlternativeBy(rows: OpenCountRow[]): Map<string | null, CountsBySeverity> {
  const counts = new Map<string | null, CountsBySeverity>();
  for (const row of rows) {
    if (row.kind !== 'no_alternative') continue;
    const c = counts.get(row.place) ?? emptyCounts();
    c[row.severity] += row.n;
    counts.set(row.place, c);
  }
  return counts;
}

/** Open findings of the other kinds (impending, contact unknown, hours not covered) by place. */
function otherKindsBy(rows: OpenCountRow[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const row of rows) if (row.kind !== 'no_alternative') counts.set(row.place, (counts.get(row.place) ?? 0) + row.n);
  return counts;
}

function countsRow(code: string, name: string, href: string | null, counts: CountsBySeverity = emptyCounts()) {
  const tone = toneOf(counts);
  return { code, name, href, ...counts, total: totalOf(counts), tone, worst: tone === 'none' ? 'なし' : labelOf(SEVERITY_LABELS, tone) };
}

function sumRows(rows: CountsBySeverity[]) {
  const sum = emptyCounts();
  for (const row of rows) for (const s of SEVERITIES) sum[s] += row[s];
  return { ...sum, total: totalOf(sum) };
}

/** 札幌市中央区 as its own name; a kind label only where the name does not say it. */
function placeName(lg: LocalGovernment): string {
  return lg.kind === 'prefecture' ? `${lg.name}（${labelOf(LG_KIND_LABELS, 'prefecture')}の窓口）` : lg.name;
}

function gapsView(rows: Awaited<ReturnType<GapOverviewRepository['openGaps']>>) {
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      serviceId: r.service_id,
      serviceName: r.service_name,
      operatorName: r.operator_name,
      kind: labelOf(FINDING_KIND_LABELS, r.kind),
      severity: labelOf(SEVERITY_LABELS, r.severity),
      tone: r.severity,
      openedAt: dateTimeJa(r.opened_at),
    })),
  };
}
