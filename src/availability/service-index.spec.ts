import fc from 'fast-check';
import { openIntervals, openingAt } from '../hours/opening';
import type { Hours } from '../hours/hours';
import { SERVICE_STATUSES } from '../line-services/vocabulary';
import type { ServiceRow } from './availability.repository';
import { renderAnswer } from './answer';
import { ServiceIndex, tokyoIso } from './service-index';

const HOURS: (Hours | null)[] = [
  null,
  { type: 'always' },
  { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '17:00' }] },
  { type: 'weekly', publicHolidays: 'as_sunday', ranges: [{ day: 'sun', start: '20:00', end: '02:00' }, { day: 'wed', start: '13:00', end: '16:00' }] },
  // Times not stated: evaluated as unknown hours are.
  { type: 'days', days: ['mon', 'thu'] },
  // A last intake, a closure over the instants asked and a monthly night.
  {
    type: 'weekly',
    publicHolidays: 'closed',
    ranges: [{ day: 'tue', start: '17:00', end: '22:30', lastIntake: '22:00' }],
    closures: [{ from: '2026-11-10', to: '2026-11-12', label: '研修' }],
    monthly: [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }],
  },
];
const T0 = Date.parse('2026-11-02T00:00:00+09:00');
const WEEK = 7 * 86_400_000;
const tokyoSeconds = (d: Date) => `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
/** What the full view should say of hours at `at`: the evaluation, and the next 7 days as Tokyo times. */
const evaluation = (hours: Hours | null, at: number) => {
  const { open, acceptingNew, closesAt, nextOpenAt, reason } = openingAt(hours, new Date(at));
  const week = openIntervals(hours, new Date(at), new Date(at + WEEK));
  return {
    open,
    acceptingNew,
    closesAt: closesAt?.toISOString() ?? null,
    nextOpenAt: nextOpenAt?.toISOString() ?? null,
    closedReason: reason,
    next7Days: week && week.map((i) => ({ from: tokyoSeconds(i.from), to: tokyoSeconds(i.to) })),
  };
};

const instant = fc.integer({ min: T0 - WEEK, max: T0 + 2 * WEEK });
const rowArbitrary = (id: string) =>
  fc.record({
    key: fc.constantFrom('011002', '010006', 'national'),
    name: fc.constantFrom('こころの相談', 'いじめ相談', 'Youth line', '子ども相談', 'SNS相談 "窓口"'),
    lifeCritical: fc.boolean(),
    category: fc.constantFrom('consultation' as const, 'information' as const),
    timeline: fc.array(fc.record({ status: fc.constantFrom(...SERVICE_STATUSES), effectiveAt: fc.option(instant, { nil: null }) }), { maxLength: 4 }),
    lineHours: fc.constantFrom(...HOURS),
    channels: fc.array(
      fc.record({ label: fc.constantFrom('電話相談', 'メール'), contact: fc.constantFrom('', '0120-000-000'), hours: fc.constantFrom(...HOURS), validFrom: fc.option(instant, { nil: null }), validUntil: fc.option(instant, { nil: null }) }),
      { maxLength: 3 },
    ),
  }).map(
    (r): ServiceRow => ({
      id,
      key: r.key,
      name: r.name,
      operatorCode: r.key,
      operatorName: `operator ${r.key}`,
      level: r.key === 'national' ? 'national' : r.key === '010006' ? 'prefecture' : 'municipality',
      department: null,
      category: r.category,
      audiences: ['youth'],
      lifeCritical: r.lifeCritical,
      url: null,
      lineHours: r.lineHours,
      publicNotice: null,
      successorServiceId: null,
      timeline: [...r.timeline].sort((a, b) => (a.effectiveAt ?? -Infinity) - (b.effectiveAt ?? -Infinity)),
      channels: r.channels.map((c, i) => ({ ...c, id: `${id.slice(0, 24)}${i + 1}${id.slice(25)}`, kind: 'phone', platform: null, notes: null })),
    }),
  );

const ids = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
/** Writes (a row, or the removal of an id) in any order, many times over: enough to compact. */
const writes = fc.array(
  fc.oneof(
    fc.constantFrom(...ids).chain((id) => rowArbitrary(id)),
    fc.constantFrom(...ids).map((id) => ({ remove: id })),
  ),
  { minLength: 1, maxLength: 60 },
);

/** What the model says: the status at `at`, as the timeline rule reads. */
const statusOf = (row: ServiceRow, at: number) => row.timeline.reduce<string | null>((status, c) => (c.effectiveAt === null || c.effectiveAt <= at ? c.status : status), null);

describe('ServiceIndex', () => {
  it('holds after any sequence of writes and removals (compactions included) what a plain map of the rows holds', () => {
    let compactions = 0;
    fc.assert(
      fc.property(writes, fc.integer({ min: 0, max: 30 }), instant, (sequence, repeat, at) => {
        const index = new ServiceIndex(undefined, 4);
        const model = new Map<string, ServiceRow>();
        // Repeated, the sequence leaves more dead slots than live ones: the index compacts.
        for (let round = 0; round <= repeat; round++) {
          for (const write of sequence) {
            if ('remove' in write) {
              index.remove(write.remove);
              model.delete(write.remove);
            } else {
              index.put(write);
              model.set(write.id, write);
            }
          }
        }
        expect(index.size).toBe(model.size);
        compactions += index.compactions;
        for (const key of ['011002', '010006', 'national']) {
          const slots = index.group(key);
          const rows = [...model.values()].filter((r) => r.key === key);
          expect(slots.map((slot) => index.id(slot)).sort()).toEqual(rows.map((r) => r.id).sort());
          // In group order: life-critical consultation first, then by name.
          const critical = slots.map((slot) => index.critical(slot));
          expect(critical).toEqual([...critical].sort((a, b) => Number(b) - Number(a)));
          for (const slot of slots) {
            const row = model.get(index.id(slot))!;
            expect(index.statusAt(slot, at)).toBe(statusOf(row, at));
            // The full view of the service, read back, is the row evaluated at `at`.
            const status = index.statusAt(slot, at);
            if (status === null) continue;
            // The answer is made right after the ranking that found the status and openness.
            expect(index.rank([[slot]], at)).toEqual([slot]);
            const place = Buffer.from('{}');
            const written = renderAnswer(index, { place, at, tokyoDate: '', publicHoliday: null, total: 1, nextCursor: null }, [slot], at, 'full');
            const [service] = JSON.parse(written.body.toString('utf8')).services;
            written.release();
            const valid = row.channels.filter((c) => (c.validFrom ?? -Infinity) <= at && (c.validUntil ?? Infinity) > at);
            type Shown = { id: string; label: string; contact: string; contactKnown: boolean; hours: Hours | null; openNow: boolean | null; acceptingNew: boolean | null; closesAt: string | null; nextOpenAt: string | null; closedReason: unknown; next7Days: unknown };
            expect(service.channels.map((c: Shown) => [c.id, c.label, c.contact, c.contactKnown, c.hours, c.openNow, c.acceptingNew, c.closesAt, c.nextOpenAt, c.closedReason, c.next7Days])).toEqual(
              valid.map((c) => {
                const e = evaluation(c.hours, at);
                return [c.id, c.label, c.contact, c.contact !== '', c.hours, e.open, e.acceptingNew, e.closesAt, e.nextOpenAt, e.closedReason, e.next7Days];
              }),
            );
            const line = evaluation(row.lineHours, at);
            expect([service.name, service.status, service.line.hours, service.line.withinHours, service.line.next7Days]).toEqual([row.name, status, row.lineHours, line.open, line.next7Days]);
            // When LINE closes or opens next, whether it takes new consultations and why it is closed: for an active service only.
            const active = status === 'active';
            expect([service.line.acceptingNew, service.line.nextOpenAt, service.line.closedReason]).toEqual(active ? [line.acceptingNew, line.nextOpenAt, line.closedReason] : [null, null, null]);
            // Open: LINE usable (active, and within hours or hours unknown), or a valid channel open.
            const lineUsable = status === 'active' && openingAt(row.lineHours, new Date(at)).open !== false;
            expect([service.line.usable, service.somethingOpen]).toEqual([lineUsable, lineUsable || valid.some((c) => openingAt(c.hours, new Date(at)).open === true)]);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(compactions).toBeGreaterThan(0);
  });
});

describe('tokyoIso', () => {
  it('formats every instant as Date would, in Tokyo time with its offset, to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(tokyoIso(ms)).toBe(`${new Date(ms + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`);
      }),
      { numRuns: 20_000 },
    );
  });
});
