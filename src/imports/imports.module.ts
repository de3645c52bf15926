import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { AccessModule } from '../access/access.module';
import { appConfig } from '../config/app-config';
import { LineServicesModule } from '../line-services/line-services.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { XLSX_TYPE } from './xlsx';

/** Imports of status changes and fallback channels from CSV and XLSX files (POST /v1/imports). */
@Module({
  imports: [AccessModule, LineServicesModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
})
export class ImportsModule implements NestModule {
  /**
   * The application's raw body parser (app.factory.ts) takes CSV types; a workbook sent with
   * its own Content-Type is read here, for this route only, with the same size limit.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(raw({ type: XLSX_TYPE, limit: appConfig().IMPORT_BODY_LIMIT })).forRoutes({ path: 'imports', method: RequestMethod.POST, version: '1' });
  }
}
