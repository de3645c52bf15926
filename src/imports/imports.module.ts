import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LineServicesModule } from '../line-services/line-services.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Imports of status changes and fallback channels from CSV and XLSX files (POST /v1/imports; the body parser is app.factory.ts'). */
@Module({
  imports: [AccessModule, LineServicesModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
})
export class ImportsModule {}
