import { CARD_NOTICE_LENGTH, lineView, openingText, RecordFacts, recordView, shortNotice } from './views';

const AT = Date.parse('2026-11-30T20:00:00+09:00');

describe('openingText: availability\'s state in words', () => {
  it('says open, with the closing time on the same day or with its date', () => {
    expect(openingText({ open: true, acceptingNew: true, closesAt: '2026-11-30T21:00:00+09:00', nextOpenAt: null, closedReason: null }, AT)).toEqual({ tone: 'open', text: '受付中（21:00まで）' });
    expect(openingText({ open: true, acceptingNew: true, closesAt: '2026-12-01T02:00:00+09:00', nextOpenAt: null, closedReason: null }, AT).text).toBe('受付中（12月1日(火) 2:00まで）');
    expect(openingText({ open: true, acceptingNew: true, closesAt: null, nextOpenAt: null, closedReason: null }, AT).text).toBe('受付中');
  });

  it('says when the last intake has passed', () => {
    expect(openingText({ open: true, acceptingNew: false, closesAt: '2026-11-30T21:00:00+09:00', nextOpenAt: null, closedReason: null }, AT)).toEqual({ tone: 'closed', text: '本日の受付は終了（最終受付を過ぎています）（21:00まで）' });
  });

  it('says why it is closed and when it opens', () => {
    const next = '2026-12-01T09:00:00+09:00';
    expect(openingText({ open: false, acceptingNew: false, closesAt: null, nextOpenAt: next, closedReason: { code: 'outside_hours', label: null } }, AT).text).toBe('時間外・12月1日(火) 9:00から');
    expect(openingText({ open: false, acceptingNew: false, closesAt: null, nextOpenAt: next, closedReason: { code: 'public_holiday', label: '勤労感謝の日' } }, AT).text).toBe('祝日のため休み（勤労感謝の日）・12月1日(火) 9:00から');
    expect(openingText({ open: false, acceptingNew: false, closesAt: null, nextOpenAt: null, closedReason: { code: 'season_over', label: null } }, AT).text).toBe('開設期間外・再開の予定なし');
    expect(openingText({ open: null, acceptingNew: null, closesAt: null, nextOpenAt: null, closedReason: null }, AT)).toEqual({ tone: 'unknown', text: '受付時間は未確認' });
  });
});

describe('lineView', () => {
  it('says a stop with its date, reason and a source that is a URL', () => {
    const view = lineView('suspended', null, null, { effectiveAt: '2021-03-26T00:00:00+09:00', reason: '個人情報の取扱いの確認のため', sourceUrl: 'javascript:alert(1)' }, AT);
    expect(view).toEqual({ tone: 'stopped', text: '停止中（2021年3月26日(金)から）', since: '2021年3月26日(金)', reason: '個人情報の取扱いの確認のため', sourceUrl: null, hours: null });
  });

  it('says an active LINE with its opening', () => {
    expect(lineView('active', { type: 'always' }, { open: true, acceptingNew: true, closesAt: null, nextOpenAt: null, closedReason: null }, null, AT)).toEqual(
      expect.objectContaining({ tone: 'open', text: '稼働中・受付中', hours: ['24時間・年中無休'] }),
    );
  });
});

describe('recordView: the facts of a record that say how far to trust it', () => {
  const facts: RecordFacts = {
    currentStatus: 'discontinued',
    publicNotice: 'LINE相談はしばらくお休みします。お電話かメールでご相談ください',
    lastVerifiedAt: '2021-04-04T15:00:00.000Z',
    lastVerifiedBy: '大阪府',
    transition: { toKind: 'chat_platform', toPlatform: 'Webチャット', switchOn: '2021-04-01', stopOn: '2021-03-31' },
    handlesPersonalData: true,
    handlesConfidentialData: null,
    conversationDataStorage: 'operator_system_in_japan',
    successor: { id: 'b4c1f0de-0000-4000-8000-000000000001', name: '新しい相談' },
  };

  it('says the notice, the last verification as a Tokyo date, the plan, the data handling and the successor', () => {
    expect(recordView(facts, [])).toEqual({
      notice: facts.publicNotice,
      verified: { date: '2021年4月5日(月)', by: '大阪府' },
      stale: false,
      transition: { to: '他のチャット（Webチャット）', switchOn: '2021年4月1日(木)', stopOn: '2021年3月31日(水)', stopBeforeSwitch: true },
      dataHandling: { personal: 'あり', confidential: '不明', storage: '自団体・委託先のシステム（国内）' },
      successor: { ...facts.successor!, prominent: true },
    });
  });

  it('is stale only while a stale_record finding is open, whatever other findings there are', () => {
    expect(recordView(facts, [{ kind: 'stale_record', state: 'open' }]).stale).toBe(true);
    expect(recordView(facts, [{ kind: 'stale_record', state: 'resolved' }, { kind: 'no_alternative', state: 'open' }]).stale).toBe(false);
  });

  it('says nothing it does not know: no verification, no plan, no successor', () => {
    const view = recordView({ ...facts, currentStatus: 'active', lastVerifiedAt: null, transition: { toKind: 'phone', toPlatform: null, switchOn: null, stopOn: null }, successor: null }, []);
    expect(view).toEqual(expect.objectContaining({ verified: null, successor: null, transition: { to: '電話', switchOn: null, stopOn: null, stopBeforeSwitch: false } }));
  });
});

describe('shortNotice: a public notice on a card', () => {
  it('keeps a short notice whole and cuts a long one, by characters', () => {
    expect(shortNotice(null)).toBeNull();
    expect(shortNotice('LINE相談はお休みします')).toBe('LINE相談はお休みします');
    const long = 'あ'.repeat(CARD_NOTICE_LENGTH + 10);
    expect(shortNotice(long)).toBe(`${'あ'.repeat(CARD_NOTICE_LENGTH - 1)}…`);
    expect([...shortNotice(`${'𠮷'.repeat(CARD_NOTICE_LENGTH + 1)}`)!]).toHaveLength(CARD_NOTICE_LENGTH);
  });
});
