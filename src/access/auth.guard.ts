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
    const header = req.header('authorization');
    if (!header) throw unauthorized('a bearer token is required');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const token = await this.tokens.findActive(match[1]);
    if (!token) throw unauthorized('the token is unknown or revoked');
    req.actor = { tokenId: token.id, name: token.name, role: token.role, scope: token.scope, requestId: requestIdOf(req) };
    return true;
  }
}

/** The handler needs a valid bearer token; jurisdiction is checked by the service. */
export const Authenticated = () =>
  applyDecorators(
    UseGuards(TokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, a malformed one, or a revoked one.' }),
    ApiForbiddenResponse({ description: 'The token may not do this here.' }),
  );

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw unauthorized('a bearer token is required');
  return actor;
});
