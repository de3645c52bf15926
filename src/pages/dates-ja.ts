/**
 * Dates and times as the pages write them, in Tokyo time (UTC+9 all year, as the hours'
 * definition says): 2021年3月26日(金), 12月1日(火) 9:00, 9:00. Plain arithmetic, not Intl:
 * a place page writes a few hundred of these.
 */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

/** The instant's Tokyo wall clock, read from a Date shifted by +9 h with the UTC getters. */
function tokyo(instant: Date | string | number): Date {
  return new Date(new Date(instant).getTime() + TOKYO_OFFSET_MS);
}

/** 2021年3月26日(金) */
export function dateJa(instant: Date | string | number): string {
  const t = tokyo(instant);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日(${WEEKDAYS_JA[t.getUTCDay()]})`;
}

/** 9:00 */
export function timeJa(instant: Date | string | number): string {
  const t = tokyo(instant);
  return `${t.getUTCHours()}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

/** 2021年3月26日(金) 9:00 */
export function dateTimeJa(instant: Date | string | number): string {
  return `${dateJa(instant)} ${timeJa(instant)}`;
}

/**
 * A moment near another, as short as it stays clear: 12月1日(火) 9:00, with the year only
 * when it is not the year of `near` (2027年1月4日(月) 9:00).
 */
export function momentJa(instant: Date | string | number, near: Date | string | number): string {
  const t = tokyo(instant);
  const year = t.getUTCFullYear() === tokyo(near).getUTCFullYear() ? '' : `${t.getUTCFullYear()}年`;
  return `${year}${t.getUTCMonth() + 1}月${t.getUTCDate()}日(${WEEKDAYS_JA[t.getUTCDay()]}) ${timeJa(instant)}`;
}

/** 3日と4時間, 5時間20分, 12分, 1分未満: how long something lasted, to the minute, its two largest units. */
export function durationJa(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}日と${hours}時間` : `${days}日`;
  if (hours > 0) return rest > 0 ? `${hours}時間${rest}分` : `${hours}時間`;
  return rest > 0 ? `${rest}分` : '1分未満';
}

/** The Tokyo date (YYYY-MM-DD) and time (HH:MM) of an instant, as the date and time inputs hold them. */
export function tokyoInputs(instant: Date | number): { date: string; time: string } {
  const iso = tokyo(instant).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
