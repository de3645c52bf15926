import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidPipe } from '../common/params';
import { PREFECTURE_CODE } from '../local-governments/lg-code';
import { LgCodePipe } from '../local-governments/lg-code.pipe';
import { HomeQuery, PlacePageQuery } from './dto/page-queries';
import { PageExceptionFilter } from './page-exception.filter';
import { PagesService } from './pages.service';
import { PageRenderer } from './render';
import { CSS, CSS_PATH } from './styles';

const CSS_BODY = Buffer.from(CSS, 'utf8');

/** The public pages, in Japanese; HTML for people, beside the API's JSON. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class PagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get()
  async home(@Query() query: HomeQuery, @Res() res: Response) { this.renderer.send(res, '@home', await this.pages.home(query)); }

  /** A local-government code; a prefecture's number (/places/01) is sent on to its page. */
  @Get('places/:code')
  async place(@Param('code') code: string, @Query() query: PlacePageQuery, @Res() res: Response) {
    if (PREFECTURE_CODE.test(code)) return res.redirect(301, await this.pages.prefecturePath(code));
    this.renderer.send(res, '@place', await this.pages.place(new LgCodePipe().transform(code), query));
  }

  @Get('services/:id')
  async service(@Param('id', new UuidPipe()) id: string, @Res() res: Response) { this.renderer.send(res, '@service', await this.pages.service(id)); }

  /** The style sheet, under its hash: cached for a year, a new name when it changes. */
  @Get(CSS_PATH.slice(1))
  css(@Res() res: Response) {
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.end(CSS_BODY);
  }
}
