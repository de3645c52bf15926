import { parseTrustProxy, trustProxyProblem } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('takes a hop count, a list of proxy addresses and ranges, or nothing', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 172.16.0.5,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '172.16.0.5', 'fd00::/8', 'loopback']);
    for (const none of ['', 'false', '0', 'off']) expect(parseTrustProxy(none)).toBe(false);
    for (const ok of ['1', '10.0.0.0/8,172.16.0.5', '::1', 'uniquelocal', 'false', '']) expect(trustProxyProblem(ok)).toBeNull();
  });

  it('refuses blanket trust with a message that says what to give instead', () => {
    for (const blanket of ['true', 'TRUE', 'yes', '*', 'all']) {
      expect(trustProxyProblem(blanket)).toMatch(/lets a client choose its own address.*number of proxies/);
    }
  });

  it('names the entries that are not addresses', () => {
    expect(trustProxyProblem('10.0.0.0/8,proxy.example,10.0.0.0/33,1.2.3')).toBe(
      'has entries that are neither an address nor a CIDR range (nor loopback, linklocal, uniquelocal): proxy.example, 10.0.0.0/33, 1.2.3',
    );
    expect(trustProxyProblem('11')).toMatch(/at most 10/);
  });
});
