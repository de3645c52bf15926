import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { HttpException, Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessModule } from '../access/access.module';
import { TokensService } from '../access/tokens.service';
import { requestIdOf } from '../common/request-id';
import { ALL_QUEUES } from '../jobs/jobs';
import { PageSessionModule } from '../pages/page-session.module';
import { PageSessionsService } from '../pages/page-sessions.service';
import { fromOurOrigin, readCookie, SESSION_COOKIE } from '../pages/session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Express middleware (Bull Board is no Nest route, so no guard runs): the API's own token
 * check when an Authorization header is sent (scripts), else the signed-in pages' session
 * (a person, from the dashboard's link); either way only the ministry gets through.
 * Bull Board's own writes (retry, clean) under a session must come from this site
 * (Origin), besides the cookie's SameSite=Strict. Refusals have the API's error body; a
 * browser without a session is sent to the sign-in form.
 */
function ministryOnly(tokens: TokensService, sessions: PageSessionsService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdOf(req);
    const deny = (statusCode: number, error: string, message: string) => res.status(statusCode).json({ statusCode, error, message, requestId });
    try {
      if (req.header('authorization') === undefined) {
        const session = await sessions.resolve(readCookie(req, SESSION_COOKIE), requestId);
        if (!session) {
          if (SAFE_METHODS.has(req.method) && req.accepts(['json', 'html']) === 'html') return res.redirect(303, '/signin');
          return deny(401, 'Unauthorized', 'a bearer token or a ministry session is required');
        }
        if (session.role !== 'ministry') return deny(403, 'Forbidden', 'the queue dashboard is for the ministry only');
        if (!SAFE_METHODS.has(req.method) && !fromOurOrigin(req)) return deny(403, 'Forbidden', 'the request did not come from this site');
        res.setHeader('Cache-Control', 'no-store');
        return next();
      }
      const actor = await tokens.authenticate(req.header('authorization'), requestId);
      if (actor.role !== 'ministry') return deny(403, 'Forbidden', 'the queue dashboard is for ministry tokens only');
      next();
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 401) return deny(401, 'Unauthorized', error.message);
      next(error);
    }
  };
}

/** Bull Board at /admin/queues, for ministry tokens and ministry sessions. */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AccessModule, PageSessionModule],
      inject: [TokensService, PageSessionsService],
      useFactory: (tokens: TokensService, sessions: PageSessionsService) => ({ route: '/admin/queues', adapter: ExpressAdapter, middleware: ministryOnly(tokens, sessions) }),
    }),
    ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
})
export class AdminModule {}
