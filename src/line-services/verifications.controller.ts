import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { UuidPipe } from '../common/params';
import { CreateVerificationDto, VerificationDto, VerificationPageDto, VerificationQuery } from './dto/verification.dto';
import { VerificationsService } from './verifications.service';

@ApiTags('services')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'services', version: '1' })
export class VerificationsController {
  constructor(private readonly verifications: VerificationsService) {}

  @Post(':id/verifications')
  @Authenticated()
  @ApiCreatedResponse({ type: VerificationDto, description: 'Recorded as of now, by the token; the service\'s lastVerifiedAt and version (its ETag) move, its updatedAt does not (not an edit).' })
  @ApiForbiddenResponse({ description: 'The token may not write this service.' })
  @ApiNotFoundResponse()
  create(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @Body() dto: CreateVerificationDto) { return this.verifications.create(actor, id, dto); }

  @Get(':id/verifications')
  @ApiOkResponse({ type: VerificationPageDto, description: 'Newest first.' })
  @ApiNotFoundResponse()
  list(@Param('id', new UuidPipe()) id: string, @Query() query: VerificationQuery) { return this.verifications.list(id, query); }
}
