import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { ApiError, unauthorized } from '../common/errors';
import { render } from '../i18n/messages';
import { textProblem, UUID } from '../common/text';
import { isValidLgCode, PREFECTURE_CODE } from '../local-governments/lg-code';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { ORGANIZATION_CODE } from '../organizations/organization-code';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { AccessToken, Role, ROLES } from './access-token.entity';
import type { Actor } from './actor';
import { AccessTokensRepository } from './access-tokens.repository';
import { TokenListing, toListing } from './token-list';

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
  expiresAt: Date | null;
}

/** What a request's Authorization header comes to. */
export type TokenCheck = { ok: true; token: AccessToken } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'expired'; expiresAt?: Date };

/** How often one process records a token's use (the database keeps it to the same, across instances). */
export const LAST_USED_EVERY_MS = 60_000;

const EXPIRY_JA = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });

@Injectable()
export class TokensService {
  private readonly logger = new Logger('Tokens');
  /** When this process last recorded each token's use. */
  private readonly usesNoted = new Map<string, number>();
  /** One check per request, however many ask (the write rate limit, then the guard). */
  private readonly checked = new WeakMap<object, Promise<TokenCheck>>();

  constructor(
    private readonly tokens: AccessTokensRepository,
    private readonly localGovernments: LocalGovernmentsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /**
   * The actor behind an Authorization header, or a 401 that says what is wrong with it.
   * The one check of bearer tokens: the API's guard and the queue dashboard both use it.
   */
  async authenticate(authorization: string | undefined, requestId: string): Promise<Actor> {
    return toActor(await this.check(authorization), requestId);
  }

  /** authenticate() for a request, checked once per request. */
  async authenticateRequest(req: Request, requestId: string): Promise<Actor> {
    return toActor(await this.checkRequest(req), requestId);
  }

  /** check() of a request's Authorization header, memoised on the request. */
  checkRequest(req: Request): Promise<TokenCheck> {
    let check = this.checked.get(req);
    if (!check) this.checked.set(req, (check = this.check(req.header('authorization'))));
    return check;
  }

  async check(authorization: string | undefined): Promise<TokenCheck> {
    if (!authorization) return { ok: false, reason: 'missing' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed' };
    const token = TOKEN_FORMAT.test(match[1]) ? await this.tokens.findByHash(hashToken(match[1])) : null;
    if (!token || token.revokedAt) return { ok: false, reason: 'unknown' };
    if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired', expiresAt: token.expiresAt };
    await this.noteUse(token.id);
    return { ok: true, token };
  }

  /** The live token for a bearer value, or null (unknown, malformed, revoked or expired). */
  async findActive(token: string): Promise<AccessToken | null> {
    const check = await this.check(`Bearer ${token}`);
    return check.ok ? check.token : null;
  }

  /** Every token (never its secret nor its hash), oldest first. */
  async list(): Promise<TokenListing[]> {
    return (await this.tokens.list()).map(toListing);
  }

  /**
   * Keeps last_used_at to the minute without a write per request: this process writes at
   * most once a minute per token, and the write itself changes nothing when another
   * instance wrote within the minute. A failed write costs the request nothing.
   */
  private async noteUse(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.usesNoted.get(id) ?? -Infinity) < LAST_USED_EVERY_MS) return;
    this.usesNoted.set(id, now);
    try {
      await this.tokens.noteUse(id);
    } catch (error) {
      this.logger.warn(`last use of token ${id} not recorded: ${(error as Error).message}`);
    }
  }

  /** `expiresInMs`: from now (parseExpiresIn); omitted, the token does not expire. */
  async issue(role: string, scope: string | undefined, name: string, expiresInMs?: number): Promise<IssuedToken> {
    const normalizedScope = await this.checkScope(role, scope);
    if (!name.trim() || name.length > 200) throw new Error('--name must be 1 to 200 characters');
    // The name is shown as recordedBy on every write the token makes: clean text, like the API's.
    const nameProblem = textProblem(name.trim());
    if (nameProblem) throw new Error(`--name ${nameProblem}`);
    const token = `lct_${randomBytes(32).toString('base64url')}`;
    const saved = await this.tokens.insert({ name: name.trim(), role: role as Role, scope: normalizedScope, tokenHash: hashToken(token), expiresAt: expiresInMs === undefined ? null : new Date(Date.now() + expiresInMs) });
    return { id: saved.id, token, role: saved.role, scope: saved.scope, name: saved.name, expiresAt: saved.expiresAt };
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
    if (role === 'ministry') {
      if (scope) throw new Error('a ministry token takes no --scope');
      return null;
    }
    // Unscoped, an npo token reads and subscribes but writes no service; scoped, it writes its organisation's.
    if (role === 'npo') {
      if (!scope) return null;
      if (!ORGANIZATION_CODE.test(scope)) throw new Error('--scope of an npo token is its organisation\'s code, such as dxp');
      if (!(await this.organizations.exists(scope))) throw new Error(`no organisation has the code ${scope} (register it first: POST /v1/organizations)`);
      return scope;
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

function toActor(check: TokenCheck, requestId: string): Actor {
  if (check.ok) return { tokenId: check.token.id, name: check.token.name, role: check.token.role, scope: check.token.scope, requestId };
  switch (check.reason) {
    case 'missing':
      throw unauthorized('a bearer token is required');
    case 'malformed':
      throw unauthorized('the Authorization header must be "Bearer <token>"');
    case 'unknown':
      throw unauthorized('the token is unknown or revoked');
    case 'expired': {
      const { message, messageJa } = render('error.401.expired', { expiresAt: check.expiresAt!.toISOString(), expiresAtJa: EXPIRY_JA.format(check.expiresAt!) });
      throw new ApiError(HttpStatus.UNAUTHORIZED, message, undefined, messageJa);
    }
  }
}
