import { Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { requestIdOf } from '../common/request-id';
import { DashboardService } from './dashboard.service';
import { SignInPageQuery } from './dto/dashboard-queries';
import { formField } from './form-body';
import { PageExceptionFilter } from './page-exception.filter';
import { PageSessionsService } from './page-sessions.service';
import { PageRenderer } from './render';
import { clearSessionCookie, clearSignInCookie, fromOurOrigin, readCookie, sameSecret, SESSION_COOKIE, SESSION_TTL_SECONDS, setSessionCookie, SIGNIN_COOKIE, signInCsrf } from './session-cookies';

/** What the sign-in form says when it comes back, and with which status. */
const REFUSALS = {
  missing: { status: 400, error: 'アクセストークンを入力してください。' },
  unknown: { status: 401, error: 'アクセストークンが正しくないか、すでに無効になっています。発行されたトークンを、そのまま貼り付けてください。' },
  role: {
    status: 403,
    error: 'このページは、国（省庁）と都道府県のご担当者のためのものです。市区町村・支援団体のトークンではサインインできません。窓口の検索ページまたはデータのAPIをご利用ください。',
  },
  forged: { status: 403, error: 'フォームの有効期限が切れたか、ほかのサイトから送信されました。お手数ですが、もう一度サインインしてください。' },
} as const;

/**
 * Sign-in and sign-out of the signed-in pages. The token is posted once, in the body of a
 * same-origin form; it is never put in a URL, a page or a cookie, and never logged. The
 * form is protected before there is a session by a double-submit cookie (SIGNIN_COOKIE,
 * SameSite=Strict, only sent to /signin) and the Origin check; sign-out by the session's
 * own CSRF secret and the Origin check.
 */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class SessionController {
  constructor(
    private readonly sessions: PageSessionsService,
    private readonly dashboard: DashboardService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get('signin')
  async form(@Query() query: SignInPageQuery, @Req() req: Request, @Res() res: Response) {
    const session = await this.sessions.resolve(readCookie(req, SESSION_COOKIE), requestIdOf(req));
    if (session) return res.redirect(303, this.dashboard.landingOf(session));
    this.signInPage(req, res, 200, null, query.done === 'signed-out' ? 'サインアウトしました。' : null);
  }

  @Post('signin')
  @HttpCode(303)
  async signIn(@Req() req: Request, @Res() res: Response) {
    if (!fromOurOrigin(req) || !sameSecret(formField(req, 'csrf'), readCookie(req, SIGNIN_COOKIE) ?? '')) return this.refuse(req, res, 'forged');
    const token = formField(req, 'token')?.trim();
    if (!token) return this.refuse(req, res, 'missing');
    const result = await this.sessions.signIn(token);
    if (!result.ok) return this.refuse(req, res, result.reason);
    clearSignInCookie(req, res);
    setSessionCookie(req, res, result.sessionId);
    res.redirect(303, this.dashboard.landingOf({ ...result.session, actor: { ...result.session.actor, requestId: requestIdOf(req) } }));
  }

  /** Ends the session (its row deleted, its cookie cleared); a post without the session's CSRF value changes nothing. */
  @Post('signout')
  @HttpCode(303)
  async signOut(@Req() req: Request, @Res() res: Response) {
    const sessionId = readCookie(req, SESSION_COOKIE);
    const session = await this.sessions.resolve(sessionId, requestIdOf(req));
    if (!session) {
      clearSessionCookie(req, res);
      return res.redirect(303, '/signin');
    }
    if (!fromOurOrigin(req) || !sameSecret(formField(req, 'csrf'), session.csrf)) {
      return this.renderer.send(res, '@error', { title: '操作を受け付けられませんでした', message: REFUSALS.forged.error.replace('サインイン', '操作'), details: [], requestId: requestIdOf(req) }, 403);
    }
    await this.sessions.signOut(sessionId);
    clearSessionCookie(req, res);
    res.redirect(303, '/signin?done=signed-out');
  }

  private refuse(req: Request, res: Response, reason: keyof typeof REFUSALS): void {
    const { status, error } = REFUSALS[reason];
    this.signInPage(req, res, status, error, null);
  }

  private signInPage(req: Request, res: Response, status: number, error: string | null, notice: string | null): void {
    this.renderer.send(res, '@signin', { title: 'サインイン', csrf: signInCsrf(req, res), error, notice, hours: SESSION_TTL_SECONDS / 3600 }, status);
  }
}
