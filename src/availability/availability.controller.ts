import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LgCodePipe } from '../local-governments/lg-code.pipe';
import { AvailabilityService } from './availability.service';
import { AvailabilityDto, AvailabilityQuery, ScopeDto, ScopeQuery } from './dto/availability.dto';

@ApiTags('availability')
@Controller({ version: '1' })
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('availability')
  @ApiOkResponse({ type: AvailabilityDto, description: 'What someone in this place can use at that time. Public.' })
  get(@Query() query: AvailabilityQuery) { return this.availability.availability(query); }

  @Get('local-governments/:code/services')
  @ApiOkResponse({ type: ScopeDto, description: 'The services that reach a resident of this place (municipality, prefecture, national), without the time evaluation.' })
  services(@Param('code', new LgCodePipe()) code: string, @Query() query: ScopeQuery) { return this.availability.servicesOf(code, query); }
}
