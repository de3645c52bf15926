import { httpUrlProblem, isHttpUrl } from './url';

describe('http(s) URLs', () => {
  it.each([
    'https://www.city.sapporo.jp/kodomo/soudan.html',
    'http://example.jp',
    'https://相談.example.jp/窓口?q=こころ#😀',
    'https://www.pref.osaka.lg.jp/path%20with%20escapes',
    `https://example.jp/${'a'.repeat(2048 - 'https://example.jp/'.length)}`,
  ])('accepts %s', (url) => {
    expect(httpUrlProblem(url)).toBeNull();
  });

  it.each([
    ['NUL (the parser would percent-encode it)', 'https://example.jp/\u0000', /control characters/],
    ['a tab (the parser would drop it)', 'https://exam\tple.jp/', /single line/],
    ['a line break (the parser would drop it)', 'https://example.jp/a\nb', /single line/],
    ['a C1 control', 'https://example.jp/\u0085', /control characters/],
    ['DEL', 'https://example.jp/\u007f', /control characters/],
    ['a lone surrogate', 'https://example.jp/\ud800', /lone surrogate/],
    ['a reversed pair', 'https://example.jp/\ude00\ud83d', /lone surrogate/],
    ['a non-character', 'https://example.jp/\uffff', /non-characters/],
    ['a bidi override', 'https://example.jp/\u202egpj.exe', /bidirectional/],
    ['surrounding spaces (the parser would strip them)', ' https://example.jp/ ', /space/],
    ['a leading ideographic space', '\u3000https://example.jp/', /space/],
    ['another scheme', 'javascript:alert(1)', /http\(s\) URL/],
    ['ftp', 'ftp://example.jp/', /http\(s\) URL/],
    ['no host', 'http://', /http\(s\) URL/],
    ['a relative URL', '//example.jp/', /http\(s\) URL/],
    ['more than 2,048 characters', `https://example.jp/${'a'.repeat(2048)}`, /at most 2,048/],
  ])('refuses %s', (_, url, message) => {
    expect(httpUrlProblem(url)).toMatch(message);
    expect(isHttpUrl(url)).toBe(false);
  });
});
