import { createHmac } from 'node:crypto';
import { sign, verify } from './signature';
import { isPrivateAddress, webhookUrlProblem } from './url-guard';

describe('webhook signatures', () => {
  it('is the HMAC-SHA256 of timestamp and body', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(sign('whsec_test', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
    expect(verify('whsec_test', '1700000000', '{"a":1}', `sha256=${expected}`)).toBe(true);
    expect(verify('whsec_test', '1700000001', '{"a":1}', `sha256=${expected}`)).toBe(false);
    expect(verify('other', '1700000000', '{"a":1}', `sha256=${expected}`)).toBe(false);
  });
});

describe('webhook URL guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0'])('treats %s as private', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.1', '2001:4860:4860::8888'])('treats %s as public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('refuses loopback and private URLs unless allowed', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', false)).toMatch(/private/);
    expect(await webhookUrlProblem('http://localhost/hook', false)).toMatch(/private/);
    expect(await webhookUrlProblem('http://[::1]/hook', false)).toMatch(/private/);
    expect(await webhookUrlProblem('http://10.0.0.5/hook', false)).toMatch(/private/);
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await webhookUrlProblem('http://8.8.8.8/hook', false)).toBeNull();
    expect(await webhookUrlProblem('ftp://8.8.8.8/hook', false)).toMatch(/http/);
    expect(await webhookUrlProblem('http://user:pw@8.8.8.8/hook', false)).toMatch(/credentials/);
  });
});
