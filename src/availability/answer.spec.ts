import fc from 'fast-check';
import type { Hours } from '../hours/hours';
import type { ServiceStatus } from '../line-services/vocabulary';
import type { ServiceRow } from './availability.repository';
import { renderAnswer, View } from './answer';
import { ServiceIndex } from './service-index';

const HOURS: (Hours | null)[] = [
  null,
  { type: 'always' },
  { type: 'days', days: ['wed'] },
  { type: 'weekly', publicHolidays: 'closed', ranges: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })) as never, closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }] },
  { type: 'weekly', publicHolidays: 'as_usual', ranges: [{ day: 'fri', start: '17:00', end: '22:30', lastIntake: '22:00' }], monthly: [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }] },
  { type: 'weekly', publicHolidays: 'closed', ranges: [], seasons: [{ from: '07-20', to: '08-31', yearly: true, label: '夏休み', ranges: [{ day: 'mon', start: '10:00', end: '16:00' }] }] },
];
const STATUSES: ServiceStatus[] = ['active', 'suspended', 'discontinued'];
const DAY = 86_400_000;

const NOTICE = 'LINE相談はしばらくお休みします。お電話かメールでご相談ください';
const SUCCESSOR = '00000000-0000-4000-8000-00000000abcd';

/** Every LINE hours with every status, each with a channel of every hours. */
function rows(): ServiceRow[] {
  return HOURS.flatMap((lineHours, h) =>
    STATUSES.map((status, s): ServiceRow => {
      const id = `00000000-0000-4000-8000-${String(h * 10 + s).padStart(12, '0')}`;
      return {
        id,
        key: '011002',
        name: `相談 ${h} ${s}`,
        operatorCode: '011002',
        operatorName: '札幌市',
        level: 'municipality',
        department: null,
        category: 'consultation',
        audiences: ['youth'],
        lifeCritical: false,
        url: null,
        lineHours,
        // What the real LINE screens said while a window rested; a discontinued service points to what replaced it.
        publicNotice: status === 'suspended' ? NOTICE : null,
        successorServiceId: status === 'discontinued' ? SUCCESSOR : null,
        timeline: [{ status, effectiveAt: null }],
        channels: HOURS.map((hours, c) => ({ id: `${id.slice(0, 24)}${String(900 + h * 10 + c).padStart(12, '0')}`, kind: 'phone', platform: null, label: '電話', contact: '0120-000-000', notes: null, hours, validFrom: null, validUntil: null })),
      };
    }),
  );
}

const index = new ServiceIndex();
for (const row of rows()) index.put(row);

function answer(at: number, view: View) {
  const slots = index.rank([index.group('011002')], at);
  const written = renderAnswer(index, { place: Buffer.from('{}'), at, tokyoDate: '', publicHoliday: null, total: slots.length, nextCursor: null }, slots, at, view);
  const body = JSON.parse(written.body.toString('utf8'));
  written.release();
  return body;
}

type Interval = { from: string; to: string };
type Evaluated = { hours: unknown; openNow?: boolean | null; withinHours?: boolean | null; acceptingNew: boolean | null; closesAt?: string | null; nextOpenAt: string | null; closedReason: unknown; next7Days?: Interval[] | null };

