import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { UuidPipe } from '../common/params';
import { UUID } from '../common/text';
import { HoursInterchangeService } from './hours-interchange.service';

export class OpeningHoursQuery {
  @ApiPropertyOptional({ description: '"line" (default): the LINE service\'s hours; a fallback channel\'s id: its hours.', example: 'line' })
  @Matches(new RegExp(`^line$|${UUID.source}`, 'i'), { message: 'must be "line" or the id of one of the service\'s fallback channels' })
  of: string = 'line';
}

@ApiTags('services')
@ApiBadRequestResponse({ description: 'Bad input; details name each field.' })
@Controller({ path: 'services/:id/hours', version: '1' })
export class HoursInterchangeController {
  constructor(private readonly interchange: HoursInterchangeService) {}

  @Get()
  @ApiOkResponse({ description: 'The LINE service\'s and its current fallback channels\' hours: canonical JSON, OSM opening_hours where it maps (else what does not), schema.org OpeningHoursSpecification.' })
  @ApiNotFoundResponse()
  exportOf(@Param('id', new UuidPipe()) id: string) { return this.interchange.exportOf(id); }

  // Text only on success: a @Header would also label the JSON error body as text.
  @Get('opening_hours')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The hours as an OSM opening_hours string.', type: String })
  @ApiUnprocessableEntityResponse({ description: 'The hours have parts with no one-to-one opening_hours form; details name each.' })
  @ApiNotFoundResponse({ description: 'No such service, channel of it, or no hours recorded.' })
  async openingHours(@Param('id', new UuidPipe()) id: string, @Query() query: OpeningHoursQuery, @Res({ passthrough: true }) res: Response) {
    const text = await this.interchange.openingHoursOf(id, query.of.toLowerCase());
    res.type('text/plain; charset=utf-8');
    return text;
  }
}
