import { CATEGORY_LABELS, FINDING_KIND_LABELS, labelOf, LG_KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS } from '../i18n/labels';
import type { SERVICE_CATEGORIES, ServiceStatus } from '../line-services/vocabulary';
import type { CountKey, ReportRowDto } from './dto/report.dto';

export type ReportTable = 'summary' | 'category';

/** The languages a report file is written in: Japanese by default, English as before. */
export const REPORT_LANGS = ['ja', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** A text in each language of the report files. */
export type Words = Record<ReportLang, string>;

/** What a reader sees of a column: its header, and a sentence that defines it (the files' notes sheet, the API docs, docs/report-columns.md). */
export interface ColumnText {
  header: Words;
  definition: Words;
}

export interface CountColumn extends ColumnText {
  /** The sheets of the xlsx it appears on. */
  tables: ReportTable[];
  /**
   * What it counts. Figures are counted per operator first (a local government or a national
   * body: `operator_counts`, one row per operator, one column per `services` and `findings`
   * figure), then summed into report rows. `services` aggregates over `svc` (one row per
   * service existing at asOf: status, n_channels, category, handles_personal_data), `findings`
   * over `gaps` (one row per finding the rules give at asOf: kind, severity); `operators`
   * aggregates over the operators of a report row instead (`operator`: the local government,
   * a designated-city ward's city, or the national body; with its per-operator figures);
   * `registry` is localGovernments, which comes from the registry, not the services.
   */
  from: 'services' | 'findings' | 'operators' | 'registry';
  sql: string;
}

const where = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
const services = (sql: string) => ({ from: 'services' as const, sql });
const findings = (sql: string) => ({ from: 'findings' as const, sql });
const operators = (sql: string) => ({ from: 'operators' as const, sql });

/** A status's column: its header is the status's label (labels.ts). */
function statusColumn(status: ServiceStatus, en: string): CountColumn {
  const ja = labelOf(STATUS_LABELS, status);
  return {
    header: { ja, en },
    definition: { ja: `基準日時の状態が「${ja}」のサービスの数。`, en: `Services whose status at the report's time is ${status}.` },
    tables: ['summary'],
    ...services(where(`status = '${status}'`)),
  };
}

/** A category's column: its header is the category's label (labels.ts). */
function categoryColumn(category: (typeof SERVICE_CATEGORIES)[number], en: string): CountColumn {
  const ja = labelOf(CATEGORY_LABELS, category);
  return {
    header: { ja, en },
    definition: { ja: `基準日時に存在するサービスのうち、分野が「${ja}」のものの数。`, en: `Services existing at the report's time in the ${category} category.` },
    tables: ['category'],
    ...services(where(`category = '${category}'`)),
  };
}

const NO_ALTERNATIVE = labelOf(FINDING_KIND_LABELS, 'no_alternative');

/** A severity's column of the no_alternative findings: 代替手段のない停止(重大). */
function noAlternativeColumn(severity: 'critical' | 'high' | 'medium' | 'low'): CountColumn {
  const ja = labelOf(SEVERITY_LABELS, severity);
  return {
    header: { ja: `${NO_ALTERNATIVE}(${ja})`, en: `No alternative: ${severity}` },
    definition: {
      ja: `基準日時に停止中（または稼働後に廃止）で、その時点で有効な代替手段がないサービスのうち、重大度が「${ja}」のものの数。`,
      en: `Services suspended (or discontinued after running) at the report's time with no fallback channel valid then, whose gap has severity ${severity}.`,
    },
    tables: ['summary'],
    ...findings(where(`kind = 'no_alternative' AND severity = '${severity}'`)),
  };
}

/** Every figure of a report row, in column order: one list for the SQL, JSON, CSV and XLSX. */
export const COUNT_COLUMNS: Record<CountKey, CountColumn> = {
  localGovernments: {
    header: { ja: '団体数', en: 'Local governments' },
    definition: {
      ja: '集計対象の地方公共団体の数（政令指定都市の行政区は市に含め、国の機関の行では国の機関の数）。',
      en: 'Local governments counted (designated-city wards are part of their city); on the national-bodies row, the national bodies.',
    },
    tables: ['summary'],
    from: 'registry',
    sql: '',
  },
  localGovernmentsWithLineService: {
    header: { ja: 'LINEサービスのある団体数', en: 'Local governments with a LINE service' },
    definition: {
      ja: 'そのうち、基準日時に存在するサービスを一つ以上運営している団体の数（行政区のサービスは市の分として数える）。',
      en: "Of those, how many operate at least one service existing at the report's time (a ward's services count for its city).",
    },
    tables: ['summary'],
    ...operators('count(DISTINCT operator) FILTER (WHERE services > 0)'),
  },
  services: {
    header: { ja: 'サービス数', en: 'Services' },
    definition: {
      ja: '基準日時に存在するサービス（その時点までに効力を生じた状態の記録が一つ以上あるもの）の数。',
      en: "Services existing at the report's time: with at least one status change in effect by then (undated changes always are).",
    },
    tables: ['summary', 'category'],
    ...services('count(*)'),
  },
  planned: statusColumn('planned', 'Planned'),
  postponed: statusColumn('postponed', 'Postponed'),
  active: statusColumn('active', 'Active'),
  suspended: statusColumn('suspended', 'Suspended'),
  discontinued: statusColumn('discontinued', 'Discontinued'),
  handlingPersonalData: {
    header: { ja: '個人情報を扱う', en: 'Handling personal data' },
    definition: {
      ja: '基準日時に存在するサービスのうち、個人情報を扱うものの数。',
      en: "Services existing at the report's time that handle personal data.",
    },
    tables: ['summary'],
    ...services(where('handles_personal_data')),
  },
  suspendedWithAlternative: {
    header: { ja: '代替手段のある停止', en: 'Suspended with an alternative' },
    definition: {
      ja: '基準日時に停止中で、その時点で有効な代替手段（電話、メールなど）が一つ以上あるサービスの数。',
      en: "Services suspended at the report's time with at least one fallback channel (phone, e-mail, …) valid then.",
    },
    tables: ['summary'],
    ...services(where(`status = 'suspended' AND n_channels > 0`)),
  },
  noAlternativeCritical: noAlternativeColumn('critical'),
  noAlternativeHigh: noAlternativeColumn('high'),
  noAlternativeMedium: noAlternativeColumn('medium'),
  noAlternativeLow: noAlternativeColumn('low'),
  impendingNoAlternative: {
    header: { ja: labelOf(FINDING_KIND_LABELS, 'impending_no_alternative'), en: 'Impending no alternative' },
    definition: {
      ja: '基準日時より後に停止が予定され停止の時点で有効な代替手段がないサービス、または停止中に代替手段の期限が切れるサービスの数（重大度を問わない）。',
      en: "Services with a stop scheduled after the report's time and no fallback channel valid then, or stopped with channels that run out while they are stopped (any severity).",
    },
    tables: ['summary'],
    ...findings(where(`kind = 'impending_no_alternative'`)),
  },
  categoryConsultation: categoryColumn('consultation', 'Consultation'),
  categoryInformation: categoryColumn('information', 'Information'),
  categoryReservation: categoryColumn('reservation', 'Reservation'),
  categoryPayment: categoryColumn('payment', 'Payment'),
  categoryApplication: categoryColumn('application', 'Application'),
  categoryHealthMonitoring: categoryColumn('health_monitoring', 'Health monitoring'),
  categoryOther: categoryColumn('other', 'Other'),
};

export const COUNT_KEYS = Object.keys(COUNT_COLUMNS) as CountKey[];

/** The figures counted per operator (the columns of `operator_counts` and of the report_counts table), in column order. */
export const OPERATOR_COUNT_KEYS = COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from === 'services' || COUNT_COLUMNS[key].from === 'findings');

