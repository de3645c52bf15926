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

describe('fallback channel contacts are clean text on one line, whatever the kind', () => {
  const kinds = ['phone', 'email', 'fax', 'web_form', 'in_person', 'chat_platform', 'website', 'postal'] as const;
  const hostile = ['0120-000-000\u0000', 'a\u0000@example.jp', 'https://example.jp/\u0000', 'https://example.jp/\ta', '大阪市北区\n中之島1-3-20', '大阪市\u202e北区', '大阪市\ud800', '大阪市\u0085', '大阪市\ufdd0'];
  it.each(kinds)('%s: refuses control characters, line breaks, lone surrogates, non-characters and bidi controls', (kind) => {
    for (const contact of hostile) expect({ contact, problem: contactProblem(kind, contact) }).toEqual({ contact, problem: expect.any(String) });
  });

  it('accepts a Japanese address with full-width forms for in_person and postal', () => {
    expect(contactProblem('postal', '〒530-8201 大阪市北区中之島１丁目３－２０ 大阪市役所')).toBeNull();
    expect(contactProblem('in_person', '札幌市中央区北1条西2丁目 𠮷野ビル3階')).toBeNull();
  });

  it('accepts a URL with a Japanese path for web_form and website', () => {
    expect(contactProblem('web_form', 'https://www.city.osaka.lg.jp/相談/フォーム')).toBeNull();
  });
});
