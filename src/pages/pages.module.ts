import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AvailabilityModule } from '../availability/availability.module';
import { GapOverviewRepository } from '../gaps/gap-overview.repository';
import { GapsModule } from '../gaps/gaps.module';
import { LineServicesModule } from '../line-services/line-services.module';
import { LocalGovernmentsModule } from '../local-governments/local-governments.module';
import { ReportsModule } from '../reports/reports.module';
import { DashboardController } from './dashboard.controller';
import { DASHBOARD_TEMPLATES } from './dashboard-templates';
import { DashboardService } from './dashboard.service';
import { formBody } from './form-body';
import { PageExceptionFilter } from './page-exception.filter';
import { PageSessionModule } from './page-session.module';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';
import { PAGE_CSP, PageRenderer } from './render';
import { PageSessionGuard, SignedInExceptionFilter } from './session.guard';
import { SessionController } from './session.controller';

/** The pages' own headers (helmet's defaults apply too; its CSP is off app-wide for /docs' sake). */
function pageHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
}

/** Signed-in pages and the sign-in form are never stored, by the browser or on the way (the reports they serve included). */
function signedInHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Pages for people, in Japanese, on the API's own code paths (availability, services,
 * findings, reports). Registered after the API's modules. The public pages, and the
 * signed-in ones (sign-in, the ministry's and the prefectures' dashboards) in the same
 * layout; the page headers are set here for these controllers only, so Bull Board
 * (/admin/queues) keeps its own.
 */
@Module({
  imports: [LocalGovernmentsModule, LineServicesModule, GapsModule, AvailabilityModule, ReportsModule, PageSessionModule],
  controllers: [PagesController, SessionController, DashboardController],
  providers: [PagesService, PageRenderer, PageExceptionFilter, DashboardService, GapOverviewRepository, PageSessionGuard, SignedInExceptionFilter],
  exports: [PageRenderer, PageExceptionFilter],
})
export class PagesModule implements NestModule {
  constructor(renderer: PageRenderer) {
    renderer.register(DASHBOARD_TEMPLATES);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(pageHeaders).forRoutes(PagesController, SessionController, DashboardController);
    consumer.apply(signedInHeaders).forRoutes(SessionController, DashboardController);
    consumer.apply(formBody).forRoutes(SessionController);
  }
}

export { pageHeaders };
