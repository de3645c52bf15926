import { CATEGORY_LABELS, FINDING_KIND_LABELS, labelOf, LG_KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS, STORAGE_LABELS } from '../i18n/labels';
import type { ConversationDataStorage, SERVICE_CATEGORIES, ServiceStatus } from '../line-services/vocabulary';
import type { CountKey, ReportRowDto } from './dto/report.dto';

export type ReportTable = 'summary' | 'category' | 'dataHandling';

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
   * body or an organisation: `operator_counts`, one row per operator, one column per
   * `services` and `findings` figure), then summed into report rows. `services` aggregates
   * over `svc` (one row per service existing at asOf: status, n_channels, category,
   * handles_personal_data, handles_confidential_data, conversation_data_storage), `findings`
   * over `gaps` (one row per finding of REPORTED_FINDING_KINDS the rules give at asOf: kind,
   * severity); `operators` aggregates over the operators of a report row instead
   * (`operator`: the local government, a designated-city ward's city, the national body or
   * the organisation; with its per-operator figures); `registry` is localGovernments, which
   * comes from the registry, not the services.
   */
  from: 'services' | 'findings' | 'operators' | 'registry';
  sql: string;
}

const where = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
const services = (sql: string) => ({ from: 'services' as const, sql });
const findings = (sql: string) => ({ from: 'findings' as const, sql });
const operators = (sql: string) => ({ from: 'operators' as const, sql });

