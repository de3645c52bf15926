import { parseExpiresIn } from './expires-in';

describe('--expires-in', () => {
  it('reads days and hours', () => {
    expect(parseExpiresIn('90d')).toBe(90 * 24 * 3600 * 1000);
    expect(parseExpiresIn('12h')).toBe(12 * 3600 * 1000);
    expect(parseExpiresIn(' 1D ')).toBe(24 * 3600 * 1000);
    expect(parseExpiresIn('3650d')).toBe(3650 * 24 * 3600 * 1000);
  });

  it('refuses anything else, saying what it takes', () => {
    for (const wrong of ['90', 'd', '0d', '1.5d', '-1d', '90m', '2w', '90 days', '']) {
      expect(() => parseExpiresIn(wrong)).toThrow(`--expires-in must be a number of days or hours such as 90d or 12h, not "${wrong}"`);
    }
    expect(() => parseExpiresIn('3651d')).toThrow('at most 3650d');
  });
});
