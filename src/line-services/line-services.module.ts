import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { EvaluationRequestsRepository } from '../gaps/evaluation-requests.repository';
import { GapsModule } from '../gaps/gaps.module';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { NationalBodiesRepository } from '../national-bodies/national-bodies.repository';
import { ReportCountsRepository } from '../reports/report-counts.repository';
import { FallbackChannelsRepository } from './fallback-channels.repository';
import { FallbackChannelsService } from './fallback-channels.service';
import { FallbackChannelsController, LineServicesController } from './line-services.controller';
import { LineServicesRepository } from './line-services.repository';
import { LineServicesService } from './line-services.service';
import { ServiceWrites } from './service-writes';
import { StatusChangesRepository } from './status-changes.repository';
import { StatusChangesService } from './status-changes.service';
import { VerificationsController } from './verifications.controller';
import { VerificationsRepository } from './verifications.repository';
import { VerificationsService } from './verifications.service';
import { OrganizationsModule } from '../organizations/organizations.module';

@Module({
  imports: [AccessModule, GapsModule, OrganizationsModule],
  controllers: [LineServicesController, FallbackChannelsController, VerificationsController],
  providers: [
    LineServicesRepository,
    StatusChangesRepository,
    FallbackChannelsRepository,
    EvaluationRequestsRepository,
    LocalGovernmentsRepository,
    NationalBodiesRepository,
    ReportCountsRepository,
    ServiceWrites,
    LineServicesService,
    StatusChangesService,
    FallbackChannelsService,
    VerificationsRepository,
    VerificationsService,
  ],
  exports: [LineServicesRepository, StatusChangesRepository, FallbackChannelsRepository, ServiceWrites, LineServicesService, StatusChangesService, FallbackChannelsService, VerificationsRepository],
})
export class LineServicesModule {}
