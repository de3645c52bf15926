import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { unauthorized } from '../common/errors';
import { textProblem, UUID } from '../common/text';
import { isValidLgCode, PREFECTURE_CODE } from '../local-governments/lg-code';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { AccessToken, Role, ROLES } from './access-token.entity';
import type { Actor } from './actor';
import { AccessTokensRepository } from './access-tokens.repository';

const TOKEN_FORMAT = /^lct_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  id: string;
  token: string;
  role: Role;
  scope: string | null;
  name: string;
}

@Injectable()
export class TokensService {

  constructor(
    private readonly tokens: AccessTokensRepository,
    private readonly localGovernments: LocalGovernmentsRepository,
  ) {}

  /**
   * The actor behind an Authorization header, or a 401 that says what is wrong with it.
   * The one check of bearer tokens: the API's guard and the queue dashboard both use it.
   */
  async authenticate(authorization: string | undefined, requestId: string): Promise<Actor> {
    if (!authorization) throw unauthorized('a bearer token is required');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const token = await this.findActive(match[1]);
    if (!token) throw unauthorized('the token is unknown or revoked');
    return { tokenId: token.id, name: token.name, role: token.role, scope: token.scope, requestId };
  }

  /** The live token for a bearer value, or null (unknown, malformed or revoked). */
  async findActive(token: string): Promise<AccessToken | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const found = await this.tokens.findByHash(hashToken(token));
    return found && !found.revokedAt ? found : null;
  }

  async issue(role: string, scope: string | undefined, name: string): Promise<IssuedToken> {
    const normalizedScope = await this.checkScope(role, scope);
    if (!name.trim() || name.length > 200) throw new Error('--name must be 1 to 200 characters');
    // The name is shown as recordedBy on every write the token makes: clean text, like the API's.
    const nameProblem = textProblem(name.trim());
    if (nameProblem) throw new Error(`--name ${nameProblem}`);
    const token = `lct_${randomBytes(32).toString('base64url')}`;
    const saved = await this.tokens.insert({ name: name.trim(), role: role as Role, scope: normalizedScope, tokenHash: hashToken(token) });
    return { id: saved.id, token, role: saved.role, scope: saved.scope, name: saved.name };
  }

  /** Revokes the demo's earlier tokens (their names start with `prefix`). */
  revokeNamedWith(prefix: string): Promise<number> {
    return this.tokens.revokeNamedWith(prefix);
  }

  /** Returns false when there was no live token with that id. */
  async revoke(id: string): Promise<boolean> {
    if (!UUID.test(id)) throw new Error(`"${id}" is not a token id`);
    return this.tokens.revoke(id);
  }

  private async checkScope(role: string, scope: string | undefined): Promise<string | null> {
    if (!ROLES.includes(role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'ministry' || role === 'npo') {
      if (scope) throw new Error(`a ${role} token takes no --scope`);
      return null;
    }
    if (!scope) throw new Error(`a ${role} token needs --scope`);
    if (role === 'prefecture') {
      if (!PREFECTURE_CODE.test(scope)) throw new Error('--scope of a prefecture token is its 2-digit number, 01 to 47');
      return scope;
    }
    if (!isValidLgCode(scope)) throw new Error('--scope of a municipality token is its valid 6-digit local-government code');
    const lg = await this.localGovernments.findByCode(scope);
    if (!lg) throw new Error(`no local government has the code ${scope}`);
    if (lg.kind === 'prefecture') throw new Error(`${scope} is a prefecture: use --role prefecture --scope ${scope.slice(0, 2)}`);
    return scope;
  }
}
