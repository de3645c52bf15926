import request from 'supertest';
import { CLOSED_REASONS } from '../src/hours/opening';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { addDays, holidayOn, isWorkingDay, nextDate, nextHoliday, today, TokyoDate, tokyoIso, weekdayOf } from './support/calendar';

/**
 * What the availability answer says of hours with closures, monthly rules, a last intake
 * (最終受付), special openings and seasons, asked through the API. Every date is found from
 * the clock (test/support/calendar.ts), after today, so that the services made now exist then.
 */
interface ClosedReason {
  code: string;
  label: string | null;
}
interface Interval {
  from: string;
  to: string;
}
interface Channel {
  id: string;
  openNow: boolean | null;
  acceptingNew: boolean | null;
  closesAt: string | null;
  nextOpenAt: string | null;
  closedReason: ClosedReason | null;
  next7Days: Interval[] | null;
}
interface Line {
  usable: boolean;
  withinHours: boolean | null;
  acceptingNew: boolean | null;
  nextOpenAt: string | null;
  closedReason: ClosedReason | null;
  next7Days: Interval[] | null;
}
interface Service {
  id: string;
  line: Line;
  channels: Channel[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const officeRanges = WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:00' }));
/** A Tokyo wall-clock time as the next 7 days give it. */
const local = (date: TokyoDate, time: string) => `${date}T${time}:00+09:00`;
/** The month day (MM-DD) of a date. */
const monthDay = (date: TokyoDate) => date.slice(5);
/** The date itself when it is a working day, else the next one. */
const workingDayFrom = (date: TokyoDate) => (isWorkingDay(date) ? date : nextDate(date, isWorkingDay));

// The coming 31 December, and the first working day after the 年末年始 closure (29 Dec – 3 Jan).
const NEW_YEARS_EVE = nextDate(today(), (date) => monthDay(date) === '12-31');
const AFTER_CLOSURE = workingDayFrom(`${Number(NEW_YEARS_EVE.slice(0, 4)) + 1}-01-04`);
// The last Saturday of next month.
const NEXT_MONTH = nextDate(today(), (date) => date.slice(8) === '01');
const LAST_SATURDAY = nextDate(NEXT_MONTH, (date) => weekdayOf(date) === 6 && addDays(date, 7).slice(0, 7) !== date.slice(0, 7));
// A working Monday, Tuesday, Thursday or Friday (the evening line's days).
const EVENING = nextDate(today(), (date) => isWorkingDay(date) && weekdayOf(date) !== 3);
// The next こどもの日 (5 May): a Golden Week holiday.
const CHILDRENS_DAY = nextHoliday(today(), (date) => monthDay(date) === '05-05');
const GW_YEAR = CHILDRENS_DAY.date.slice(0, 4);
// A working day out of the summer season (20 July – 31 August), and when the season next opens.
const OUT_OF_SEASON = nextDate(today(), (date) => isWorkingDay(date) && !(monthDay(date) >= '07-20' && monthDay(date) <= '08-31'));
const SEASON_OPENS = workingDayFrom(nextDate(OUT_OF_SEASON, (date) => monthDay(date) === '07-20'));

describe('availability with hours that change by date (closures, monthly rules, last intake, special openings, seasons)', () => {
  let t: TestApp;
  let token: string;
  let office: { id: string };
  let officePhone: string;
  let gwPhone: string;
  let monthlyPhone: string;
  let evening: { id: string };
  let seasonalPhone: string;

  const addChannel = async (serviceId: string, label: string, hours: unknown) =>
    (await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label, contact: '011-211-2111', hours }).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await startApp();
    token = await tokenFor(t, 'municipality', '011002');
    office = await createService(t, token, '011002', { category: 'consultation', audiences: ['general'] });
    officePhone = await addChannel(office.id, '平日の電話相談', {
      type: 'weekly',
      publicHolidays: 'closed',
      ranges: officeRanges,
      closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }],
    });
    gwPhone = await addChannel(office.id, 'ゴールデンウィークの電話相談', {
      type: 'weekly',
      publicHolidays: 'closed',
      ranges: officeRanges,
      specialOpenings: [{ from: `${GW_YEAR}-05-03`, to: `${GW_YEAR}-05-05`, ranges: [{ start: '10:00', end: '16:00' }], label: 'GW特別相談' }],
    });
    monthlyPhone = await addChannel(office.id, '月末土曜の夜通し相談', {
      type: 'weekly',
      publicHolidays: 'as_usual',
      ranges: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((day) => [
        { day, start: '13:00', end: '16:00' },
        { day, start: '17:00', end: '21:00' },
      ]),
      monthly: [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }],
    });
    seasonalPhone = await addChannel(office.id, '夏休みの電話相談', {
      type: 'weekly',
      publicHolidays: 'closed',
      ranges: [],
      seasons: [{ from: '07-20', to: '08-31', yearly: true, label: '夏休み', ranges: WEEKDAYS.map((day) => ({ day, start: '10:00', end: '16:00' })) }],
    });
    // LINE in the evenings, no new consultation after 22:00.
    evening = await createService(t, token, '011002', {
      category: 'consultation',
      audiences: ['youth'],
      lineHours: {
        type: 'weekly',
        publicHolidays: 'closed',
        ranges: [
          ...['mon', 'tue', 'thu', 'fri', 'sun'].map((day) => ({ day, start: '17:00', end: '22:30', lastIntake: '22:00' })),
          { day: 'wed', start: '11:00', end: '16:30' },
        ],
      },
    });
  });
  afterAll(() => t.close());

  const ask = async (at: string, view: 'full' | 'compact' = 'full') => (await request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, limit: '1000', view }).expect(200)).body;
  const service = (body: { services: Service[] }, id: string) => body.services.find((s) => s.id === id)!;
  const channel = async (at: string, id: string) => service(await ask(at), office.id).channels.find((c) => c.id === id)!;

  it(`on ${NEW_YEARS_EVE} at 15:00 the office phone is closed for 年末年始 until ${AFTER_CLOSURE} 09:00`, async () => {
    const phone = await channel(tokyoIso(NEW_YEARS_EVE, '15:00'), officePhone);
    expect(phone).toEqual(
      expect.objectContaining({ openNow: false, acceptingNew: false, closesAt: null, nextOpenAt: tokyoIso(AFTER_CLOSURE, '09:00'), closedReason: { code: 'closure', label: '年末年始' } }),
    );
    // Its next 7 days: the working days from the end of the closure, clipped at 15:00 seven days on.
    const windowEnd = addDays(NEW_YEARS_EVE, 7);
    const expected = [];
    for (let date = AFTER_CLOSURE; date <= windowEnd; date = addDays(date, 1)) {
      if (isWorkingDay(date)) expected.push({ from: local(date, '09:00'), to: local(date, date === windowEnd ? '15:00' : '17:00') });
    }
    expect(phone.next7Days).toEqual(expected);
  });

  it(`on the last Saturday of next month (${LAST_SATURDAY}) the monthly night is open at 23:30 until Sunday 21:00, one interval across midnight`, async () => {
    const sunday = addDays(LAST_SATURDAY, 1);
    const at = tokyoIso(LAST_SATURDAY, '23:30');
    const phone = await channel(at, monthlyPhone);
    expect(phone).toEqual(expect.objectContaining({ openNow: true, acceptingNew: true, closesAt: tokyoIso(sunday, '21:00'), nextOpenAt: null, closedReason: null }));
    // Saturday night to Sunday 21:00 as one interval (Sunday's own 13:00–16:00 and 17:00–21:00 inside it), then every day's two.
    const everyDay = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => addDays(LAST_SATURDAY, from + i)).flatMap((date) => [
        { from: local(date, '13:00'), to: local(date, '16:00') },
        { from: local(date, '17:00'), to: local(date, '21:00') },
      ]);
    expect(phone.next7Days).toEqual([{ from: local(LAST_SATURDAY, '23:30'), to: local(sunday, '21:00') }, ...everyDay(2, 7)]);
    // Asked that morning, the interval starts at noon and takes in Saturday's own ranges too.
    const morning = await channel(tokyoIso(LAST_SATURDAY, '09:00'), monthlyPhone);
    expect(morning).toEqual(expect.objectContaining({ openNow: false, nextOpenAt: tokyoIso(LAST_SATURDAY, '12:00'), closedReason: { code: 'outside_hours', label: null } }));
    expect(morning.next7Days!.slice(0, 2)).toEqual([{ from: local(LAST_SATURDAY, '12:00'), to: local(sunday, '21:00') }, { from: local(addDays(LAST_SATURDAY, 2), '13:00'), to: local(addDays(LAST_SATURDAY, 2), '16:00') }]);
    // The compact view gives the same intervals once, in the answer's next7Days at the channel's hours position.
    const compact = await ask(at, 'compact');
    const compactPhone = service(compact, office.id).channels.find((c) => c.id === monthlyPhone) as unknown as { hours: number; openNow: boolean; closesAt: string };
    expect([compactPhone.openNow, compactPhone.closesAt]).toEqual([true, tokyoIso(sunday, '21:00')]);
    expect(compact.next7Days[compactPhone.hours]).toEqual(phone.next7Days);
  });

  it(`on ${EVENING} at 22:10 the evening LINE is open but past its last intake: no new consultation`, async () => {
    const line = service(await ask(tokyoIso(EVENING, '22:10')), evening.id).line;
    expect(line).toEqual(expect.objectContaining({ usable: true, withinHours: true, acceptingNew: false, nextOpenAt: null, closedReason: null }));
    const compact = service(await ask(tokyoIso(EVENING, '22:10'), 'compact'), evening.id).line as Line & { closesAt: string };
    expect([compact.withinHours, compact.acceptingNew, compact.closesAt]).toEqual([true, false, tokyoIso(EVENING, '22:30')]);
    // Before 22:00 it still takes them.
    expect(service(await ask(tokyoIso(EVENING, '21:50')), evening.id).line).toEqual(expect.objectContaining({ withinHours: true, acceptingNew: true }));
  });

  it(`on ${CHILDRENS_DAY.date} (${CHILDRENS_DAY.name}) at 11:00 the Golden Week special opening is open, the usual office phone closed for the holiday`, async () => {
    const at = tokyoIso(CHILDRENS_DAY.date, '11:00');
    const body = await ask(at);
    expect(body.publicHoliday).toBe(CHILDRENS_DAY.name);
    const channels = service(body, office.id).channels;
    const gw = channels.find((c) => c.id === gwPhone)!;
    expect(gw).toEqual(expect.objectContaining({ openNow: true, acceptingNew: true, closesAt: tokyoIso(CHILDRENS_DAY.date, '16:00'), nextOpenAt: null, closedReason: null }));
    expect(gw.next7Days![0]).toEqual({ from: local(CHILDRENS_DAY.date, '11:00'), to: local(CHILDRENS_DAY.date, '16:00') });
    expect(channels.find((c) => c.id === officePhone)).toEqual(
      expect.objectContaining({ openNow: false, nextOpenAt: tokyoIso(workingDayFrom(CHILDRENS_DAY.date), '09:00'), closedReason: { code: 'public_holiday', label: CHILDRENS_DAY.name } }),
    );
  });

  it(`on ${OUT_OF_SEASON}, out of its summer season, the seasonal phone is closed until ${SEASON_OPENS} 10:00`, async () => {
    const phone = await channel(tokyoIso(OUT_OF_SEASON, '12:00'), seasonalPhone);
    expect(phone).toEqual(expect.objectContaining({ openNow: false, acceptingNew: false, closesAt: null, nextOpenAt: tokyoIso(SEASON_OPENS, '10:00'), closedReason: { code: 'season_over', label: null } }));
    // Known hours, closed all week: no interval, not null.
    if (addDays(OUT_OF_SEASON, 7) < `${SEASON_OPENS.slice(0, 4)}-07-20`) expect(phone.next7Days).toEqual([]);
  });

  it('describes the new fields in the OpenAPI schema, once in each view', async () => {
    const schemas = (await request(t.http).get('/docs-json').expect(200)).body.components.schemas;
    expect(schemas.ClosedReasonDto.properties.code.enum).toEqual([...CLOSED_REASONS]);
    for (const dto of ['CompactChannelDto', 'ChannelAvailabilityDto', 'CompactLineDto', 'LineAvailabilityDto']) {
      expect(Object.keys(schemas[dto].properties)).toEqual(expect.arrayContaining(['acceptingNew', 'closedReason']));
    }
    for (const dto of ['ChannelAvailabilityDto', 'LineAvailabilityDto', 'AvailabilityDto']) expect(schemas[dto].properties.next7Days.type).toBe('array');
    expect(schemas.CompactChannelDto.properties).not.toHaveProperty('next7Days');
  });

  it(`opens the Golden Week special hours on every date of its span: 3 and 4 May ${GW_YEAR} too`, async () => {
    // Holidays too (憲法記念日, みどりの日), on which the usual hours are closed.
    for (const date of [`${GW_YEAR}-05-03`, `${GW_YEAR}-05-04`]) {
      expect(holidayOn(date)).not.toBeNull();
      expect(await channel(tokyoIso(date, '15:59'), gwPhone)).toEqual(expect.objectContaining({ openNow: true, closesAt: tokyoIso(date, '16:00') }));
    }
  });
});
