import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { ReportRowDto } from './dto/report.dto';
import { nationalReportSql, prefectureReportSql } from './reports.sql';

/** The reports' counts, over services, their channels and findings (read only). */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One row per prefecture (with all its local governments) and one for the national bodies. */
  national(asOf: string, current = false): Promise<ReportRowDto[]> {
    return this.dataSource.query(nationalReportSql(current, this.config.stalePolicy), [asOf]);
  }

  /** One row per local government of the prefecture (itself included), designated-city wards folded into their city. */
  prefecture(asOf: string, prefectureCode: string, current = false): Promise<ReportRowDto[]> {
    return this.dataSource.query(prefectureReportSql(current, this.config.stalePolicy), [asOf, prefectureCode]);
  }
}
