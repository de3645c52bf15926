import { Body, Controller, Get, Header, Headers, HttpCode, HttpStatus, Post, Query, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { ApiError } from '../common/errors';
import { columnsMarkdown, templateCsv } from './columns';
import { ImportQuery, ImportResultDto } from './dto/import.dto';
import { ImportRejected, ImportRejectedFilter } from './import-errors';
import { ImportsService, MAX_IMPORT_ROWS } from './imports.service';

const CSV_TYPES = ['text/csv', 'application/csv', 'application/octet-stream'];

const DESCRIPTION = `A CSV of status changes and fallback channels for many services, one per row, with a header row (columns in any order; unknown ones are refused).
UTF-8 (with or without a byte-order mark) or Shift_JIS as Excel writes it; detected, or forced with ?encoding=.
Every row is checked first; if any is wrong nothing is applied and the answer (422; 400 for a file that is not an import at all)
lists every error, as details ("row 12: contact") and as errors [{ row, column, message }], rows numbered as a spreadsheet shows them (header = row 1).
Otherwise everything is applied in one transaction, with one audit entry per row (import.status_change, import.fallback_channel).
Rows already recorded are skipped: a status change with the same service, status, effective_at and reason (not withdrawn);
a channel with the same service, kind, label and contact that is not retired (or has the very same validity). Uploading a file again adds nothing.
At most ${MAX_IMPORT_ROWS} rows. Prefecture and municipality tokens, for the services in their jurisdiction.

Columns:
${columnsMarkdown()}`;

@ApiTags('imports')
@Controller({ path: 'imports', version: '1' })
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @Authenticated()
  @UseFilters(ImportRejectedFilter)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Import status changes and fallback channels from a CSV', description: DESCRIPTION })
  @ApiConsumes(...CSV_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportResultDto, description: 'Something was applied.' })
  @ApiOkResponse({ type: ImportResultDto, description: 'Every row was already recorded; nothing was applied.' })
  @ApiBadRequestResponse({ description: 'Not an import: empty, not CSV, undecodable, or a header that is not an import\'s.' })
  @ApiUnprocessableEntityResponse({ description: 'Some rows are wrong; nothing was applied. Every error is listed.' })
  async create(
    @CurrentActor() actor: Actor,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ImportQuery,
    @Body() body: Buffer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResultDto> {
    if (!Buffer.isBuffer(body)) {
      const type = contentType?.split(';')[0].trim().toLowerCase();
      if (type && !CSV_TYPES.includes(type)) {
        throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `send the CSV file itself as the body, with Content-Type text/csv (not ${type})`);
      }
      throw new ImportRejected(HttpStatus.BAD_REQUEST, 'the file is empty: it needs a header row and at least one data row', []);
    }
    const { result, changed } = await this.imports.import(actor, body, query.encoding);
    if (!changed) res.status(HttpStatus.OK);
    return result;
  }

  @Get('template.csv')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'The import template: the header and one example row (UTF-8 with a byte-order mark)', description: `Columns:\n${columnsMarkdown()}` })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  template(): StreamableFile {
    return new StreamableFile(templateCsv(), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="line-services-import-template.csv"' });
  }
}
