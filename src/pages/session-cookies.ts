import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** The session's cookie: a random id, HttpOnly, SameSite=Strict, for the whole site. */
export const SESSION_COOKIE = 'lt_session';
/** The sign-in form's own CSRF cookie (double submit), before there is a session: only sent back to /signin. */
export const SIGNIN_COOKIE = 'lt_signin';
/** A session lasts a working day from sign-in, however active: then sign in again. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const SIGNIN_TTL_SECONDS = 60 * 60;
/** 32 random bytes, base64url: the session id, the CSRF secrets. */
const RANDOM = /^[A-Za-z0-9_-]{43}$/;

export const randomSecret = (): string => randomBytes(32).toString('base64url');
export const isRandomSecret = (value: string | undefined): value is string => value !== undefined && RANDOM.test(value);
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A cookie of the request (no cookie-parser: one header, read here). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Secure when the request came over TLS: req.secure, which behind a TLS-terminating proxy
 * reads X-Forwarded-Proto only when TRUST_PROXY is set. Plain http (http://127.0.0.1 in
 * development and the tests) gets the cookie without it, or it would never come back.
 */
function cookieOptions(req: Request, path: string, seconds: number) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path, maxAge: seconds * 1000 };
}

export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req, '/', SESSION_TTL_SECONDS));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { ...cookieOptions(req, '/', 0), maxAge: undefined });
}

/** The sign-in form's CSRF value: the one its cookie holds, or a new one set now. */
export function signInCsrf(req: Request, res: Response): string {
  const current = readCookie(req, SIGNIN_COOKIE);
  if (isRandomSecret(current)) return current;
  const fresh = randomSecret();
  res.cookie(SIGNIN_COOKIE, fresh, cookieOptions(req, '/signin', SIGNIN_TTL_SECONDS));
  return fresh;
}

export function clearSignInCookie(req: Request, res: Response): void {
  res.clearCookie(SIGNIN_COOKIE, { ...cookieOptions(req, '/signin', 0), maxAge: undefined });
}

/** Two secrets compared in constant time (their hashes, so that lengths never differ). */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/**
 * Whether a form post comes from our own pages: its Origin, when the browser sends one,
 * must be this site's, and Sec-Fetch-Site, when sent, must not say another site. Browsers
 * send Origin on every POST; a client without one still needs the CSRF token.
 */
export function fromOurOrigin(req: Request): boolean {
  const site = req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.header('origin');
  return origin === undefined || origin === `${req.protocol}://${req.get('host')}`;
}
