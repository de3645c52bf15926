import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { assertPublic, bareHost, guardedLookup, type WebhookResolver } from './url-guard';

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: tests and local set-ups deliver to receivers on loopback. */
  allowPrivate: boolean;
  resolver: Pick<WebhookResolver, 'resolve'>;
}

/**
 * POSTs one delivery and answers the receiver's status code; rejects with a message fit for the
 * delivery log. node:http rather than `fetch`: Node's built-in `fetch` takes no `lookup` (that
 * needs the `undici` package's Agent), while node:http/https take a `lookup` that decides where
 * the socket connects. The request still names the host (Host header, TLS SNI and certificate
 * check against the host name); only the address it connects to is pinned. Redirects are not
 * followed (node:http never does), a fresh connection is made each time (no pooled socket
 * skips the check), and the timeout covers resolution, connection and the answer's head.
 */
export async function postWebhook(post: WebhookPost): Promise<number> {
  const url = new URL(post.url);
  const host = bareHost(url);
  if (!post.allowPrivate && isIP(host)) assertPublic(host, [host]);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(post.timeoutMs);
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(post.resolver, post.allowPrivate),
        signal,
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error) => reject(signal.aborted ? new Error(`no answer in ${post.timeoutMs} ms`) : error));
    req.end(post.body);
  });
}
