import { checkDigit, describeCodeProblem, isValidLgCode, lgCodeProblem } from './lg-code';

describe('local-government codes', () => {
  it.each([
    ['010006', '北海道'],
    ['011002', '札幌市'],
    ['270008', '大阪府'],
    ['131130', '渋谷区'],
    ['313718', '琴浦町'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidLgCode(code)).toBe(true);
  });

  it('maps remainder 0 to 1 and remainder 1 to 0', () => {
    expect(checkDigit('00000')).toBe(1); // S = 0
    expect(checkDigit('00006')).toBe(0); // S = 12, 12 mod 11 = 1
    expect(checkDigit('00005')).toBe(1); // S = 10, (11 - 10) mod 10 = 1
  });

  it('rejects a wrong check digit and says which digit was expected', () => {
    expect(lgCodeProblem('011003')).toBe('check_digit');
    expect(describeCodeProblem('011003')).toContain('expected 2');
  });

  it.each(['01100', '0110022', 'abcdef', '', '01100x'])('rejects the malformed %p', (code) => {
    expect(lgCodeProblem(code)).toBe('format');
  });
});
