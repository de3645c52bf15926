import type { Hours } from '../hours/hours';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { ServiceRow } from './availability.repository';
import { ServiceIndex } from './service-index';
import { audiencesOverlap, suggestAlternatives } from './suggestions';

// A Monday that is no public holiday, 10:00 in Tokyo; the next day is 文化の日 (hours below keep holidays as usual).
const AT = Date.parse('2026-11-02T10:00:00+09:00');
const weekly = (day: string, start: string, end: string): Hours => ({ type: 'weekly', publicHolidays: 'as_usual', ranges: [{ day: day as 'mon', start, end }] });
const OPEN_NOW = weekly('mon', '09:00', '17:00');
const LATER_TODAY = weekly('mon', '13:00', '17:00');
const TOMORROW = weekly('tue', '09:00', '12:00');

const MIE = '240001';
const LEVELS_OF_MIE = [[], [MIE], ['national']];
let counter = 0;

interface Spec {
  key?: string;
  name?: string;
  category?: ServiceCategory;
  audiences?: Audience[];
  lifeCritical?: boolean;
  status?: ServiceStatus;
  lineHours?: Hours | null;
  channels?: { contact: string; hours: Hours | null; validUntil?: number }[];
}

function row(spec: Spec): ServiceRow {
  counter++;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const key = spec.key ?? MIE;
  return {
    key,
    id,
    name: spec.name ?? `service ${counter}`,
    operatorCode: key,
    operatorName: key === 'national' ? '国の機関' : `operator ${key}`,
    level: key === 'national' ? 'national' : key.endsWith('0001') || key === '270008' ? 'prefecture' : 'municipality',
    department: null,
    category: spec.category ?? 'consultation',
    audiences: spec.audiences ?? ['job_seekers'],
    lifeCritical: spec.lifeCritical ?? false,
    url: null,
    lineHours: spec.lineHours === undefined ? OPEN_NOW : spec.lineHours,
    publicNotice: null,
    successorServiceId: null,
    timeline: [{ status: spec.status ?? 'active', effectiveAt: null }],
    channels: (spec.channels ?? []).map((c, i) => ({
      id: `${id.slice(0, 24)}${String(900 + i).padStart(12, '0')}`,
      kind: 'phone',
      platform: null,
      label: '電話相談',
      contact: c.contact,
      hours: c.hours,
      notes: null,
      validFrom: null,
      validUntil: c.validUntil ?? null,
    })),
  };
}

/** An index holding the rows, and the slot of the gap's service (the first). */
function indexOf(gap: ServiceRow, others: ServiceRow[]): { index: ServiceIndex; slot: number } {
  const index = new ServiceIndex();
  for (const r of [gap, ...others]) index.put(r);
  return { index, slot: index.slotOf(gap.id)! };
}

const PHONE = '0120-000-000';
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('audiencesOverlap', () => {
  it('holds for a shared audience, or when either side is for everyone', () => {
    expect(audiencesOverlap(['job_seekers', 'adults'], ['adults', 'elderly'])).toBe(true);
    expect(audiencesOverlap(['job_seekers', 'adults'], ['general'])).toBe(true);
    expect(audiencesOverlap(['general'], ['children'])).toBe(true);
    expect(audiencesOverlap(['job_seekers', 'adults'], ['children', 'youth'])).toBe(false);
    expect(audiencesOverlap(['job_seekers'], [])).toBe(false);
  });
});

