import { CATALOGUE } from '../i18n/messages';
import { CHANNEL_KINDS, contactProblem } from './contact';
import { channelProblems, CONTACT_MESSAGES } from './fallback-channels.service';

const BAD_CONTACT = 'x'.repeat(301); // fits no kind: not a number, an address, a URL or over 300 characters

describe('channelProblems speaks the catalogue', () => {
  it.each(CHANNEL_KINDS)('a bad %s contact: the English contactProblem gives, and its Japanese', (kind) => {
    const english = contactProblem(kind, BAD_CONTACT);
    expect(english).toBe(CATALOGUE[CONTACT_MESSAGES[kind]].en);
    const [problem] = channelProblems({ kind, platform: kind === 'chat_platform' ? 'Teams' : null, contact: BAD_CONTACT, validFrom: null, validUntil: null });
    expect(problem).toEqual({ field: 'contact', message: english, messageJa: CATALOGUE[CONTACT_MESSAGES[kind]].ja });
  });

  it('platform and validity, in both languages', () => {
    const problems = channelProblems({ kind: 'phone', platform: 'Teams', contact: '', validFrom: '2021-04-01T00:00:00+09:00', validUntil: '2021-03-01T00:00:00+09:00' });
    expect(problems).toEqual([
      { field: 'platform', message: 'is only for chat_platform channels', messageJa: '種類が「他のチャット」のときだけ指定できます' },
      { field: 'validUntil', message: 'must not be before validFrom', messageJa: expect.stringContaining('有効期間の開始') },
    ]);
    expect(channelProblems({ kind: 'chat_platform', platform: null, contact: '', validFrom: null, validUntil: null })[0]).toEqual({
      field: 'platform',
      message: 'is required for a chat_platform channel',
      messageJa: expect.stringContaining('必須'),
    });
  });

  it('a contact with a control character keeps its own English (the generic Japanese is the filter\'s)', () => {
    const [problem] = channelProblems({ kind: 'in_person', platform: null, contact: 'a\u0007b', validFrom: null, validUntil: null });
    expect(problem.field).toBe('contact');
    expect(problem.messageJa).toBeUndefined();
  });
});
