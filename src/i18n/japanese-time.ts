/**
 * Instants written as Japanese public offices write them, in Tokyo time: 和暦 (the era from
 * the platform's Japanese calendar, not a table of ours) with the Gregorian date beside it.
 */

const TOKYO = 'Asia/Tokyo';

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TOKYO,
});

const gregorianFormat = new Intl.DateTimeFormat('ja-JP-u-ca-gregory', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: TOKYO });

const englishFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TOKYO });

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function partsOf(format: Intl.DateTimeFormat, instant: Date): Parts {
  return Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
}

/**
 * The first year of an era is written 元年 (令和元年), never 1年. Some ICU patterns give
 * 元 already, the numeric ones give 1: both are read here.
 */
const eraYear = (year = '') => (year === '1' || year === '元' ? '元' : year);

/** 令和3年3月31日 */
export function eraDate(instant: Date): string {
  const p = partsOf(eraFormat, instant);
  return `${p.era}${eraYear(p.year)}年${p.month}月${p.day}日`;
}

/** 令和3年3月31日 23:59 */
export function eraDateTime(instant: Date): string {
  const p = partsOf(eraFormat, instant);
  return `${eraDate(instant)} ${p.hour}:${p.minute}`;
}

/** 2021年3月31日 */
export function gregorianDateJa(instant: Date): string {
  const p = partsOf(gregorianFormat, instant);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** As a report's title gives its time: 令和3年3月31日 23:59 時点（2021年3月31日） */
export function asOfJa(instant: Date): string {
  return `${eraDateTime(instant)} 時点（${gregorianDateJa(instant)}）`;
}

/** The same in English: 31 March 2021, 23:59 Japan time */
export function asOfEn(instant: Date): string {
  const p = partsOf(englishFormat, instant);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} Japan time`;
}

/** The Tokyo date and minute for a file name: 20210331-2359 */
export function tokyoStamp(instant: Date): string {
  const p = partsOf(englishFormat, instant);
  const g = partsOf(gregorianFormat, instant);
  return `${g.year}${g.month!.padStart(2, '0')}${g.day!.padStart(2, '0')}-${p.hour}${p.minute}`;
}
