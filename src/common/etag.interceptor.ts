import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { etagOf } from './params';

/** A handler's result that carries the version of the service it belongs to. */
export class Versioned<T> {
  constructor(readonly body: T, readonly version: number) {}
}

/** Unwraps Versioned results into the body and an ETag header. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result) => {
        if (!(result instanceof Versioned)) return result;
        context.switchToHttp().getResponse<Response>().setHeader('ETag', etagOf(result.version));
        return result.body;
      }),
    );
  }
}
