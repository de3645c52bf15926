import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { Response } from 'express';
import { CSS_PATH } from './styles';
import { TEMPLATES } from './templates';

/** The pages' security policy: no script at all, styles and images from here only, no framing. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Named templates of templates.ts, compiled once; the layout's data (title, style sheet) added to every page. */
@Injectable()
export class PageRenderer {
  private readonly eta = new Eta({ autoEscape: true, rmWhitespace: true, cache: true });

  constructor() {
    this.register(TEMPLATES);
  }

  /** Adds named templates (`@name`), compiled now: another module's pages (the dashboard's) with this layout and partials. */
  register(templates: Record<string, string>): void {
    for (const [name, text] of Object.entries(templates)) this.eta.loadTemplate(name, this.eta.compile(text));
  }

  html<T extends { title: string }>(template: string, data: T): string {
    return this.eta.render(template, { ...data, css: CSS_PATH });
  }

  /**
   * Sends a page: never cached without asking (a change made through the API shows on the
   * next load). A stricter Cache-Control already set stays (the signed-in pages' no-store).
   */
  send<T extends { title: string }>(res: Response, template: string, data: T, status = 200): void {
    const body = Buffer.from(this.html(template, data), 'utf8');
    res.status(status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }
}
