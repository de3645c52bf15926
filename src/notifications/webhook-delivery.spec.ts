import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AddressRefusedError } from './url-guard';
import { postWebhook, type WebhookPost } from './webhook-delivery';

/** A self-signed certificate for hooks.example.test (a test key, trusted by nobody). */
const TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgShNoEOv3C3/8WUj/
JqWSAugswLr2W/O18hUysWz0XM+hRANCAATdO6tMV41NOCV7JIt8VxUssBmsyHrj
0BFGfrStUBvfeQe7i5r13NXRl3vAuxnZiigpyjKuAW+7/luGZ59prTiH
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBsDCCAVagAwIBAgIULMFrRb0EztJ7/62F4sWgwHJV2LowCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSaG9va3MuZXhhbXBsZS50ZXN0MCAXDTI2MTEzMDExNDYzMVoY
DzIxMjYxMTA2MTE0NjMxWjAdMRswGQYDVQQDDBJob29rcy5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATdO6tMV41NOCV7JIt8VxUssBmsyHrj
0BFGfrStUBvfeQe7i5r13NXRl3vAuxnZiigpyjKuAW+7/luGZ59prTiHo3IwcDAd
BgNVHQ4EFgQUtgwO5tQUnDlZDmDnzKNH6OiVIvwwHwYDVR0jBBgwFoAUtgwO5tQU
nDlZDmDnzKNH6OiVIvwwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJob29r
cy5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIhANgCQ1kTOfGRTFT3kasl
CVVHvYCV7xoh9wEebA5qSB0TAiAxngQf33XHbLVA0nnTezWxLm0ePmy685srN4Oy
cQ/cug==
-----END CERTIFICATE-----`,
};

interface Receiver {
  port: number;
  requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  connections: number;
}

const servers: Server[] = [];

/** A receiver on loopback that counts every connection, not only the requests it gets. */
async function receiver(answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(204).end()): Promise<Receiver> {
  const state: Receiver = { port: 0, requests: [], connections: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(res);
    });
  });
  server.on('connection', () => (state.connections += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** A resolver with a script of answers, one per call, the last one repeated: a rebinding DNS server. */
function scripted(...answers: string[][]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async resolve(): Promise<LookupAddress[]> {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

const post = (over: Partial<WebhookPost> & Pick<WebhookPost, 'url' | 'resolver'>): Promise<number> =>
  postWebhook({ headers: { 'content-type': 'application/json' }, body: '{"id":"e1"}', timeoutMs: 2000, allowPrivate: false, ...over });

describe('webhook delivery', () => {
  it('connects to the address the resolver answered, and names the host in the request', async () => {
    const hook = await receiver();
    const dns = scripted(['127.0.0.1']);
    // allowPrivate lets the loopback receiver in; the name only exists in the scripted resolver.
    expect(await post({ url: `http://hooks.example.test:${hook.port}/in?x=1`, resolver: dns, allowPrivate: true })).toBe(204);
    expect(dns.calls).toBe(1);
    expect(hook.requests).toEqual([
      {
        method: 'POST',
        url: '/in?x=1',
        headers: expect.objectContaining({ host: `hooks.example.test:${hook.port}`, 'content-length': '11', 'content-type': 'application/json' }),
        body: '{"id":"e1"}',
      },
    ]);
  });

  it('refuses at connect time a name that resolves to loopback, and the receiver sees no connection', async () => {
    const hook = await receiver();
    const dns = scripted(['127.0.0.1']);
    await expect(post({ url: `http://hooks.example.test:${hook.port}/in`, resolver: dns })).rejects.toThrow(AddressRefusedError);
    expect(dns.calls).toBe(1);
    expect(hook.connections).toBe(0);
  });

  it('refuses a name with one private address among public ones, connecting nowhere', async () => {
    const hook = await receiver();
    await expect(post({ url: `http://hooks.example.test:${hook.port}/in`, resolver: scripted(['8.8.8.8', '127.0.0.1']) })).rejects.toThrow(
      'hooks.example.test resolves to an address that is not public',
    );
    expect(hook.connections).toBe(0);
  });

  it('resolves once per delivery: a name that answered public before and loopback now is refused', async () => {
    const hook = await receiver();
    const dns = scripted(['8.8.8.8'], ['127.0.0.1']);
    // The first answer is spent, as a subscription-time check would spend it.
    await dns.resolve();
    await expect(post({ url: `http://hooks.example.test:${hook.port}/in`, resolver: dns })).rejects.toThrow(AddressRefusedError);
    expect(dns.calls).toBe(2);
    expect(hook.connections).toBe(0);
  });

  it.each(['http://127.0.0.1:PORT/in', 'http://[::ffff:127.0.0.1]:PORT/in', 'http://[64:ff9b::7f00:1]:PORT/in', 'http://2130706433:PORT/in'])(
    'refuses the address literal %s without resolving',
    async (template) => {
      const hook = await receiver();
      const dns = scripted(['8.8.8.8']);
      await expect(post({ url: template.replace('PORT', String(hook.port)), resolver: dns })).rejects.toThrow(/is not a public address/);
      expect(dns.calls).toBe(0);
      expect(hook.connections).toBe(0);
    },
  );

  it('does not follow a redirect', async () => {
    const target = await receiver();
    const hook = await receiver((res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/elsewhere` }).end());
    expect(await post({ url: `http://127.0.0.1:${hook.port}/in`, resolver: scripted([]), allowPrivate: true })).toBe(302);
    expect(hook.requests).toHaveLength(1);
    expect(target.connections).toBe(0);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const hook = await receiver(() => undefined);
    await expect(post({ url: `http://127.0.0.1:${hook.port}/in`, resolver: scripted([]), allowPrivate: true, timeoutMs: 200 })).rejects.toThrow('no answer in 200 ms');
  });

  it('over https, sends the host name (SNI) and verifies the certificate as usual, though it connects to the pinned address', async () => {
    const serverNames: string[] = [];
    let requests = 0;
    const server = createTlsServer(
      {
        ...TLS,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null);
        },
      },
      (_req, res) => {
        requests += 1;
        res.end();
      },
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const failure = await post({ url: `https://hooks.example.test:${port}/in`, resolver: scripted(['127.0.0.1']), allowPrivate: true }).catch((e: NodeJS.ErrnoException) => e);
    // Nobody trusts this certificate: the delivery fails on it, before any request is sent.
    expect(failure).toEqual(expect.objectContaining({ code: expect.stringMatching(/CERT|SELF_SIGNED/) }));
    expect(serverNames).toEqual(['hooks.example.test']);
    expect(requests).toBe(0);
  });
});
