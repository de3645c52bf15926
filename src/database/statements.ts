import { indexedServicesSql } from '../availability/availability.sql';
import { DEFAULT_STALE_POLICY } from '../gaps/gap-rules';
import { reconcileSql } from '../gaps/reconcile.sql';
import { insertChannelsSql } from '../imports/imports.sql';
import { refreshStatusSql } from '../line-services/current-status.sql';
import { updateColumnsSql } from '../line-services/line-services.sql';
import { deliveryPageSql } from '../notifications/notifications.sql';
import { claimCountsSql, recountSql } from '../reports/report-counts.sql';
import { nationalReportSql, prefectureReportSql } from '../reports/reports.sql';

/**
 * Every statement whose text is built by code, with representative arguments, and the file
 * under src/<module>/queries/ it is written to by `npm run sql:dump`. The files are
 * committed and reviewed as SQL; statements.spec.ts fails when the code builds anything
 * else than what they hold. A new generator gets a line here. (desiredFindingsCtes at a past
 * time is not dumped on its own: the reports' as-of statements hold it whole.)
 */
export interface DumpedStatement {
  file: string;
  /** What the statement is for and with which arguments it was built. */
  note: string;
  sql: () => string;
}

const ONE_SERVICE = '= ANY($1::uuid[])';

export const STATEMENTS: DumpedStatement[] = [
  { file: 'src/gaps/queries/reconcile-one-service.sql', note: "reconcileSql('= ANY($1::uuid[])'): the worker's evaluation of one service", sql: () => reconcileSql(ONE_SERVICE) },
  { file: 'src/gaps/queries/reconcile-all.sql', note: 'reconcileSql(null): the sweep over every service', sql: () => reconcileSql(null) },

  { file: 'src/line-services/queries/refresh-status-one-service.sql', note: "refreshStatusSql('= ANY($1::uuid[])', false): the API's write of one service", sql: () => refreshStatusSql(ONE_SERVICE, false) },
  { file: 'src/line-services/queries/refresh-status-all.sql', note: "refreshStatusSql(null, true): the worker's sweep", sql: () => refreshStatusSql(null, true) },
  {
    file: 'src/line-services/queries/update-service.sql',
    note: "updateColumnsSql('line_services', ['name', 'url', 'line_hours']): a PATCH of three fields",
    sql: () => updateColumnsSql('line_services', ['name', 'url', 'line_hours']),
  },
  {
    file: 'src/line-services/queries/update-channel.sql',
    note: "updateColumnsSql('fallback_channels', ['contact', 'hours'], ['updated_at = now()']): a PATCH of two fields",
    sql: () => updateColumnsSql('fallback_channels', ['contact', 'hours'], ['updated_at = now()']),
  },
  { file: 'src/reports/queries/national-now.sql', note: 'nationalReportSql(true): the national report for now, from the engine’s state', sql: () => nationalReportSql(true, DEFAULT_STALE_POLICY) },
  { file: 'src/reports/queries/national-as-of.sql', note: 'nationalReportSql(false, DEFAULT_STALE_POLICY): the national report as of $1, from the history', sql: () => nationalReportSql(false, DEFAULT_STALE_POLICY) },
  { file: 'src/reports/queries/prefecture-now.sql', note: "prefectureReportSql(true): prefecture $2's report for now", sql: () => prefectureReportSql(true, DEFAULT_STALE_POLICY) },
  { file: 'src/reports/queries/prefecture-as-of.sql', note: "prefectureReportSql(false, DEFAULT_STALE_POLICY): prefecture $2's report as of $1", sql: () => prefectureReportSql(false, DEFAULT_STALE_POLICY) },
  { file: 'src/availability/queries/index-page.sql', note: "indexedServicesSql('page'): the next page of services while the availability index is built", sql: () => indexedServicesSql('page') },
  { file: 'src/availability/queries/index-services.sql', note: "indexedServicesSql('ids'): services read again after they changed", sql: () => indexedServicesSql('ids') },
  { file: 'src/reports/queries/claim-counts-one-service.sql', note: "claimCountsSql('= ANY($1::uuid[])'): a write's or an evaluation's claim of its operators' report_counts rows", sql: () => claimCountsSql(ONE_SERVICE) },
  { file: 'src/reports/queries/recount-one-service.sql', note: "recountSql('= ANY($1::uuid[])'): the recount of the operator of a service written or evaluated", sql: () => recountSql(ONE_SERVICE) },
  { file: 'src/reports/queries/recount-all.sql', note: "recountSql(null): the sweep's recount of every operator", sql: () => recountSql(null) },
  { file: 'src/imports/queries/insert-channels.sql', note: 'insertChannelsSql(): the bulk insert of imported channels', sql: () => insertChannelsSql() },
  { file: 'src/notifications/queries/delivery-page-first.sql', note: 'deliveryPageSql(false): the first page of a delivery log', sql: () => deliveryPageSql(false) },
  { file: 'src/notifications/queries/delivery-page-after.sql', note: 'deliveryPageSql(true): a later page', sql: () => deliveryPageSql(true) },
];
