import { ArgumentsHost, CanActivate, Catch, createParamDecorator, ExceptionFilter, ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { unauthorized } from '../common/errors';
import { requestIdOf } from '../common/request-id';
import { PageExceptionFilter } from './page-exception.filter';
import { PageSession, PageSessionsService } from './page-sessions.service';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from './session-cookies';

type RequestWithSession = Request & { pageSession?: PageSession };

/** A signed-in page: the cookie's session, live, with its token still live; else a 401 (to the sign-in form). */
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(private readonly sessions: PageSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithSession>();
    const session = await this.sessions.resolve(readCookie(req, SESSION_COOKIE), requestIdOf(req));
    if (!session) throw unauthorized('sign in first');
    req.pageSession = session;
    return true;
  }
}

export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): PageSession => {
  const session = context.switchToHttp().getRequest<RequestWithSession>().pageSession;
  if (!session) throw unauthorized('sign in first');
  return session;
});

/**
 * Errors of the signed-in pages: no session (none, expired, signed out, token revoked)
 * goes to the sign-in form, its dead cookie cleared; the rest are the pages' error pages.
 */
@Catch()
export class SignedInExceptionFilter implements ExceptionFilter {
  constructor(private readonly pages: PageExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof HttpException && exception.getStatus() === 401) {
      const req = host.switchToHttp().getRequest<Request>();
      const res = host.switchToHttp().getResponse<Response>();
      if (readCookie(req, SESSION_COOKIE) !== undefined) clearSessionCookie(req, res);
      res.redirect(303, '/signin');
      return;
    }
    this.pages.catch(exception, host);
  }
}