describe('availability answer', () => {
  it('says the same in the compact view as in the full one, the compact view giving hours and their next 7 days by position', () => {
    // Around the new year (a closure), a summer season, a Friday past its last intake and any other time, whole minutes or not.
    const WEEK = 7 * DAY;
    const pastIntake = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 * 60_000 })).map(([weeks, ms]) => Date.parse('2027-01-08T22:00:00+09:00') + weeks * WEEK + ms);
    const instant = fc.oneof(
      pastIntake,
      fc.integer({ min: Date.parse('2026-12-24T00:00:00+09:00'), max: Date.parse('2027-01-08T00:00:00+09:00') }),
      fc.integer({ min: Date.parse('2027-07-10T00:00:00+09:00'), max: Date.parse('2027-09-05T00:00:00+09:00') }),
      fc.integer({ min: Date.parse('2026-01-01T00:00:00+09:00'), max: Date.parse('2028-12-31T00:00:00+09:00') }).map((ms) => ms - (ms % 60_000)),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 4 }), (instants) => {
        for (const at of instants) {
          const compact = answer(at, 'compact');
          const full = answer(at, 'full');
          expect(compact.next7Days).toHaveLength(compact.hours.length);
          // By position: the hours and their intervals, or null both when not known.
          const resolve = (shown: Evaluated) => {
            const position = shown.hours as number | null;
            return { ...shown, hours: position === null ? null : compact.hours[position], next7Days: position === null ? null : compact.next7Days[position] };
          };
          expect(compact.services.map((s: { id: string }) => s.id)).toEqual(full.services.map((s: { id: string }) => s.id));
          compact.services.forEach((service: { line: Evaluated & { usable: boolean }; channels: Evaluated[]; status: string; somethingOpen: boolean }, i: number) => {
            const other = full.services[i];
            expect([service.status, service.somethingOpen]).toEqual([other.status, other.somethingOpen]);
            // LINE's closesAt is the compact view's alone.
            const line = resolve(service.line);
            delete line.closesAt;
            expect(line).toEqual(other.line);
            expect(service.channels.map(resolve)).toEqual(other.channels.map(({ contactKnown: _contactKnown, ...rest }: Evaluated & { contactKnown: boolean }) => rest));
          });
        }
      }),
      { numRuns: 80 },
    );
  });

  it('gives the next 7 days as Tokyo times to the second: one interval for `always`, null for hours not known or days without times', () => {
    const at = Date.parse('2026-12-31T15:00:00.250+09:00');
    const full = answer(at, 'full');
    // Every service has a channel of every hours.
    const [service] = full.services;
    const byType = (type: string | null) => service.channels.find((c: { hours: Hours | null }) => (c.hours?.type ?? null) === type);
    expect(byType('always').next7Days).toEqual([{ from: '2026-12-31T15:00:00+09:00', to: '2027-01-07T15:00:00+09:00' }]);
    expect(byType('always')).toEqual(expect.objectContaining({ openNow: true, acceptingNew: true, closesAt: null, nextOpenAt: null, closedReason: null }));
    for (const unknown of [byType(null), byType('days')]) {
      expect(unknown).toEqual(expect.objectContaining({ openNow: null, acceptingNew: null, closesAt: null, nextOpenAt: null, closedReason: null, next7Days: null }));
    }
    // The office in its 年末年始 closure: closed until Monday 4 January, then weekdays 09:00–17:00.
    const office = service.channels.find((c: { hours: Hours | null }) => c.hours?.type === 'weekly' && c.hours.closures);
    expect(office).toEqual(expect.objectContaining({ openNow: false, acceptingNew: false, nextOpenAt: '2027-01-04T00:00:00.000Z', closedReason: { code: 'closure', label: '年末年始' } }));
    expect(office.next7Days).toEqual([
      { from: '2027-01-04T09:00:00+09:00', to: '2027-01-04T17:00:00+09:00' },
      { from: '2027-01-05T09:00:00+09:00', to: '2027-01-05T17:00:00+09:00' },
      { from: '2027-01-06T09:00:00+09:00', to: '2027-01-06T17:00:00+09:00' },
      { from: '2027-01-07T09:00:00+09:00', to: '2027-01-07T15:00:00+09:00' },
    ]);
  });

  it('counts LINE with days without times as usable when active, as LINE with no hours', () => {
    const at = Date.parse('2026-12-02T03:00:00+09:00');
    const full = answer(at, 'full');
    const lines = full.services.map((s: { status: string; line: { usable: boolean; withinHours: boolean | null; hours: Hours | null } }) => [s.line.hours?.type ?? null, s.status, s.line.usable, s.line.withinHours]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['days', 'active', true, null],
        ['days', 'suspended', false, null],
        [null, 'active', true, null],
      ]),
    );
    // And as something open: those services come first.
    const days = full.services.find((s: { status: string; line: { hours: Hours | null } }) => s.status === 'active' && s.line.hours?.type === 'days');
    expect(days.somethingOpen).toBe(true);
  });

  it('shows each service\'s public notice and, for a discontinued one, its successor, in both views', () => {
    const at = Date.parse('2026-12-02T03:00:00+09:00');
    for (const view of ['compact', 'full'] as const) {
      const shown = answer(at, view).services.map((s: { status: string; publicNotice: string | null; successorServiceId: string | null }) => [s.status, s.publicNotice, s.successorServiceId]);
      expect(shown).toEqual(expect.arrayContaining([['suspended', NOTICE, null], ['discontinued', null, SUCCESSOR], ['active', null, null]]));
      expect(shown.every(([status, notice, successor]: [string, string | null, string | null]) => (notice !== null) === (status === 'suspended') && (successor !== null) === (status === 'discontinued'))).toBe(true);
    }
  });

  it('memoises per instant: an answer at another time is evaluated anew', () => {
    const first = answer(Date.parse('2026-12-31T15:00:00+09:00'), 'compact');
    const second = answer(Date.parse('2027-01-04T10:00:00+09:00'), 'compact');
    const office = (body: { hours: Hours[]; next7Days: Interval[][] }) => body.hours.findIndex((h) => h.type === 'weekly' && h.closures !== undefined);
    expect(first.next7Days[office(first)][0].from).toBe('2027-01-04T09:00:00+09:00');
    expect(second.next7Days[office(second)][0]).toEqual({ from: '2027-01-04T10:00:00+09:00', to: '2027-01-04T17:00:00+09:00' });
  });
});
