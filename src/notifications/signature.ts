import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Deliveries carry `X-Tracker-Timestamp` (Unix seconds) and
 * `X-Tracker-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>`.
 * Receivers recompute it and reject old timestamps to stop replays.
 */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verify(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
