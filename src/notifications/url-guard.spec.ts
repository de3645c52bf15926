import type { LookupAddress } from 'node:dns';
import { AddressRefusedError, guardedLookup, NOT_PUBLIC, webhookUrlProblem } from './url-guard';

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

/** A resolver that answers from a table, as a DNS server would; no network. */
function resolverOf(table: Record<string, LookupAddress[]>) {
  const calls: string[] = [];
  return {
    calls,
    async resolve(hostname: string) {
      calls.push(hostname);
      const answers = table[hostname];
      if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return answers;
    },
  };
}

const dns = resolverOf({
  'public.example': [v4('8.8.8.8'), v6('2001:4860:4860::8888')],
  'mixed.example': [v4('8.8.8.8'), v4('127.0.0.1')],
  'nat64.example': [v6('64:ff9b::7f00:1')],
  'metadata.example': [v4('169.254.169.254')],
});

describe('webhook URL check at subscription time', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://sub.localhost/hook',
    'http://[::1]/hook',
    'http://10.0.0.5/hook',
    'http://2130706433/hook',
    'http://[64:ff9b::7f00:1]/',
    'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:8.8.8.8]/hook',
    'http://[::127.0.0.1]/hook',
    'http://[2002:7f00:1::]/hook',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
    'https://203.0.113.10/hook',
    'http://[2001:db8::1]/hook',
    'http://mixed.example/hook',
    'http://nat64.example/hook',
    'http://metadata.example/hook',
  ])('refuses %s', async (url) => {
    expect(await webhookUrlProblem(url, false, dns)).toBe(NOT_PUBLIC);
  });

  it('takes a URL whose every address is public', async () => {
    expect(await webhookUrlProblem('https://public.example/hook', false, dns)).toBeNull();
    expect(await webhookUrlProblem('http://8.8.8.8/hook', false, dns)).toBeNull();
    expect(await webhookUrlProblem('http://[2001:4860:4860::8888]:8080/hook', false, dns)).toBeNull();
  });

  it('says why a malformed URL is refused, also when private addresses are allowed', async () => {
    expect(await webhookUrlProblem('ftp://8.8.8.8/hook', true, dns)).toMatch(/http/);
    expect(await webhookUrlProblem('http://user:pw@8.8.8.8/hook', true, dns)).toMatch(/credentials/);
    expect(await webhookUrlProblem('not a url', true, dns)).toMatch(/absolute/);
    expect(await webhookUrlProblem('http://nowhere.example/hook', false, dns)).toMatch(/does not resolve/);
  });

  it('lets anything through with WEBHOOK_ALLOW_PRIVATE, without resolving', async () => {
    const calls = dns.calls.length;
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', true, dns)).toBeNull();
    expect(await webhookUrlProblem('http://mixed.example/hook', true, dns)).toBeNull();
    expect(dns.calls.length).toBe(calls);
  });
});

/** Calls the lookup the way node:net does and reports what it answered. */
function lookUp(lookup: ReturnType<typeof guardedLookup>, hostname: string, options: { all?: boolean; family?: number }) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
    lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe('guarded lookup at connect time', () => {
  const guarded = guardedLookup(dns, false);

  it('hands the socket the checked addresses, all of them or the first, of the family asked for', async () => {
    expect(await lookUp(guarded, 'public.example', { all: true })).toEqual({ error: null, address: [v4('8.8.8.8'), v6('2001:4860:4860::8888')], family: undefined });
    expect(await lookUp(guarded, 'public.example', {})).toEqual({ error: null, address: '8.8.8.8', family: 4 });
    expect(await lookUp(guarded, 'public.example', { family: 6 })).toEqual({ error: null, address: '2001:4860:4860::8888', family: 6 });
  });

  it('refuses when any address is not public, without saying which', async () => {
    for (const hostname of ['mixed.example', 'nat64.example', 'metadata.example']) {
      const { error } = await lookUp(guarded, hostname, { all: true });
      expect(error).toBeInstanceOf(AddressRefusedError);
      expect(error!.message).toBe(`${hostname} resolves to an address that is not public`);
    }
  });

  it('refuses even when the family asked for has only public addresses', async () => {
    const { error } = await lookUp(guardedLookup(resolverOf({ 'split.example': [v6('::1'), v4('8.8.8.8')] }), false), 'split.example', { family: 4 });
    expect(error).toBeInstanceOf(AddressRefusedError);
  });

  it('resolves at every connection: a name that turns private is refused the next time', async () => {
    let answer = v4('8.8.8.8');
    const rebinding = { resolve: async () => [answer] };
    const lookup = guardedLookup(rebinding, false);
    expect((await lookUp(lookup, 'rebind.example', {})).address).toBe('8.8.8.8');
    answer = v4('127.0.0.1');
    expect((await lookUp(lookup, 'rebind.example', {})).error).toBeInstanceOf(AddressRefusedError);
  });

  it('passes resolution errors on, and allows private addresses when told to', async () => {
    expect((await lookUp(guarded, 'nowhere.example', {})).error?.code).toBe('ENOTFOUND');
    expect(await lookUp(guardedLookup(dns, true), 'mixed.example', {})).toEqual({ error: null, address: '8.8.8.8', family: 4 });
  });
});
