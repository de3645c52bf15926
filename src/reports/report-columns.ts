import type { CountKey, ReportRowDto } from './dto/report.dto';

export type ReportTable = 'summary' | 'category';

export interface CountColumn {
  header: string;
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

/** Every figure of a report row, in column order: one list for the SQL, JSON, CSV and XLSX. */
export const COUNT_COLUMNS: Record<CountKey, CountColumn> = {
  localGovernments: { header: 'Local governments', tables: ['summary'], from: 'registry', sql: '' },
  localGovernmentsWithLineService: { header: 'Local governments with a LINE service', tables: ['summary'], ...operators('count(DISTINCT operator) FILTER (WHERE services > 0)') },
  services: { header: 'Services', tables: ['summary', 'category'], ...services('count(*)') },
  planned: { header: 'Planned', tables: ['summary'], ...services(where(`status = 'planned'`)) },
  postponed: { header: 'Postponed', tables: ['summary'], ...services(where(`status = 'postponed'`)) },
  active: { header: 'Active', tables: ['summary'], ...services(where(`status = 'active'`)) },
  suspended: { header: 'Suspended', tables: ['summary'], ...services(where(`status = 'suspended'`)) },
  discontinued: { header: 'Discontinued', tables: ['summary'], ...services(where(`status = 'discontinued'`)) },
  handlingPersonalData: { header: 'Handling personal data', tables: ['summary'], ...services(where('handles_personal_data')) },
  suspendedWithAlternative: { header: 'Suspended with an alternative', tables: ['summary'], ...services(where(`status = 'suspended' AND n_channels > 0`)) },
  noAlternativeCritical: { header: 'No alternative: critical', tables: ['summary'], ...findings(where(`kind = 'no_alternative' AND severity = 'critical'`)) },
  noAlternativeHigh: { header: 'No alternative: high', tables: ['summary'], ...findings(where(`kind = 'no_alternative' AND severity = 'high'`)) },
  noAlternativeMedium: { header: 'No alternative: medium', tables: ['summary'], ...findings(where(`kind = 'no_alternative' AND severity = 'medium'`)) },
  noAlternativeLow: { header: 'No alternative: low', tables: ['summary'], ...findings(where(`kind = 'no_alternative' AND severity = 'low'`)) },
  impendingNoAlternative: { header: 'Impending no alternative', tables: ['summary'], ...findings(where(`kind = 'impending_no_alternative'`)) },
  categoryConsultation: { header: 'Consultation', tables: ['category'], ...services(where(`category = 'consultation'`)) },
  categoryInformation: { header: 'Information', tables: ['category'], ...services(where(`category = 'information'`)) },
  categoryReservation: { header: 'Reservation', tables: ['category'], ...services(where(`category = 'reservation'`)) },
  categoryPayment: { header: 'Payment', tables: ['category'], ...services(where(`category = 'payment'`)) },
  categoryApplication: { header: 'Application', tables: ['category'], ...services(where(`category = 'application'`)) },
  categoryHealthMonitoring: { header: 'Health monitoring', tables: ['category'], ...services(where(`category = 'health_monitoring'`)) },
  categoryOther: { header: 'Other', tables: ['category'], ...services(where(`category = 'other'`)) },
};

export const COUNT_KEYS = Object.keys(COUNT_COLUMNS) as CountKey[];

/** The figures counted per operator (the columns of `operator_counts` and of the report_counts table), in column order. */
export const OPERATOR_COUNT_KEYS = COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from === 'services' || COUNT_COLUMNS[key].from === 'findings');

/** The column that holds a figure per operator: its key in snake_case (noAlternativeHigh → no_alternative_high). */
export const countColumn = (key: CountKey): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The columns that name a row, before the figures. */
export const IDENTITY_COLUMNS: { key: 'code' | 'name' | 'kind'; header: string }[] = [
  { key: 'code', header: 'Code' },
  { key: 'name', header: 'Name' },
  { key: 'kind', header: 'Kind' },
];

export const TOTAL_NAME = '合計';

/** The total row: the sum of the rows, column by column, so it always is that sum. */
export function totalOf(rows: ReportRowDto[]): ReportRowDto {
  const total = { code: null, name: TOTAL_NAME, kind: 'total' } as ReportRowDto;
  for (const key of COUNT_KEYS) total[key] = rows.reduce((sum, row) => sum + row[key], 0);
  return total;
}
