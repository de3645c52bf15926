import type { ChannelKind } from '../line-services/contact';
import type { Hours } from '../hours/hours';
import type { ClosedReasonCode } from '../hours/opening';
import { isHttpUrl } from '../common/url';
import { AUDIENCE_LABELS, CATEGORY_LABELS, CHANNEL_KIND_LABELS, CLOSED_REASON_LABELS, labelOf, LEVEL_LABELS, STATUS_LABELS, STORAGE_LABELS } from '../i18n/labels';
import type { ConversationDataStorage, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import { contactView, ContactView } from './contact-link';
import { dateJa, momentJa, timeJa } from './dates-ja';
import { hoursJa } from './hours-ja';

/** How a state reads at a glance: the class that colours it (the words say it too). */
export type Tone = 'open' | 'closed' | 'stopped' | 'unknown';

export interface ChannelView {
  kind: string;
  label: string;
  platform: string | null;
  contact: ContactView;
  notes: string | null;
  tone: Tone;
  state: string;
  hours: string[];
}

export interface LineView {
  tone: Tone;
  text: string;
  since: string | null;
  reason: string | null;
  sourceUrl: string | null;
  hours: string[] | null;
}

export interface ServiceCardView {
  id: string;
  name: string;
  operatorName: string;
  level: string;
  category: string;
  lifeCritical: boolean;
  url: string | null;
  /** The service's public notice, shortened for a card; null when it has none. */
  notice: string | null;
  line: LineView;
  channels: ChannelView[];
}

/** What availability (and the service page, from the same evaluator) says of something with hours at a time. */
export interface OpeningState {
  open: boolean | null;
  acceptingNew: boolean | null;
  closesAt: string | Date | null;
  nextOpenAt: string | Date | null;
  closedReason: { code: string; label: string | null } | null;
}

/** 受付中（17:00まで）, 時間外・12月1日(火) 9:00から, 祝日のため休み（勤労感謝の日）・…から, 受付時間は未確認. */
export function openingText(state: OpeningState, at: number): { tone: Tone; text: string } {
  if (state.open === null) return { tone: 'unknown', text: '受付時間は未確認' };
  if (state.open) {
    const until = state.closesAt ? `（${untilJa(state.closesAt, at)}まで）` : '';
    if (state.acceptingNew === false) return { tone: 'closed', text: `本日の受付は終了（最終受付を過ぎています）${until}` };
    return { tone: 'open', text: `受付中${until}` };
  }
  const reason = state.closedReason ? labelOf(CLOSED_REASON_LABELS, state.closedReason.code as ClosedReasonCode) : '時間外';
  const name = state.closedReason?.label ? `（${state.closedReason.label}）` : '';
  const next = state.nextOpenAt ? `・${momentJa(state.nextOpenAt, at)}から` : '・再開の予定なし';
  return { tone: 'closed', text: `${reason}${name}${next}` };
}

/** A closing time on the same Tokyo day as `at` is just the time; otherwise with its date. */
function untilJa(instant: string | Date, at: number): string {
  return dateJa(instant) === dateJa(at) ? timeJa(instant) : momentJa(instant, at);
}

export function channelView(channel: { kind: ChannelKind; label: string; platform: string | null; contact: string; notes: string | null; hours: Hours | null }, state: OpeningState, at: number): ChannelView {
  const { tone, text } = openingText(state, at);
  return {
    kind: labelOf(CHANNEL_KIND_LABELS, channel.kind),
    label: channel.label,
    platform: channel.platform,
    contact: contactView(channel.kind, channel.contact),
    notes: channel.notes,
    tone,
    state: text,
    // Unknown hours are said once, by the state.
    hours: channel.hours ? hoursJa(channel.hours) : [],
  };
}

/** The status change that put a service in its status: when, and the public reason. */
export interface StatusRecord {
  effectiveAt: string | Date | null;
  reason: string | null;
  sourceUrl: string | null;
}

/** LINE in words: 稼働中・受付中, 停止中（2021年3月17日から）, 導入予定. */
export function lineView(status: ServiceStatus | null, lineHours: Hours | null, state: OpeningState | null, record: StatusRecord | null, at: number): LineView {
  const since = record?.effectiveAt ? dateJa(record.effectiveAt) : null;
  const sourceUrl = record?.sourceUrl && isHttpUrl(record.sourceUrl) ? record.sourceUrl : null;
  const hours = lineHours ? hoursJa(lineHours) : null;
  if (status === 'active') {
    const opening = state ? openingText(state, at) : { tone: 'unknown' as const, text: '受付時間は未確認' };
    return { tone: opening.tone, text: `${STATUS_LABELS.active.label}・${opening.text}`, since: null, reason: null, sourceUrl: null, hours };
  }
  const label = status ? labelOf(STATUS_LABELS, status) : '状態未確認';
  const tone: Tone = status === 'suspended' || status === 'discontinued' ? 'stopped' : 'unknown';
  return { tone, text: since ? `${label}（${since}から）` : label, since, reason: record?.reason ?? null, sourceUrl, hours };
}

/** A card's public notice: at most this many characters, the rest on the service's page. */
export const CARD_NOTICE_LENGTH = 60;

/** A public notice as a card shows it: whole when short, else cut with …. */
export function shortNotice(notice: string | null | undefined): string | null {
  if (!notice) return null;
  const chars = [...notice];
  return chars.length <= CARD_NOTICE_LENGTH ? notice : `${chars.slice(0, CARD_NOTICE_LENGTH - 1).join('')}…`;
}

/** A Tokyo day (YYYY-MM-DD, as the API writes a plan's dates) in Japanese: 2021年4月1日(木). */
export function dayJa(day: string): string {
  return dateJa(`${day}T00:00:00+09:00`);
}

/** The facts of a record that say how far to trust it and what comes next (issue 14), as the service page shows them. */
export interface RecordView {
  notice: string | null;
  verified: { date: string; by: string | null } | null;
  /** An open stale_record finding: the record has not been confirmed for longer than its policy allows. */
  stale: boolean;
  transition: { to: string; switchOn: string | null; stopOn: string | null; stopBeforeSwitch: boolean } | null;
  dataHandling: { personal: string; confidential: string; storage: string };
  successor: { id: string; name: string; prominent: boolean } | null;
}

export interface RecordFacts {
  currentStatus: ServiceStatus | null;
  publicNotice: string | null;
  lastVerifiedAt: string | null;
  lastVerifiedBy: string | null;
  transition: { toKind: ChannelKind; toPlatform: string | null; switchOn: string | null; stopOn: string | null } | null;
  handlesPersonalData: boolean;
  handlesConfidentialData: boolean | null;
  conversationDataStorage: ConversationDataStorage;
  successor: { id: string; name: string } | null;
}

const yesNo = (value: boolean | null) => (value === null ? '不明' : value ? 'あり' : 'なし');

/** The record's facts in words; `findings` are the service's (kind and state), read by kind so that new kinds need nothing here. */
export function recordView(service: RecordFacts, findings: readonly { kind: string; state: string }[]): RecordView {
  const t = service.transition;
  return {
    notice: service.publicNotice,
    verified: service.lastVerifiedAt ? { date: dateJa(service.lastVerifiedAt), by: service.lastVerifiedBy } : null,
    stale: findings.some((f) => f.kind === 'stale_record' && f.state === 'open'),
    transition: t
      ? {
          to: `${labelOf(CHANNEL_KIND_LABELS, t.toKind)}${t.toPlatform ? `（${t.toPlatform}）` : ''}`,
          switchOn: t.switchOn ? dayJa(t.switchOn) : null,
          stopOn: t.stopOn ? dayJa(t.stopOn) : null,
          stopBeforeSwitch: t.switchOn !== null && t.stopOn !== null && t.stopOn < t.switchOn,
        }
      : null,
    dataHandling: {
      personal: yesNo(service.handlesPersonalData),
      confidential: yesNo(service.handlesConfidentialData),
      storage: labelOf(STORAGE_LABELS, service.conversationDataStorage),
    },
    successor: service.successor ? { ...service.successor, prominent: service.currentStatus === 'discontinued' || service.currentStatus === 'suspended' } : null,
  };
}

export const levelLabel = (level: keyof typeof LEVEL_LABELS) => labelOf(LEVEL_LABELS, level);
export const categoryLabel = (category: ServiceCategory) => labelOf(CATEGORY_LABELS, category);

/** The choices of a filter, the chosen one marked. */
export function options<V extends string>(table: Readonly<Record<V, { label: string }>>, values: readonly V[], chosen: string | undefined) {
  return values.map((value) => ({ value, label: table[value].label, selected: value === chosen }));
}

export { AUDIENCE_LABELS, CATEGORY_LABELS };
