import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../access/actor';
import { forbidden, notFound } from '../common/errors';
import type { ReportDto, ReportQuery, ReportRowDto } from './dto/report.dto';
import { tokyoStamp } from '../i18n/japanese-time';
import { totalOf } from './report-columns';
import { CSV_TYPE, reportCsv, reportFile, reportName, ReportScope, reportXlsx, XLSX_TYPE } from './report-files';
import { ReportsRepository } from './reports.repository';

export const REPORT_SOURCE = '総務省「全国地方公共団体コード」; LINE 2021 cases';

@Injectable()
export class ReportsService {
  constructor(private readonly repository: ReportsRepository) {}

  /** Every prefecture and the national bodies: for the ministry. */
  async national(actor: Actor, query: ReportQuery): Promise<ReportDto | StreamableFile> {
    if (actor.role !== 'ministry') throw forbidden('only the ministry may read the national report');
    const asOf = asOfOf(query);
    const rows = await this.repository.national(asOf, query.asOf === undefined);
    return this.render(asOf, rows, query, { ja: '全国', en: 'national' });
  }

  /** The local governments of one prefecture: for the ministry and that prefecture. */
  async prefecture(actor: Actor, prefectureCode: string, query: ReportQuery): Promise<ReportDto | StreamableFile> {
    if (actor.role !== 'ministry' && !(actor.role === 'prefecture' && actor.scope === prefectureCode)) {
      throw forbidden(`only the ministry and prefecture ${prefectureCode} may read this prefecture's report`);
    }
    const asOf = asOfOf(query);
    const rows = await this.repository.prefecture(asOf, prefectureCode, query.asOf === undefined);
    if (rows.length === 0) throw notFound(`prefecture ${prefectureCode}`);
    const prefecture = rows.find((row) => row.kind === 'prefecture')?.name ?? `都道府県${prefectureCode}`;
    return this.render(asOf, rows, query, { ja: prefecture, en: `prefecture-${prefectureCode}` });
  }

  private async render(asOf: string, rows: ReportRowDto[], query: ReportQuery, scope: ReportScope): Promise<ReportDto | StreamableFile> {
    const report: ReportDto = { asOf, generatedAt: new Date().toISOString(), source: REPORT_SOURCE, rows, total: totalOf(rows) };
    const lang = query.lang ?? 'ja';
    const filename = `line-report-${scope.en}-${asOf.replace(/[-:]|\.\d+/g, '')}`;
    // The Japanese name for whoever saves it: LINEサービス集計表（全国）_20210331-2359 (Tokyo time).
    const localName = lang === 'ja' ? `${reportName(scope, lang)}_${tokyoStamp(new Date(asOf))}` : undefined;
    const named = (extension: string) => [`${filename}.${extension}`, localName && `${localName}.${extension}`] as const;
    switch (query.format ?? 'json') {
      case 'json':
        return report;
      case 'csv':
        return reportFile(reportCsv(report, lang), CSV_TYPE, ...named('csv'));
      case 'xlsx':
        return reportFile(await reportXlsx(report, scope, lang), XLSX_TYPE, ...named('xlsx'));
    }
  }
}

/** The asOf asked for, or now, as an ISO instant (to the millisecond). */
function asOfOf(query: ReportQuery): string {
  return (query.asOf ? new Date(query.asOf) : new Date()).toISOString();
}
