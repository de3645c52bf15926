import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { NationalBodiesRepository } from '../national-bodies/national-bodies.repository';
import { OrganizationCoverageRepository } from './organization-coverage.repository';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

/** Organisations other than governments that operate services, with where they reach people. */
@Module({
  imports: [AccessModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, OrganizationsRepository, OrganizationCoverageRepository, LocalGovernmentsRepository, NationalBodiesRepository],
  exports: [OrganizationsRepository],
})
export class OrganizationsModule {}
