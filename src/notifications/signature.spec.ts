import { createHmac } from 'node:crypto';
import { sign, verify } from './signature';

describe('webhook signatures', () => {
  it('is the HMAC-SHA256 of timestamp and body', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(sign('whsec_test', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
    expect(verify('whsec_test', '1700000000', '{"a":1}', `sha256=${expected}`)).toBe(true);
    expect(verify('whsec_test', '1700000001', '{"a":1}', `sha256=${expected}`)).toBe(false);
    expect(verify('other', '1700000000', '{"a":1}', `sha256=${expected}`)).toBe(false);
  });
});
