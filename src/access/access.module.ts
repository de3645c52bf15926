import { Module } from '@nestjs/common';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { AccessTokensRepository } from './access-tokens.repository';
import { AuditRepository } from './audit.repository';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { TokenGuard } from './auth.guard';
import { TokensService } from './tokens.service';

@Module({
  controllers: [AuditController],
  providers: [AccessTokensRepository, AuditRepository, LocalGovernmentsRepository, OrganizationsRepository, LineServicesRepository, TokensService, TokenGuard, AuditService],
  exports: [TokensService, TokenGuard, AuditService],
})
export class AccessModule {}
