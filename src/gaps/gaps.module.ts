import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AvailabilityCoreModule } from '../availability/availability.module';
import { AvailabilityRepository } from '../availability/availability.repository';
import { FallbackChannelsRepository } from '../line-services/fallback-channels.repository';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { StatusChangesRepository } from '../line-services/status-changes.repository';
import { EventsRepository } from '../notifications/events.repository';
import { ReportCountsRepository } from '../reports/report-counts.repository';
import { DeadlinesRepository } from './deadlines.repository';
import { EvaluationRequestsRepository } from './evaluation-requests.repository';
import { EvaluationProcessor } from './evaluation.processor';
import { FindingsRepository } from './findings.repository';
import { GapsController } from './gaps.controller';
import { GapsEngine } from './gaps-engine';
import { GapsService } from './gaps.service';
import { MaintenanceProcessor } from './maintenance.processor';

/** The API side: reading findings. */
@Module({
  imports: [AccessModule, AvailabilityCoreModule],
  controllers: [GapsController],
  providers: [FindingsRepository, LineServicesRepository, GapsService],
  exports: [GapsService],
})
export class GapsModule {}

/** The worker side: the engine and its processors. */
@Module({
  providers: [
    LineServicesRepository,
    StatusChangesRepository,
    FallbackChannelsRepository,
    FindingsRepository,
    EvaluationRequestsRepository,
    DeadlinesRepository,
    EventsRepository,
    AvailabilityRepository,
    ReportCountsRepository,
    GapsEngine,
    EvaluationProcessor,
    MaintenanceProcessor,
  ],
  exports: [GapsEngine],
})
export class GapsWorkerModule {}