describe('suggestAlternatives', () => {
  // 三重県's suspended consultation for job seekers of the ice-age generation, with no fallback.
  const gap = row({ name: '就職氷河期世代の就職相談（LINE）', audiences: ['job_seekers', 'adults'], status: 'suspended', lineHours: null });

  const openCritical = row({ key: 'national', name: 'n critical', audiences: ['adults'], lifeCritical: true });
  const openPrefecture = row({ name: 'p open', audiences: ['job_seekers'] });
  const activeUnknownHours = row({ key: 'national', name: 'n unknown hours', audiences: ['adults'], lineHours: null });
  const channelLaterToday = row({ key: 'national', name: 'n later', audiences: ['general'], status: 'suspended', lineHours: null, channels: [{ contact: PHONE, hours: LATER_TODAY }] });
  const lineTomorrow = row({ name: 'p tomorrow', audiences: ['adults'], lineHours: TOMORROW });
  const excluded = {
    otherPrefecture: row({ key: '270008', audiences: ['job_seekers'] }),
    municipalityOfMie: row({ key: '242071', audiences: ['job_seekers'] }),
    otherAudience: row({ key: 'national', audiences: ['children', 'youth'] }),
    otherCategory: row({ category: 'information', audiences: ['job_seekers'] }),
    stoppedBare: row({ key: 'national', audiences: ['adults'], status: 'suspended' }),
    stoppedContactUnknown: row({ key: 'national', audiences: ['adults'], status: 'suspended', channels: [{ contact: '', hours: OPEN_NOW }] }),
    stoppedHoursUnknown: row({ key: 'national', audiences: ['adults'], status: 'suspended', lineHours: null, channels: [{ contact: PHONE, hours: null }] }),
    stoppedChannelEnded: row({ key: 'national', audiences: ['adults'], status: 'suspended', channels: [{ contact: PHONE, hours: OPEN_NOW, validUntil: AT - 1 }] }),
    plannedOnly: row({ key: 'national', audiences: ['adults'], status: 'planned' }),
  };
  const all = [excluded.otherPrefecture, lineTomorrow, channelLaterToday, excluded.municipalityOfMie, openPrefecture, excluded.otherAudience, activeUnknownHours, openCritical, ...Object.values(excluded)];

  it('suggests what reaches the place, for an overlapping audience, in the category, usable: open first in availability order, then the soonest to open', () => {
    const { index, slot } = indexOf(gap, all);
    const suggested = suggestAlternatives(index, slot, LEVELS_OF_MIE, AT);
    expect(ids(suggested)).toEqual([openCritical.id, openPrefecture.id, activeUnknownHours.id, channelLaterToday.id, lineTomorrow.id]);
    expect(suggested.map((s) => [s.openNow, s.nextOpening])).toEqual([
      [true, null],
      [true, null],
      [true, null],
      [false, '2026-11-02T04:00:00.000Z'],
      [false, '2026-11-03T00:00:00.000Z'],
    ]);
    for (const left of Object.values(excluded)) expect(ids(suggested)).not.toContain(left.id);
  });

  it('shows each as availability does: operator, level, status, LINE and the channels valid now, without hours positions', () => {
    const { index, slot } = indexOf(gap, all);
    const later = suggestAlternatives(index, slot, LEVELS_OF_MIE, AT).find((s) => s.id === channelLaterToday.id)!;
    expect(later).toEqual({
      id: channelLaterToday.id,
      name: 'n later',
      url: null,
      publicNotice: null,
      successorServiceId: null,
      operatorCode: 'national',
      operatorName: '国の機関',
      level: 'national',
      category: 'consultation',
      audiences: ['general'],
      lifeCritical: false,
      status: 'suspended',
      openNow: false,
      nextOpening: '2026-11-02T04:00:00.000Z',
      line: { usable: false, withinHours: null, acceptingNew: null, closesAt: null, nextOpenAt: null, closedReason: null },
      channels: [
        {
          id: channelLaterToday.channels[0].id,
          kind: 'phone',
          platform: null,
          label: '電話相談',
          contact: PHONE,
          notes: null,
          openNow: false,
          acceptingNew: false,
          closesAt: null,
          nextOpenAt: '2026-11-02T04:00:00.000Z',
          closedReason: { code: 'outside_hours', label: null },
        },
      ],
    });
  });

  it('gives at most five (the limit), the open ones first', () => {
    const many = Array.from({ length: 7 }, (_, i) => row({ key: 'national', name: `open ${i}`, audiences: ['adults'] }));
    const { index, slot } = indexOf(gap, [lineTomorrow, ...many]);
    const suggested = suggestAlternatives(index, slot, LEVELS_OF_MIE, AT);
    expect(suggested).toHaveLength(5);
    expect(suggested.every((s) => s.openNow)).toBe(true);
    expect(ids(suggested)).toEqual(ids(many.slice(0, 5)));
    expect(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT, 2)).toHaveLength(2);
  });

  it('never suggests the service itself, even when it would qualify', () => {
    const active = row({ audiences: ['job_seekers'] });
    const { index, slot } = indexOf(active, [openPrefecture]);
    expect(ids(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT))).toEqual([openPrefecture.id]);
  });

  it('takes any category for a gap that is not a consultation, but only its own', () => {
    const information = row({ category: 'information', audiences: ['general'], status: 'suspended' });
    const { index, slot } = indexOf(information, [openPrefecture, excluded.otherCategory]);
    expect(ids(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT))).toEqual([excluded.otherCategory.id]);
  });

  it('suggests a children\'s line for a gap for everyone', () => {
    const general = row({ audiences: ['general'], status: 'suspended' });
    const { index, slot } = indexOf(general, [excluded.otherAudience]);
    expect(ids(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT))).toEqual([excluded.otherAudience.id]);
  });

  it('follows the index: a service written again or removed is suggested as it is now, and the time asked decides what is open', () => {
    const { index, slot } = indexOf(gap, [openPrefecture, channelLaterToday]);
    expect(ids(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT))).toEqual([openPrefecture.id, channelLaterToday.id]);
    // At 14:00 the phone line is open too: both open, availability's order (prefecture before national).
    expect(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT + 4 * 3600_000).map((s) => [s.id, s.openNow])).toEqual([
      [openPrefecture.id, true],
      [channelLaterToday.id, true],
    ]);
    index.put({ ...openPrefecture, timeline: [{ status: 'active', effectiveAt: null }, { status: 'suspended', effectiveAt: AT - 1000 }] });
    index.remove(channelLaterToday.id);
    expect(suggestAlternatives(index, slot, LEVELS_OF_MIE, AT)).toEqual([]);
  });
});
