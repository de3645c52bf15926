/**
 * Japan's local-government codes (全国地方公共団体コード): five digits of JIS X 0401/0402
 * plus a check digit. Digits 1–5 are weighted 6,5,4,3,2; the check digit is
 * (11 - S mod 11) mod 10.
 */
export function checkDigit(firstFive: string): number {
  const sum = [...firstFive].reduce((s, d, i) => s + Number(d) * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

export type CodeProblem = 'format' | 'check_digit';

/** Why a string is not a valid local-government code, or null when it is one. */
export function lgCodeProblem(code: string): CodeProblem | null {
  if (!/^\d{6}$/.test(code)) return 'format';
  return checkDigit(code.slice(0, 5)) === Number(code[5]) ? null : 'check_digit';
}

export function isValidLgCode(code: string): boolean {
  return lgCodeProblem(code) === null;
}

export function describeCodeProblem(code: string): string | null {
  switch (lgCodeProblem(code)) {
    case 'format':
      return 'must be a 6-digit local-government code';
    case 'check_digit':
      return `has a wrong check digit (expected ${checkDigit(code.slice(0, 5))})`;
    default:
      return null;
  }
}

export const PREFECTURE_CODE = /^(0[1-9]|[1-3]\d|4[0-7])$/;
export const PREFECTURE_CODE_MESSAGE = 'must be a 2-digit prefecture number from 01 to 47';
export const NATIONAL_BODY_CODE = /^[a-z][a-z0-9_]{1,31}$/;