/** A status's column: its header is the status's label (labels.ts). */
function statusColumn(status: ServiceStatus, en: string, tables: ReportTable[] = ['summary']): CountColumn {
  const ja = labelOf(STATUS_LABELS, status);
  return {
    header: { ja, en },
    definition: { ja: `基準日時の状態が「${ja}」のサービスの数。`, en: `Services whose status at the report's time is ${status}.` },
    tables,
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

/**
 * Where conversation data is stored (CONVERSATION_DATA_STORAGE), as a report's English
 * columns name it, and the phrase of their definitions. The Japanese is the label
 * (STORAGE_LABELS).
 */
const STORAGE_WORDS: Record<ConversationDataStorage, { en: string; stored: string }> = {
  line_servers: { en: "LINE's servers", stored: "on LINE's servers" },
  operator_system_in_japan: {
    en: "operator's system in Japan",
    stored: "only in the operator's own system in Japan (or its contractor's, through the Messaging API)",
  },
  overseas: { en: 'overseas', stored: 'overseas' },
  unknown: { en: 'not known', stored: 'in a place not recorded' },
};

/** The data-handling facts keep no history: a report of a past time counts them as recorded now. */
const NO_HISTORY = { ja: '（履歴を持たない項目のため、過去の基準日時でも現在の記録で数える）', en: ' These facts keep no history: a past report time counts them as recorded now.' };

const storageWords = (storage: ConversationDataStorage) => ({ ja: labelOf(STORAGE_LABELS, storage), ...STORAGE_WORDS[storage] });

/** How many services store their conversation data in one place: 会話データ保存先：LINEのサーバー. */
function storageColumn(storage: ConversationDataStorage): CountColumn {
  const words = storageWords(storage);
  return {
    header: { ja: `会話データ保存先：${words.ja}`, en: `Conversation data: ${words.en}` },
    definition: {
      ja: `基準日時に存在するサービスのうち、会話データの保存先が「${words.ja}」のものの数${NO_HISTORY.ja}。`,
      en: `Services existing at the report's time whose conversation data is stored ${words.stored}.${NO_HISTORY.en}`,
    },
    tables: ['dataHandling'],
    ...services(where(`conversation_data_storage = '${storage}'`)),
  };
}

/**
 * The same among the suspended services: which of them keep their data where (those on the
 * operator's system in Japan are the candidates to resume that 2021's guideline allowed for).
 * A figure for the ministry to look at: the tracker decides nothing with it.
 */
function suspendedStorageColumn(storage: ConversationDataStorage): CountColumn {
  const words = storageWords(storage);
  const status = labelOf(STATUS_LABELS, 'suspended');
  return {
    header: { ja: `${status}（保存先：${words.ja}）`, en: `Suspended (conversation data: ${words.en})` },
    definition: {
      ja: `基準日時に${status}のサービスのうち、会話データの保存先が「${words.ja}」のものの数（再開を検討する材料で、判断は運営者が行う）${NO_HISTORY.ja}。`,
      en: `Services suspended at the report's time whose conversation data is stored ${words.stored} (for whoever considers resuming them; the tracker decides nothing).${NO_HISTORY.en}`,
    },
    tables: ['dataHandling'],
    ...services(where(`status = 'suspended' AND conversation_data_storage = '${storage}'`)),
  };
}

/** The finding kinds the reports count (`gaps` holds only these): their figures' `findings` columns filter on them. */
export const REPORTED_FINDING_KINDS = ['no_alternative', 'impending_no_alternative', 'stale_record'] as const;

/** Every figure of a report row, in column order: one list for the SQL, JSON, CSV and XLSX. */
export const COUNT_COLUMNS: Record<CountKey, CountColumn> = {
  localGovernments: {
    header: { ja: '団体数', en: 'Local governments' },
    definition: {
      ja: '集計対象の地方公共団体の数（政令指定都市の行政区は市に含め、国の機関の行では国の機関の数、民間団体の行では登録された民間団体の数）。',
      en: "Local governments counted (designated-city wards are part of their city); on the national bodies' row, the national bodies; on the organisations' row, the organisations registered.",
    },
    tables: ['summary'],
    from: 'registry',
    sql: '',
  },
  localGovernmentsWithLineService: {
    header: { ja: 'LINEサービスのある団体数', en: 'Local governments with a LINE service' },
    definition: {
      ja: 'そのうち、基準日時に存在するサービスを一つ以上運営している団体の数（行政区のサービスは市の分として数え、国の機関・民間団体の行ではそれぞれの機関・団体を数える）。',
      en: "Of those, how many operate at least one service existing at the report's time (a ward's services count for its city; on the national bodies' and organisations' rows, the bodies and organisations).",
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
    tables: ['summary', 'category', 'dataHandling'],
    ...services('count(*)'),
  },
  planned: statusColumn('planned', 'Planned'),
  postponed: statusColumn('postponed', 'Postponed'),
  active: statusColumn('active', 'Active'),
  suspended: statusColumn('suspended', 'Suspended', ['summary', 'dataHandling']),
  discontinued: statusColumn('discontinued', 'Discontinued'),
  handlingPersonalData: {
    header: { ja: '個人情報を扱う', en: 'Handling personal data' },
    definition: {
      ja: '基準日時に存在するサービスのうち、個人情報を扱うものの数。',
      en: "Services existing at the report's time that handle personal data.",
    },
    tables: ['summary', 'dataHandling'],
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
  // Issue 14's columns come last, so that the CSV's earlier columns keep their places.
  staleRecords: {
    // The kind's label (FINDING_KIND_LABELS.stale_record once the engine's part of issue 14 has added it).
    header: { ja: '確認期限切れ', en: 'Stale records' },
    definition: {
      ja: '基準日時に稼働中または停止中で、最後の確認からその時点までに、サービスの種類ごとの方針が認める期間を超えて確認されていないサービスの数（重大度を問わない）。',
      en: "Services active or suspended at the report's time that had not been verified for longer than their policy allows by then (stale_record findings, any severity).",
    },
    tables: ['summary'],
    ...findings(where(`kind = 'stale_record'`)),
  },
  handlingConfidentialData: {
    header: { ja: '機密情報を扱う', en: 'Handling confidential data' },
    definition: {
      ja: `基準日時に存在するサービスのうち、機密情報を扱うと記録されているものの数（扱うかどうかが不明なものは数えない）${NO_HISTORY.ja}。`,
      en: `Services existing at the report's time recorded as handling confidential data (those for which it is not known are not counted).${NO_HISTORY.en}`,
    },
    tables: ['dataHandling'],
    ...services(where('handles_confidential_data')),
  },
  confidentialDataNotKnown: {
    header: { ja: '機密情報の扱い不明', en: 'Confidential data: not known' },
    definition: {
      ja: `基準日時に存在するサービスのうち、機密情報を扱うかどうかが記録されていないものの数${NO_HISTORY.ja}。`,
      en: `Services existing at the report's time for which whether they handle confidential data is not recorded.${NO_HISTORY.en}`,
    },
    tables: ['dataHandling'],
    ...services(where('handles_confidential_data IS NULL')),
  },
  storageLineServers: storageColumn('line_servers'),
  storageOperatorSystemInJapan: storageColumn('operator_system_in_japan'),
  storageOverseas: storageColumn('overseas'),
  storageUnknown: storageColumn('unknown'),
  suspendedStorageLineServers: suspendedStorageColumn('line_servers'),
  suspendedStorageOperatorSystemInJapan: suspendedStorageColumn('operator_system_in_japan'),
  suspendedStorageOverseas: suspendedStorageColumn('overseas'),
  suspendedStorageUnknown: suspendedStorageColumn('unknown'),
};

export const COUNT_KEYS = Object.keys(COUNT_COLUMNS) as CountKey[];

/** The figures counted per operator (the columns of `operator_counts` and of the report_counts table), in column order. */
export const OPERATOR_COUNT_KEYS = COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from === 'services' || COUNT_COLUMNS[key].from === 'findings');

/** The column that holds a figure per operator: its key in snake_case (noAlternativeHigh → no_alternative_high). */
export const countColumn = (key: CountKey): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export type IdentityKey = 'code' | 'name' | 'kind';

/** The row of the national bodies in the national report. */
export const NATIONAL_ROW = { code: 'national', name: '国の機関' } as const;

/**
 * The row of the organisations other than governments (認定NPO法人 and the like) in the
 * national report. They are in no prefecture, so no prefecture's report counts them.
 */
export const ORGANIZATIONS_ROW = { code: 'organizations', name: '民間団体', kind: 'organization' } as const;

export const TOTAL_NAME = '合計';

/** The columns that name a row, before the figures. */
export const IDENTITY_COLUMNS: Record<IdentityKey, ColumnText> = {
  code: {
    header: { ja: 'コード', en: 'Code' },
    definition: {
      ja: '全国集計では都道府県番号（2桁）、national（国の機関）または organizations（民間団体）、都道府県別集計では地方公共団体コード（6桁）で、合計行は空欄。',
      en: 'In the national report the prefecture number (2 digits), "national" (the national bodies) or "organizations" (organisations other than governments), in a prefecture\'s report the local-government code (6 digits); empty on the total row.',
    },
  },
  name: {
    header: { ja: '名称', en: 'Name' },
    definition: {
      ja: `都道府県または地方公共団体の名称（国の機関の行は「${NATIONAL_ROW.name}」、民間団体の行は「${ORGANIZATIONS_ROW.name}」、合計行は「${TOTAL_NAME}」）。`,
      en: `The name of the prefecture or local government; ${NATIONAL_ROW.name} on the national bodies' row, ${ORGANIZATIONS_ROW.name} on the organisations' row, ${TOTAL_NAME} on the total row.`,
    },
  },
  kind: {
    header: { ja: '区分', en: 'Kind' },
    definition: {
      ja: '行の区分（都道府県・市・町・村・特別区、国の機関、民間団体、合計のいずれか）。',
      en: 'The kind of row: prefecture, national (the national bodies), organization (organisations other than governments), a local-government kind (city, town, village, ward), or total.',
    },
  },
};

export const IDENTITY_KEYS = Object.keys(IDENTITY_COLUMNS) as IdentityKey[];

/** Every column of a report file, the identity columns first: its JSON key and its text. */
export const REPORT_COLUMNS: { key: IdentityKey | CountKey; text: ColumnText }[] = [
  ...IDENTITY_KEYS.map((key) => ({ key, text: IDENTITY_COLUMNS[key] })),
  ...COUNT_KEYS.map((key) => ({ key, text: COUNT_COLUMNS[key] })),
];

/** A row's kind as the Japanese files show it: a local government's kind from labels.ts, or the national bodies, the organisations, or the total. */
export function kindJa(kind: string): string {
  if (kind === 'national') return NATIONAL_ROW.name;
  if (kind === ORGANIZATIONS_ROW.kind) return ORGANIZATIONS_ROW.name;
  if (kind === 'total') return TOTAL_NAME;
  return kind in LG_KIND_LABELS ? labelOf(LG_KIND_LABELS, kind as keyof typeof LG_KIND_LABELS) : kind;
}

/** The total row: the sum of the rows, column by column, so it always is that sum. */
export function totalOf(rows: ReportRowDto[]): ReportRowDto {
  const total = { code: null, name: TOTAL_NAME, kind: 'total' } as ReportRowDto;
  for (const key of COUNT_KEYS) total[key] = rows.reduce((sum, row) => sum + row[key], 0);
  return total;
}
