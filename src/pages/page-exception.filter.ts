import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '../common/errors';
import { requestIdOf } from '../common/request-id';
import { PageRenderer } from './render';

/** Page query fields in the words of the form. */
const FIELDS: Record<string, string> = {
  q: '検索語',
  code: '地域コード',
  id: '窓口のID',
  date: '日付',
  time: '時刻',
  audience: '対象',
  category: '分類',
  cursor: 'ページの指定',
  from: '開始日',
  to: '終了日',
  done: 'ページの指定',
};

const PAGES: Record<number, { title: string; message: string }> = {
  400: { title: '入力を確かめてください', message: '次の項目を読み取れませんでした。' },
  403: { title: 'このページは表示できません', message: 'このページを見る権限がありません。国（省庁）は全国の、都道府県はその都道府県のページを見られます。' },
  404: { title: 'ページが見つかりません', message: 'お探しの地域や窓口は登録されていません。アドレスをお確かめください。' },
  429: { title: 'アクセスが集中しています', message: '少し時間をおいてから、もう一度お試しください。' },
  503: { title: 'ただいま表示できません', message: '少し時間をおいてから、もう一度お試しください。' },
};
const INTERNAL = { title: 'エラーが発生しました', message: '表示できませんでした。少し時間をおいてから、もう一度お試しください。' };

/**
 * Errors of the page routes as pages, in Japanese, with the status the API would give
 * (the API's routes keep their JSON errors: this filter is bound to the page controller).
 * Validation errors name the form's fields; unknown errors are logged and leak nothing.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly renderer: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(req);
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(`${req.method} ${req.originalUrl} [${requestId}]`, exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    const page = PAGES[status] ?? (status >= 500 ? INTERNAL : { title: '表示できません', message: 'このページは表示できません。' });
    const details = status === 400 && exception instanceof ApiError ? (exception.details ?? []).map((d) => `${FIELDS[d.field] ?? d.field}: ${d.messageJa ?? d.message}`) : [];
    if (status === 429 && exception instanceof HttpException) res.setHeader('Retry-After', res.getHeader('Retry-After') ?? '60');
    this.renderer.send(res, '@error', { ...page, details, requestId }, status);
  }
}
