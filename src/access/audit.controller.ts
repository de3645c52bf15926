import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { Authenticated, CurrentActor } from './auth.guard';
import { AuditPageDto, AuditQuery } from './dto/audit.dto';

@ApiTags('audit')
@Controller({ path: 'audit', version: '1' })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: AuditPageDto, description: 'Newest first. Ministry: everything; a prefecture: its own and its municipalities\'.' })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQuery) { return this.audit.list(actor, query); }
}
