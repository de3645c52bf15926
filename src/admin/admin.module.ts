import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessModule } from '../access/access.module';
import { TokensService } from '../access/tokens.service';
import { requestIdOf } from '../common/request-id';
import { ALL_QUEUES } from '../jobs/jobs';

/** Express middleware: only a live ministry token gets through. */
function ministryOnly(tokens: TokensService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const deny = (statusCode: 401 | 403, error: string, message: string) => res.status(statusCode).json({ statusCode, error, message, requestId: requestIdOf(req) });
    const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    if (!match) return deny(401, 'Unauthorized', 'a ministry bearer token is required');
    try {
      const token = await tokens.findActive(match[1]);
      if (!token) return deny(401, 'Unauthorized', 'the token is unknown or revoked');
      if (token.role !== 'ministry') return deny(403, 'Forbidden', 'the queue dashboard is for ministry tokens only');
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Bull Board at /admin/queues, for ministry tokens. */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AccessModule],
      inject: [TokensService],
      useFactory: (tokens: TokensService) => ({ route: '/admin/queues', adapter: ExpressAdapter, middleware: ministryOnly(tokens) }),
    }),
    ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
})
export class AdminModule {}
