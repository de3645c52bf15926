import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { DigitsPipe, IfMatch, UuidPipe } from '../common/params';
import { CreateFallbackChannelDto, FallbackChannelDto, FallbackChannelListDto, FallbackChannelQuery, UpdateFallbackChannelDto } from './dto/fallback-channel.dto';
import { CreateLineServiceDto, LineServiceDto, LineServicePageDto, LineServiceQuery, UpdateLineServiceDto } from './dto/line-service.dto';
import { CreateStatusChangeDto, StatusChangeDto, StatusChangeListDto } from './dto/status-change.dto';
import { FallbackChannelsService } from './fallback-channels.service';
import { LineServicesService } from './line-services.service';
import { StatusChangesService } from './status-changes.service';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'The service\'s ETag; a stale one gets 412 and changes nothing.' });

@ApiTags('services')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'services', version: '1' })
export class LineServicesController {
  constructor(
    private readonly services: LineServicesService,
    private readonly statusChanges: StatusChangesService,
    private readonly channels: FallbackChannelsService,
  ) {}

  @Post()
  @Authenticated()
  @ApiCreatedResponse({ type: LineServiceDto })
  @ApiConflictResponse({ description: 'The operator already has a service with this name.' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLineServiceDto) { return this.services.create(actor, dto); }

  @Get()
  @ApiOkResponse({ type: LineServicePageDto })
  list(@Query() query: LineServiceQuery) { return this.services.list(query); }

  @Get(':id')
  @ApiOkResponse({ type: LineServiceDto, description: 'With its current fallback channels and timeline; ETag is its version.' })
  @ApiNotFoundResponse()
  get(@Param('id', new UuidPipe()) id: string) { return this.services.getVersioned(id); }

  @Patch(':id')
  @Authenticated()
  @IF_MATCH
  @ApiOkResponse({ type: LineServiceDto })
  @ApiPreconditionFailedResponse()
  update(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @IfMatch() ifMatch: number | undefined, @Body() dto: UpdateLineServiceDto) { return this.services.update(actor, id, ifMatch, dto); }

  @Post(':id/status-changes')
  @Authenticated()
  @IF_MATCH
  @ApiCreatedResponse({ type: StatusChangeDto })
  @ApiPreconditionFailedResponse()
  addStatusChange(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @IfMatch() ifMatch: number | undefined, @Body() dto: CreateStatusChangeDto) { return this.statusChanges.create(actor, id, ifMatch, dto); }

  @Post(':id/status-changes/:changeId/withdraw')
  @HttpCode(200)
  @Authenticated()
  @IF_MATCH
  @ApiOkResponse({ type: StatusChangeDto, description: 'A scheduled change withdrawn before it took effect; it stays in the timeline.' })
  @ApiConflictResponse({ description: 'Already in effect, or already withdrawn.' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @Param('changeId', new DigitsPipe('changeId')) changeId: string, @IfMatch() ifMatch: number | undefined) { return this.statusChanges.withdraw(actor, id, changeId, ifMatch); }

  @Get(':id/status-changes')
  @ApiOkResponse({ type: StatusChangeListDto, description: 'The timeline, oldest first.' })
  timeline(@Param('id', new UuidPipe()) id: string) { return this.statusChanges.list(id); }

  @Post(':id/fallback-channels')
  @Authenticated()
  @IF_MATCH
  @ApiCreatedResponse({ type: FallbackChannelDto })
  addChannel(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @IfMatch() ifMatch: number | undefined, @Body() dto: CreateFallbackChannelDto) { return this.channels.create(actor, id, ifMatch, dto); }

  @Get(':id/fallback-channels')
  @ApiOkResponse({ type: FallbackChannelListDto })
  channelsOf(@Param('id', new UuidPipe()) id: string, @Query() query: FallbackChannelQuery) { return this.channels.list(id, query.state); }
}

@ApiTags('services')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'fallback-channels', version: '1' })
export class FallbackChannelsController {
  constructor(private readonly channels: FallbackChannelsService) {}

  @Patch(':id')
  @Authenticated()
  @IF_MATCH
  @ApiOkResponse({ type: FallbackChannelDto })
  @ApiConflictResponse({ description: 'The channel is retired.' })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @IfMatch() ifMatch: number | undefined, @Body() dto: UpdateFallbackChannelDto) { return this.channels.update(actor, id, ifMatch, dto); }

  @Delete(':id')
  @HttpCode(200)
  @Authenticated()
  @IF_MATCH
  @ApiOkResponse({ type: FallbackChannelDto, description: 'Retired: its validity ends now; it stays in the history.' })
  retire(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @IfMatch() ifMatch: number | undefined) { return this.channels.retire(actor, id, ifMatch); }
}
