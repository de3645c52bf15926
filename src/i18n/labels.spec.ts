import { CHANNEL_KINDS } from '../line-services/contact';
import { SERVICE_STATUSES } from '../line-services/vocabulary';
import { CHANNEL_KIND_LABELS, normaliseWord, readChannelKind, readerOf, readStatus, STATUS_LABELS } from './labels';

describe('Japanese labels', () => {
  it('reads every status and kind by its value, its label and each accepted word', () => {
    for (const status of SERVICE_STATUSES) {
      for (const word of [status, STATUS_LABELS[status].label, ...(STATUS_LABELS[status].accepts ?? [])]) expect(readStatus(word)).toBe(status);
    }
    for (const kind of CHANNEL_KINDS) {
      for (const word of [kind, CHANNEL_KIND_LABELS[kind].label, ...(CHANNEL_KIND_LABELS[kind].accepts ?? [])]) expect(readChannelKind(word)).toBe(kind);
    }
  });

  it('reads words as typed in a spreadsheet: full-width, half-width kana, spaces, case', () => {
    expect(readStatus(' 停止 ')).toBe('suspended');
    expect(readStatus('停止\u3000')).toBe('suspended');
    expect(readStatus('ＳＵＳＰＥＮＤＥＤ')).toBe('suspended');
    expect(readChannelKind('ﾒｰﾙ')).toBe('email');
    expect(readChannelKind('ＦＡＸ')).toBe('fax');
    expect(readChannelKind('Phone')).toBe('phone');
    expect(normaliseWord('Ｅ メール')).toBe('eメール');
  });

  it('does not guess: an unknown word is null', () => {
    expect(readStatus('停')).toBeNull();
    expect(readStatus('')).toBeNull();
    expect(readChannelKind('LINE')).toBeNull();
  });

  it('refuses a table in which two values claim the same word', () => {
    expect(() => readerOf({ a: { label: 'あ' }, b: { label: 'い', accepts: ['あ'] } }, ['a', 'b'])).toThrow(/claimed by both a and b/);
  });
});
