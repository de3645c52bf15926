import { contactProblem, isJapanesePhoneNumber } from './contact';

describe('fallback channel contacts', () => {
  it.each(['0120-123-456', '0120123456', '03-1234-5678', '(03) 1234-5678', '090-1234-5678', '0570-064-556', '189', '110'])('accepts the phone number %s', (n) => {
    expect(isJapanesePhoneNumber(n)).toBe(true);
  });

  it.each(['0120-123-45', '03-1234-567', '+81-3-1234-5678', 'call us', '1891', '00-1234-5678', '090-1234-567'])('rejects the phone number %s', (n) => {
    expect(isJapanesePhoneNumber(n)).toBe(false);
  });

  it('accepts an empty contact for every kind: the detail is not known', () => {
    for (const kind of ['phone', 'email', 'fax', 'website', 'chat_platform'] as const) expect(contactProblem(kind, '')).toBeNull();
  });

  it('checks e-mail addresses and URLs by kind', () => {
    expect(contactProblem('email', 'soudan@pref.osaka.lg.jp')).toBeNull();
    expect(contactProblem('email', 'not-an-address')).toMatch(/e-mail/);
    expect(contactProblem('website', 'https://www.city.sapporo.jp/')).toBeNull();
    expect(contactProblem('website', 'javascript:alert(1)')).toMatch(/URL/);
    expect(contactProblem('phone', 'soudan@example.jp')).toMatch(/phone/);
  });
});