/** The column that holds a figure per operator: its key in snake_case (noAlternativeHigh → no_alternative_high). */
export const countColumn = (key: CountKey): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export type IdentityKey = 'code' | 'name' | 'kind';

/** The row of the national bodies in the national report. */
export const NATIONAL_ROW = { code: 'national', name: '国の機関' } as const;

export const TOTAL_NAME = '合計';

/** The columns that name a row, before the figures. */
export const IDENTITY_COLUMNS: Record<IdentityKey, ColumnText> = {
  code: {
    header: { ja: 'コード', en: 'Code' },
    definition: {
      ja: '全国集計では都道府県番号（2桁）または national（国の機関）、都道府県別集計では地方公共団体コード（6桁）で、合計行は空欄。',
      en: 'In the national report the prefecture number (2 digits) or "national" (the national bodies), in a prefecture\'s report the local-government code (6 digits); empty on the total row.',
    },
  },
  name: {
    header: { ja: '名称', en: 'Name' },
    definition: {
      ja: `都道府県または地方公共団体の名称（国の機関の行は「${NATIONAL_ROW.name}」、合計行は「${TOTAL_NAME}」）。`,
      en: `The name of the prefecture or local government; ${NATIONAL_ROW.name} on the national bodies' row, ${TOTAL_NAME} on the total row.`,
    },
  },
  kind: {
    header: { ja: '区分', en: 'Kind' },
    definition: {
      ja: '行の区分（都道府県・市・町・村・特別区、国の機関、合計のいずれか）。',
      en: 'The kind of row: prefecture, national (the national bodies), a local-government kind (city, town, village, ward), or total.',
    },
  },
};

export const IDENTITY_KEYS = Object.keys(IDENTITY_COLUMNS) as IdentityKey[];

/** Every column of a report file, the identity columns first: its JSON key and its text. */
export const REPORT_COLUMNS: { key: IdentityKey | CountKey; text: ColumnText }[] = [
  ...IDENTITY_KEYS.map((key) => ({ key, text: IDENTITY_COLUMNS[key] })),
  ...COUNT_KEYS.map((key) => ({ key, text: COUNT_COLUMNS[key] })),
];

/** A row's kind as the Japanese files show it: a local government's kind from labels.ts, or the national bodies, or the total. */
export function kindJa(kind: string): string {
  if (kind === 'national') return NATIONAL_ROW.name;
  if (kind === 'total') return TOTAL_NAME;
  return kind in LG_KIND_LABELS ? labelOf(LG_KIND_LABELS, kind as keyof typeof LG_KIND_LABELS) : kind;
}

/** The total row: the sum of the rows, column by column, so it always is that sum. */
export function totalOf(rows: ReportRowDto[]): ReportRowDto {
  const total = { code: null, name: TOTAL_NAME, kind: 'total' } as ReportRowDto;
  for (const key of COUNT_KEYS) total[key] = rows.reduce((sum, row) => sum + row[key], 0);
  return total;
}
