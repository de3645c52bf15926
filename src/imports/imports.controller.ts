import { Body, Controller, Get, Header, Headers, HttpCode, HttpStatus, Post, Query, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { ApiError } from '../common/errors';
import { render } from '../i18n/messages';
import { columnsMarkdown, templateCsv } from './columns';
import { ImportQuery, ImportResultDto, TemplateQuery } from './dto/import.dto';
import { ImportRejected, ImportRejectedFilter } from './import-errors';
import { ImportsService, MAX_IMPORT_ROWS } from './imports.service';
import { templateXlsx } from './template-xlsx';
import { XLSX_TYPE } from './xlsx';

/** The Content-Types an import is sent with; the file's bytes decide whether it is read as CSV or XLSX. */
export const IMPORT_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', XLSX_TYPE];

const DESCRIPTION = `A CSV or an Excel workbook (.xlsx) of status changes and fallback channels for many services, one per row, with a header row
(columns in any order, each named in English or in Japanese as the template has it; unknown ones are refused).
A CSV is UTF-8 (with or without a byte-order mark) or Shift_JIS as Excel writes it; detected, or forced with ?encoding=.
A workbook (Content-Type ${XLSX_TYPE}, or application/octet-stream: it is recognised by its zip signature) is read from its first visible sheet,
or the one named by ?sheet= (an unknown name is a 400 that lists the sheets). Its cells are read as the text they stand for: a date cell as its date
and time in Japan, a formula as its saved result, rich text and hyperlinks as their text; a number in 運営団体コード with five digits gets its
leading 0 back (10006 is 010006). Workbooks that unpack to more than 64 MB, or sheets of more than 60,000 rows, are refused.

Cells are trimmed (ideographic spaces too). Codes, ids, the words of a vocabulary, dates and hours are read with NFKC (full-width digits and letters
are the same as half-width); names, labels, notes, reasons, URLs and addresses are kept as written (a service's name is matched exactly as registered).
record_type, status and kind take the English values or the Japanese words (状態変更, 代替手段; 停止中 or 停止, 稼働中 or 稼働; 電話, メール …).
Dates and times may be written as Japanese offices write them: 2021/3/26, 2021/03/26 9:00, 2021-03-26 09:00, 2021年3月26日 9時, 令和3年3月26日,
令和元年5月1日, R3.3.26, H31.4.30, or an Excel date serial, read in Japan's time (Asia/Tokyo); ISO 8601 with an offset is read as it says.
A date alone is 0:00 that day, except in valid_until, where it means through that day (until 0:00 the next day). Impossible dates
(令和3年2月30日), 令和 dates before 2019-05-01 and 平成 dates after 2019-04-30 (平成32年: write 令和2年) are row errors.

Every row is checked first; if any is wrong nothing is applied and the answer (422; 400 for a file that is not an import at all)
lists every error, as details ("row 12: contact", with messageJa) and as errors [{ row, column, header, message, messageJa }]: column is the
column's English name, header the file's own header for it, messageJa the problem in Japanese naming the row and that header
(「5行目の「状態」：…」). Rows are numbered as the spreadsheet shows them (header = row 1).
Otherwise everything is applied in one transaction, with one audit entry per row (import.status_change, import.fallback_channel).
Rows already recorded are skipped: a status change with the same service, status, effective time (the same instant, however it is written) and reason
(not withdrawn); a channel with the same service, kind, label and contact that is not retired (or has the very same validity).
Uploading a file again adds nothing. At most ${MAX_IMPORT_ROWS} rows. Prefecture and municipality tokens, for the services in their jurisdiction.

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
  @ApiOperation({ summary: 'Import status changes and fallback channels from a CSV or an Excel workbook', description: DESCRIPTION })
  @ApiConsumes(...IMPORT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportResultDto, description: 'Something was applied.' })
  @ApiOkResponse({ type: ImportResultDto, description: 'Every row was already recorded; nothing was applied.' })
  @ApiBadRequestResponse({ description: "Not an import: empty, not CSV or XLSX, undecodable, an unknown sheet, or a header that is not an import's." })
  @ApiUnprocessableEntityResponse({ description: 'Some rows are wrong; nothing was applied. Every error is listed, in English and Japanese.' })
  async create(
    @CurrentActor() actor: Actor,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ImportQuery,
    @Body() body: Buffer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResultDto> {
    if (!Buffer.isBuffer(body)) {
      const type = contentType?.split(';')[0].trim().toLowerCase();
      if (type && !IMPORT_TYPES.includes(type)) {
        throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `send the file itself as the body, with Content-Type text/csv or ${XLSX_TYPE} (not ${type})`);
      }
      throw new ImportRejected(HttpStatus.BAD_REQUEST, render('import.file.empty'), []);
    }
    const { result, changed } = await this.imports.import(actor, body, { encoding: query.encoding, sheet: query.sheet });
    if (!changed) res.status(HttpStatus.OK);
    return result;
  }

  @Get('template.csv')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'The import template as CSV: the header and one example row (UTF-8 with a byte-order mark), in Japanese or (lang=en) English', description: `Columns:\n${columnsMarkdown()}` })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  template(@Query() query: TemplateQuery): StreamableFile {
    const lang = query.lang ?? 'ja';
    return new StreamableFile(templateCsv(lang), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="line-services-import-template${lang === 'en' ? '-en' : ''}.csv"` });
  }

  @Get('template.xlsx')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    summary: 'The import template as an Excel workbook, in Japanese',
    description: `Sheet 入力: the Japanese header (bold, frozen) and one example row marked （例）, drop-down lists on 記録の種類, 状態 and 代替手段の種類, codes and ids formatted as text. Sheet 説明: each column explained (required or not, for which rows, the values it takes, the date shapes accepted).\n\nColumns:\n${columnsMarkdown()}`,
  })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: XLSX_TYPE })
  async templateXlsx(): Promise<StreamableFile> {
    const body = await templateXlsx();
    return new StreamableFile(body, { type: XLSX_TYPE, disposition: 'attachment; filename="line-services-import-template.xlsx"', length: body.length });
  }
}
