import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AvailabilityModule } from '../availability/availability.module';
import { GapsModule } from '../gaps/gaps.module';
import { LineServicesModule } from '../line-services/line-services.module';
import { LocalGovernmentsModule } from '../local-governments/local-governments.module';
import { PageExceptionFilter } from './page-exception.filter';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';
import { PAGE_CSP, PageRenderer } from './render';

/** The pages' own headers (helmet's defaults apply too; its CSP is off app-wide for /docs' sake). */
function pageHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
}

/**
 * Pages for people, in Japanese, on the API's own code paths (availability, services,
 * findings). Registered after the API's modules. PageRenderer is exported for the
 * signed-in pages, which use the same layout and headers.
 */
@Module({
  imports: [LocalGovernmentsModule, LineServicesModule, GapsModule, AvailabilityModule],
  controllers: [PagesController],
  providers: [PagesService, PageRenderer, PageExceptionFilter],
  exports: [PageRenderer, PageExceptionFilter],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(pageHeaders).forRoutes(PagesController);
  }
}

export { pageHeaders };
