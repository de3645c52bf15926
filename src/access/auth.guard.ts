import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { unauthorized } from '../common/errors';
import { requestIdOf } from '../common/request-id';
import { Actor } from './actor';
import { TokensService } from './tokens.service';

type RequestWithActor = Request & { actor?: Actor };

@Injectable()
export class TokenGuard implements CanActivate {
  constructor(private readonly tokens: TokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    req.actor = await this.tokens.authenticateRequest(req, requestIdOf(req));
    return true;
  }
}

/**
 * The handler needs a valid bearer token; jurisdiction is checked by the service. Pass
 * `{ forbidden: false }` where no 403 can come back (what a token may not see is a 404).
 */
export const Authenticated = (options: { forbidden?: boolean } = {}) =>
  applyDecorators(
    UseGuards(TokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, a malformed one, a revoked one or an expired one.' }),
    ...(options.forbidden === false ? [] : [ApiForbiddenResponse({ description: 'The token may not do this here.' })]),
  );

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw unauthorized('a bearer token is required');
  return actor;
});
