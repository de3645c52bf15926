import { parseTrustProxy, trustProxyProblem } from './trust-proxy';
import { validateConfig } from '../config/app-config';

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

describe('TRUST_PROXY at boot', () => {
  it('stops the process on blanket trust, naming the setting', () => {
    expect(() => validateConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: TRUST_PROXY must not be "true": trusting every X-Forwarded-For hop/);
    expect(validateConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(validateConfig({ TRUST_PROXY: '10.0.0.0/8,172.16.0.5' }).trustProxy).toEqual(['10.0.0.0/8', '172.16.0.5']);
    expect(validateConfig({}).trustProxy).toBe(false);
  });
});
