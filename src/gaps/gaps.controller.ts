import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../access/auth.guard';
import { UuidPipe } from '../common/params';
import { GapListDto, GapPageDto, GapQuery } from './dto/gap.dto';
import { GapsService } from './gaps.service';

@ApiTags('gaps')
@Controller({ version: '1' })
export class GapsController {
  constructor(private readonly gaps: GapsService) {}

  @Get('gaps')
  @Authenticated()
  @ApiOkResponse({ type: GapPageDto, description: 'Newest first. Any valid token.' })
  list(@Query() query: GapQuery) { return this.gaps.list(query); }

  @Get('services/:id/gaps')
  @ApiOkResponse({ type: GapListDto, description: 'Every finding of the service, open and resolved.' })
  @ApiNotFoundResponse()
  ofService(@Param('id', new UuidPipe()) id: string) { return this.gaps.ofService(id); }
}
