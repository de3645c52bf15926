import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { ReportDto, ReportQuery } from './dto/report.dto';
import { PrefectureCodePipe } from './prefecture-code.pipe';
import { CSV_TYPE, XLSX_TYPE } from './report-files';
import { ReportsService } from './reports.service';

const FORMATS = ApiProduces('application/json', CSV_TYPE, XLSX_TYPE);

@ApiTags('reports')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'reports', version: '1' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('national')
  @Authenticated()
  @FORMATS
  @ApiOkResponse({ type: ReportDto, description: 'One row per prefecture, one for the national bodies and one for the organisations other than governments, plus the total (their sum), as of asOf. Ministry only.' })
  national(@CurrentActor() actor: Actor, @Query() query: ReportQuery) { return this.reports.national(actor, query); }

  @Get('prefectures/:prefectureCode')
  @Authenticated()
  @FORMATS
  @ApiOkResponse({ type: ReportDto, description: 'One row per local government of the prefecture (wards within their city), plus the total. Organisations are in no prefecture: the national report counts them, this one does not. The ministry and that prefecture.' })
  prefecture(@CurrentActor() actor: Actor, @Param('prefectureCode', new PrefectureCodePipe()) prefectureCode: string, @Query() query: ReportQuery) { return this.reports.prefecture(actor, prefectureCode, query); }
}
