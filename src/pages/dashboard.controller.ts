import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PrefectureCodePipe } from '../reports/prefecture-code.pipe';
import { DashboardService } from './dashboard.service';
import { PeriodQuery } from './dto/dashboard-queries';
import type { PageSession } from './page-sessions.service';
import { PageRenderer } from './render';
import { CurrentSession, PageSessionGuard, SignedInExceptionFilter } from './session.guard';

/** The signed-in pages: the national picture for the ministry, a prefecture's for the ministry and that prefecture. */
@ApiExcludeController()
@UseGuards(PageSessionGuard)
@UseFilters(SignedInExceptionFilter)
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly renderer: PageRenderer,
  ) {}

  /** A prefecture's session is sent to its own prefecture's page. */
  @Get()
  async national(@CurrentSession() session: PageSession, @Query() query: PeriodQuery, @Res() res: Response) {
    if (session.role !== 'ministry') return res.redirect(303, this.dashboard.landingOf(session));
    this.renderer.send(res, '@dashboard', await this.dashboard.national(session, query));
  }

  @Get('prefectures/:code')
  async prefecture(@CurrentSession() session: PageSession, @Param('code', new PrefectureCodePipe('code')) code: string, @Query() query: PeriodQuery, @Res() res: Response) {
    this.renderer.send(res, '@dashboard-prefecture', await this.dashboard.prefecture(session, code, query));
  }

  /** The reports the API serves with a bearer header, served under the session (a browser cannot send the header). */
  @Get('report.csv')
  nationalCsv(@CurrentSession() session: PageSession) { return this.dashboard.report(session, 'csv'); }

  @Get('report.xlsx')
  nationalXlsx(@CurrentSession() session: PageSession) { return this.dashboard.report(session, 'xlsx'); }

  @Get('prefectures/:code/report.csv')
  prefectureCsv(@CurrentSession() session: PageSession, @Param('code', new PrefectureCodePipe('code')) code: string) { return this.dashboard.report(session, 'csv', code); }

  @Get('prefectures/:code/report.xlsx')
  prefectureXlsx(@CurrentSession() session: PageSession, @Param('code', new PrefectureCodePipe('code')) code: string) { return this.dashboard.report(session, 'xlsx', code); }
}
