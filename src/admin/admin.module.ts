import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { HttpException, Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessModule } from '../access/access.module';
import { TokensService } from '../access/tokens.service';
import { requestIdOf } from '../common/request-id';
import { ALL_QUEUES } from '../jobs/jobs';

/**
 * Express middleware (Bull Board is no Nest route, so no guard runs): the API's own token
 * check, then only the ministry gets through. Refusals have the API's error body.
 */
function ministryOnly(tokens: TokensService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdOf(req);
    const deny = (statusCode: number, error: string, message: string) => res.status(statusCode).json({ statusCode, error, message, requestId });
    try {
      const actor = await tokens.authenticate(req.header('authorization'), requestId);
      if (actor.role !== 'ministry') return deny(403, 'Forbidden', 'the queue dashboard is for ministry tokens only');
      next();
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 401) return deny(401, 'Unauthorized', error.message);
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
