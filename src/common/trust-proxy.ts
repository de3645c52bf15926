import { isIP } from 'node:net';

/** express' names for address ranges (proxy-addr), usable in TRUST_PROXY. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const BLANKET = new Set(['true', 'yes', 'on', 'all', '*']);
const NONE = new Set(['', 'false', 'no', 'off', '0']);
const MAX_HOPS = 10;

/**
 * What express' `trust proxy` is given: how many proxies stand in front of the API (the
 * client is the address the outermost trusted one saw), the addresses of the proxies, or
 * false (no proxy: the client is the socket's peer). Never `true`, which trusts every
 * X-Forwarded-For entry, so a client could choose its own address.
 */
export type TrustProxy = number | string[] | false;

/** Why a TRUST_PROXY value is refused, or null. */
export function trustProxyProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a hop count or a comma-separated list of proxy addresses';
  const text = value.trim().toLowerCase();
  if (BLANKET.has(text)) {
    return `must not be "${value}": trusting every X-Forwarded-For hop lets a client choose its own address. Give the number of proxies in front of the API (1) or their addresses (10.0.0.0/8,172.16.0.5)`;
  }
  if (NONE.has(text)) return null;
  if (/^\d+$/.test(text)) return Number(text) <= MAX_HOPS ? null : `must be a hop count of at most ${MAX_HOPS}`;
  const wrong = entries(text).filter((entry) => !isProxyAddress(entry));
  if (wrong.length) return `has entries that are neither an address nor a CIDR range (nor loopback, linklocal, uniquelocal): ${wrong.join(', ')}`;
  return null;
}

/** The setting for express; the value must have passed trustProxyProblem. */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (NONE.has(text)) return false;
  if (/^\d+$/.test(text)) return Number(text);
  return entries(text);
}

function entries(text: string): string[] {
  return text.split(',').map((e) => e.trim()).filter(Boolean);
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
