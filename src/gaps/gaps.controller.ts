import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../access/auth.guard';
import { UuidPipe } from '../common/params';
import { GapDetailDto, GapListDto, GapPageDto, GapQuery } from './dto/gap.dto';
import { GapsService } from './gaps.service';

@ApiTags('gaps')
@Controller({ version: '1' })
export class GapsController {
  constructor(private readonly gaps: GapsService) {}

  @Get('gaps')
  @Authenticated()
  @ApiOkResponse({ type: GapPageDto, description: 'Newest first. Any valid token.' })
  list(@Query() query: GapQuery) { return this.gaps.list(query); }

  @Get('gaps/:id')
  @ApiOkResponse({ type: GapDetailDto, description: 'One finding, open or resolved, with suggestedAlternatives while it leaves people without a channel. Public, as the findings of a service are.' })
  @ApiNotFoundResponse()
  get(@Param('id', new UuidPipe()) id: string) { return this.gaps.get(id); }

  @Get('services/:id/gaps')
  @ApiOkResponse({ type: GapListDto, description: 'Every finding of the service, open and resolved.' })
  @ApiNotFoundResponse()
  ofService(@Param('id', new UuidPipe()) id: string) { return this.gaps.ofService(id); }
}
