import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Aggregate reports over the registry at any time, as JSON, CSV or XLSX. */
@Module({
  imports: [AccessModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
