import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { TokenGuard } from './auth.guard';
import { TokensService } from './tokens.service';

@Module({
  controllers: [AuditController],
  providers: [TokensService, TokenGuard, AuditService],
  exports: [TokensService, TokenGuard, AuditService],
})
export class AccessModule {}
