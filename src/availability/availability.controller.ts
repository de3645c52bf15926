import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiNotModifiedResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { LgCodePipe } from '../local-governments/lg-code.pipe';
import { AvailabilityService } from './availability.service';
import { AvailabilityDto, AvailabilityQuery, FullAvailabilityDto, ScopeDto, ScopeQuery } from './dto/availability.dto';

@ApiTags('availability')
@ApiExtraModels(AvailabilityDto, FullAvailabilityDto)
@Controller({ version: '1' })
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** The hot path: the answer is written as bytes (no serialisation, no hashing of the body). */
  @Get('availability')
  @ApiOkResponse({
    description: 'What someone in this place can use at that time. Public. AvailabilityDto by default; FullAvailabilityDto with view=full.',
    schema: { oneOf: [{ $ref: getSchemaPath(AvailabilityDto) }, { $ref: getSchemaPath(FullAvailabilityDto) }] },
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an earlier answer to the same question: 304 while nothing it shows has changed.' })
  @ApiNotModifiedResponse({ description: 'Nothing the answer shows has changed since the ETag given.' })
  async get(@Query() query: AvailabilityQuery, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): Promise<void> {
    const { etag, written } = await this.availability.availability(query, ifNoneMatch);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (!written) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', written.body.length);
    // The buffer goes back to its pool once the socket has taken the bytes.
    res.end(written.body, written.release);
  }

  @Get('local-governments/:code/services')
  @ApiOkResponse({ type: ScopeDto, description: 'The services that reach a resident of this place (municipality, prefecture, national), without the time evaluation.' })
  services(@Param('code', new LgCodePipe()) code: string, @Query() query: ScopeQuery) { return this.availability.servicesOf(code, query); }
}
