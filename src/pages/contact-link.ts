import { isHttpUrl } from '../common/url';
import type { ChannelKind } from '../line-services/contact';

/** A channel's contact as a page shows it: the text, and the link that works from a phone, if any. */
export interface ContactView {
  text: string;
  href: string | null;
  known: boolean;
}

/**
 * tel: with the digits only (what every phone dials; hyphens and parentheses are for
 * reading), mailto:, or the http(s) URL itself. FAX numbers, addresses and anything that
 * is not what its kind should be stay text: a link must go where it says.
 */
export function contactView(kind: ChannelKind, contact: string): ContactView {
  if (contact === '') return { text: '連絡先未確認', href: null, known: false };
  switch (kind) {
    case 'phone': {
      const digits = contact.replace(/\D/g, '');
      return { text: contact, href: digits ? `tel:${digits}` : null, known: true };
    }
    case 'email':
      return { text: contact, href: /^[^\s@:/?#]+@[^\s@:/?#]+$/.test(contact) ? `mailto:${contact}` : null, known: true };
    case 'web_form':
    case 'website':
    case 'chat_platform':
      return { text: contact, href: isHttpUrl(contact) ? contact : null, known: true };
    default:
      return { text: contact, href: null, known: true };
  }
}
