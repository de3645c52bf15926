import { textProblem } from '../common/text';
import { isHttpUrl } from '../common/url';

// The URL rule lives in common/url; re-exported for the callers that know it from here.
export { isHttpUrl };

/**
 * Contact values of fallback channels, checked by the channel's kind. An empty contact
 * means "not known": the 2021 announcements often said "phone and e-mail" with no number,
 * and a made-up one would send people nowhere.
 */
export const CHANNEL_KINDS = ['phone', 'email', 'fax', 'web_form', 'in_person', 'chat_platform', 'website', 'postal'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

// Japanese numbers: 10 digits from 0 (03-1234-5678), 11 for 0120/0570/0800/050/070/080/090,
// or a 3-digit short number (110, 119, 189 児童相談所虐待対応ダイヤル). Hyphens and
// spaces between groups are allowed, and so are parentheses around the area code.
const SHORT_NUMBER = /^1\d{2}$/;
const PHONE_CHARS = /^[0-9()\- ]+$/;
const EMAIL = /^[^\s@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isJapanesePhoneNumber(value: string): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (SHORT_NUMBER.test(digits) && digits === value) return true;
  if (!digits.startsWith('0') || digits.startsWith('00')) return false;
  if (/^(0120|0800|0570|050|070|080|090|020)/.test(digits)) return digits.length === (digits.startsWith('0120') || digits.startsWith('0570') ? 10 : 11);
  return digits.length === 10;
}

/** Why the contact does not fit the kind, or null when it does (or is empty). */
export function contactProblem(kind: ChannelKind, contact: string): string | null {
  if (contact === '') return null;
  // Whatever the kind, a contact is clean text on one line (an address too).
  const chars = textProblem(contact);
  if (chars) return chars;
  switch (kind) {
    case 'phone':
    case 'fax':
      return isJapanesePhoneNumber(contact) ? null : 'must be a Japanese phone number such as 0120-123-456, 03-1234-5678 or a 3-digit short number';
    case 'email':
      return EMAIL.test(contact) && contact.length <= 254 ? null : 'must be an e-mail address';
    case 'web_form':
    case 'website':
      return isHttpUrl(contact) ? null : 'must be an http(s) URL';
    case 'chat_platform':
      return isHttpUrl(contact) ? null : 'must be the http(s) URL where the chat is reached';
    case 'in_person':
    case 'postal':
      return contact.length <= 300 ? null : 'must be an address of at most 300 characters';
  }
}
