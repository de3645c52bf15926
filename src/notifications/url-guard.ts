import { Injectable } from '@nestjs/common';
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { nonPublicReason } from './special-addresses';

/** Every address a host name resolves to. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/**
 * How webhook host names are resolved: the operating system's resolver (hosts file included), as
 * `fetch` would. A provider so that tests can answer what a rebinding DNS server would.
 */
@Injectable()
export class WebhookResolver {
  resolve(hostname: string): Promise<LookupAddress[]> {
    return lookup(hostname, { all: true, order: 'verbatim' });
  }
}

const systemResolver = new WebhookResolver();

export const NOT_PUBLIC = 'must not point at a loopback, private or other non-public address';

/**
 * A host, or an address it resolved to, that a webhook may not reach. For a host name the message
 * does not say which address it resolved to: that would let a caller map our internal DNS.
 */
export class AddressRefusedError extends Error {
  readonly code = 'EWEBHOOKREFUSED';
  constructor(host: string, address: string) {
    super(isIP(host) ? `${host} is not a public address (${nonPublicReason(address)})` : `${host} resolves to an address that is not public`);
    this.name = 'AddressRefusedError';
  }
}

/** Throws unless every address is public: one private answer among public ones is enough to refuse. */
export function assertPublic(host: string, addresses: readonly string[]): void {
  const refused = addresses.find((address) => nonPublicReason(address) !== null);
  if (refused !== undefined) throw new AddressRefusedError(host, refused);
}

/** The host of a URL as an address or a name, without the brackets of an IPv6 literal. */
export const bareHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Why a webhook URL may not be used, or null. At subscription time names are resolved and every
 * address must be public; each delivery checks again and connects only to what it checked
 * (guardedLookup), so a name that later resolves elsewhere (DNS rebinding) gets nothing.
 */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean, resolver: Pick<WebhookResolver, 'resolve'> = systemResolver): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (allowPrivate) return null;
  const host = bareHost(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return NOT_PUBLIC;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolver.resolve(host)).map((a) => a.address);
  } catch {
    return 'has a host name that does not resolve';
  }
  try {
    assertPublic(host, addresses);
    return null;
  } catch {
    return NOT_PUBLIC;
  }
}

/**
 * A `lookup` for node:net that resolves the name once, refuses the connection unless every
 * address is public, and hands the socket exactly the addresses it checked: the connection goes
 * to an address that was checked, at the moment it was checked. Node does not call `lookup` for
 * an IP literal: those are checked before connecting (see postWebhook).
 */
export function guardedLookup(resolver: Pick<WebhookResolver, 'resolve'>, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolver.resolve(hostname).then(
      (answers) => {
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = answers.filter((a) => wanted === 0 || a.family === wanted);
        try {
          if (!allowPrivate) assertPublic(hostname, answers.map((a) => a.address));
          if (usable.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        } catch (error) {
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
