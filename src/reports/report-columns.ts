import type { CountKey, ReportRowDto } from './dto/report.dto';

export type ReportTable = 'summary' | 'category';

export interface CountColumn {
  header: string;
  /** The sheets of the xlsx it appears on. */
  tables: ReportTable[];
  /**
   * The aggregate over `svc` (one row per service existing at asOf: operator, status,
   * n_channels, category, handles_personal_data, no_alternative severity, impending);
   * null for localGovernments, which comes from the registry, not the services.
   */
  sql: string | null;
}

const where = (condition: string) => `count(*) FILTER (WHERE ${condition})`;

/** Every figure of a report row, in column order: one list for the SQL, JSON, CSV and XLSX. */
export const COUNT_COLUMNS: Record<CountKey, CountColumn> = {
  localGovernments: { header: 'Local governments', tables: ['summary'], sql: null },
  localGovernmentsWithLineService: { header: 'Local governments with a LINE service', tables: ['summary'], sql: 'count(DISTINCT operator)' },
  services: { header: 'Services', tables: ['summary', 'category'], sql: 'count(*)' },
  planned: { header: 'Planned', tables: ['summary'], sql: where(`status = 'planned'`) },
  postponed: { header: 'Postponed', tables: ['summary'], sql: where(`status = 'postponed'`) },
  active: { header: 'Active', tables: ['summary'], sql: where(`status = 'active'`) },
  suspended: { header: 'Suspended', tables: ['summary'], sql: where(`status = 'suspended'`) },
  discontinued: { header: 'Discontinued', tables: ['summary'], sql: where(`status = 'discontinued'`) },
  handlingPersonalData: { header: 'Handling personal data', tables: ['summary'], sql: where('handles_personal_data') },
  suspendedWithAlternative: { header: 'Suspended with an alternative', tables: ['summary'], sql: where(`status = 'suspended' AND n_channels > 0`) },
  noAlternativeCritical: { header: 'No alternative: critical', tables: ['summary'], sql: where(`no_alternative = 'critical'`) },
  noAlternativeHigh: { header: 'No alternative: high', tables: ['summary'], sql: where(`no_alternative = 'high'`) },
  noAlternativeMedium: { header: 'No alternative: medium', tables: ['summary'], sql: where(`no_alternative = 'medium'`) },
  noAlternativeLow: { header: 'No alternative: low', tables: ['summary'], sql: where(`no_alternative = 'low'`) },
  impendingNoAlternative: { header: 'Impending no alternative', tables: ['summary'], sql: where('impending') },
  categoryConsultation: { header: 'Consultation', tables: ['category'], sql: where(`category = 'consultation'`) },
  categoryInformation: { header: 'Information', tables: ['category'], sql: where(`category = 'information'`) },
  categoryReservation: { header: 'Reservation', tables: ['category'], sql: where(`category = 'reservation'`) },
  categoryPayment: { header: 'Payment', tables: ['category'], sql: where(`category = 'payment'`) },
  categoryApplication: { header: 'Application', tables: ['category'], sql: where(`category = 'application'`) },
  categoryHealthMonitoring: { header: 'Health monitoring', tables: ['category'], sql: where(`category = 'health_monitoring'`) },
  categoryOther: { header: 'Other', tables: ['category'], sql: where(`category = 'other'`) },
};

export const COUNT_KEYS = Object.keys(COUNT_COLUMNS) as CountKey[];

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
