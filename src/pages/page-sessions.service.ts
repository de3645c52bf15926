import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/actor';
import { TokensService } from '../access/tokens.service';
import { PageSessionsRepository } from './page-sessions.repository';
import { isRandomSecret, randomSecret, SESSION_TTL_SECONDS, sha256 } from './session-cookies';

/** A signed-in person: who (their token's actor) and their session's CSRF secret. */
export interface PageSession {
  actor: Actor;
  role: 'ministry' | 'prefecture';
  csrf: string;
  expiresAt: Date;
}

export type SignIn = { ok: true; sessionId: string; session: Omit<PageSession, 'actor'> & { actor: Omit<Actor, 'requestId'> } } | { ok: false; reason: 'unknown' | 'role' };

/** The roles the signed-in pages are for: the national picture and a prefecture's. */
const PAGE_ROLES = new Set(['ministry', 'prefecture']);

/**
 * Sessions of the signed-in pages. A token is exchanged once for a random session id
 * (the cookie); the database keeps only its SHA-256. Every request re-reads the session
 * and checks its token is still live, so revoking a token ends its sessions at once.
 */
@Injectable()
export class PageSessionsService {
  constructor(
    private readonly tokens: TokensService,
    private readonly sessions: PageSessionsRepository,
  ) {}

  /** The token's check is the API's own (TokensService); only ministry and prefecture tokens get a session. */
  async signIn(token: string): Promise<SignIn> {
    const found = await this.tokens.findActive(token);
    if (!found) return { ok: false, reason: 'unknown' };
    if (!PAGE_ROLES.has(found.role)) return { ok: false, reason: 'role' };
    const role = found.role as 'ministry' | 'prefecture';
    // The dead sessions go now, all at once: sign-ins are rare, and the table stays small.
    await this.sessions.deleteDead();
    const sessionId = randomSecret();
    const csrf = randomSecret();
    await this.sessions.insert({ sessionHash: sha256(sessionId), tokenId: found.id, role, scope: found.scope, csrfSecret: csrf, ttlSeconds: SESSION_TTL_SECONDS });
    return {
      ok: true,
      sessionId,
      session: { actor: { tokenId: found.id, name: found.name, role, scope: found.scope }, role, csrf, expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000) },
    };
  }

  /** The live session of a cookie's id, or null (none, malformed, expired, signed out, or its token revoked). */
  async resolve(sessionId: string | undefined, requestId: string): Promise<PageSession | null> {
    if (!isRandomSecret(sessionId)) return null;
    const row = await this.sessions.touch(sha256(sessionId));
    if (!row) return null;
    return { actor: { tokenId: row.token_id, name: row.token_name, role: row.role, scope: row.scope, requestId }, role: row.role, csrf: row.csrf_secret, expiresAt: row.expires_at };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (isRandomSecret(sessionId)) await this.sessions.delete(sha256(sessionId));
  }
}
