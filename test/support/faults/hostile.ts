import fc from 'fast-check';
import { isInstant } from '../../../src/common/time';
import { FINDING_KINDS, SEVERITIES } from '../../../src/gaps/gap-rules';
import { HOLIDAY_RULES, hoursProblems, WEEKDAYS } from '../../../src/hours/hours';
import { CHANNEL_KINDS, contactProblem, isHttpUrl } from '../../../src/line-services/contact';
import { AUDIENCES, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../../../src/line-services/vocabulary';
import { isValidLgCode, PREFECTURE_CODE } from '../../../src/local-governments/lg-code';
import { LG_KINDS } from '../../../src/local-governments/local-government.entity';
import { EVENT_TYPES } from '../../../src/notifications/event-types';

// Fixed dates: malformed or out-of-range instants (no zone, 30 February, before 1990 or from
// 2100, bad offsets) that must be refused on any day.

/*
 * Arbitraries of hostile input for the fault suite. "invalid…" arbitraries only produce
 * values the API must refuse (checked, where it matters, with the application's own
 * validators, so that a 2xx can only be a bug); "hostile…" ones produce anything nasty,
 * valid or not.
 */

export const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udc00\ud800', '相談\udbff'];
export const CONTROL_CHARS = ['\u0000', 'a\u0000b', '\u0001', '\u001b[31mred', '\u007f', '\u0008', '\u000b', '\u001f'];
export const BIDI = ['\u202e', '\u200f', 'abc\u202edcba', '\u2066x\u2069', '\u061c', '\u200b', '\u200d', '\u2028', '\u2029'];
export const EMOJI = ['😀', '👨‍👩‍👧‍👦', '🇯🇵', '🏳️‍🌈', 'ｱ\u0301', '\u{1F9D1}\u{1F3FD}\u200D\u2695\uFE0F', '𠮷野家'];
export const FULLWIDTH = ['０１１００２', '２７', '１', '０１', '１０００', '２０２１－０３－２６', 'ｓｕｓｐｅｎｄｅｄ', '１７：００'];
export const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE line_services; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '$1',
  "%' AND '1'='1",
  "\\'; --",
  "') UNION SELECT token_hash FROM access_tokens --",
  '::uuid',
  "E'\\x00'",
  '%',
  '_',
  '\\',
  '$$; DELETE FROM findings; $$',
];
export const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{constructor.constructor("alert(1)")()}}', '${7*7}', '<!--', '../../etc/passwd', '%00', '=HYPERLINK("http://x","y")', '+cmd|\' /C calc\'!A0', '@SUM(1+1)'];
export const MISC = ['', ' ', '\t', '\n', '\r\n', 'null', 'undefined', 'NaN', 'true', '-1', '1e309', '0x10', '\ufeff', '\u00a0', '\u3000', 'Ｔｅｓｔ', 'İ', 'ß', '\ufffd', '\uffff'];

const FRAGMENTS = [...CONTROL_CHARS, ...BIDI, ...EMOJI, ...FULLWIDTH, ...SQL, ...SCRIPT, ...MISC];
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const surrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** A long string of one character, from a few hundred to ~200 KB of UTF-8: within the 256 KB body limit on its own. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom<[string, number]>(['x', 200_000], ['あ', 65_000], ['😀', 48_000], ["'; --", 38_000], ['\u202e', 60_000], ['a\u0000', 30_000]), fc.double({ min: 0.002, max: 1, noNaN: true }))
  .map(([[chars, max], share]) => chars.repeat(Math.max(1, Math.floor(max * share))));

/** Anything nasty, valid or not (lone surrogates aside: see hostileTextWithSurrogates). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS, 'LINE相談', 'abc'), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: hugeText },
);

/** hostileText, and lone surrogates too. */
export const hostileTextWithSurrogates: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: fc.string({ unit: surrogateUnit, minLength: 1, maxLength: 4 }) },
);

/** Values of the wrong JSON type for a string, boolean or enum field (never null, which some fields accept). */
export const wrongTypeNonNull: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.oneof(fc.integer(), fc.boolean()), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);
export const wrongType: fc.Arbitrary<unknown> = fc.oneof({ weight: 5, arbitrary: wrongTypeNonNull }, { weight: 1, arbitrary: fc.constant(null) });

/** A string longer than `max` characters (as class-validator counts them). */
export const tooLong = (max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('x', 'あ', '😀', "'"), fc.integer({ min: max + 1, max: max + 2000 })).map(([c, n]) => c.repeat(n));

/**
 * The classes of characters the clean-text rule (src/common/text.ts) refuses in every field,
 * one arbitrary each, written out here rather than taken from the rule so that the suite
 * checks it. A surrogate is never followed by its partner: callers put text after it.
 */
const codeUnit = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
export const REFUSED_CHARACTERS: Record<string, fc.Arbitrary<string>> = {
  NUL: fc.constant('\u0000'),
  'C0 control': fc.integer({ min: 0x01, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d).map((c) => String.fromCharCode(c)),
  DEL: fc.constant('\u007f'),
  'C1 control': codeUnit(0x80, 0x9f),
  'lone high surrogate': codeUnit(0xd800, 0xdbff),
  'lone low surrogate': codeUnit(0xdc00, 0xdfff),
  'reversed surrogate pair': fc.tuple(codeUnit(0xdc00, 0xdfff), codeUnit(0xd800, 0xdbff)).map(([low, high]) => low + high),
  'non-character': fc
    .oneof(fc.integer({ min: 0xfdd0, max: 0xfdef }), fc.tuple(fc.integer({ min: 0, max: 16 }), fc.constantFrom(0xfffe, 0xffff)).map(([plane, low]) => plane * 0x10000 + low))
    .map((c) => String.fromCodePoint(c)),
  'bidi override or isolate': fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'),
};
export const SURROGATE_CLASSES = ['lone high surrogate', 'lone low surrogate', 'reversed surrogate pair'];

/** Tab and line breaks: refused on one line, taken by multi-line text. */
export const LINE_BREAKS: fc.Arbitrary<string> = fc.constantFrom('\t', '\n', '\r', '\r\n', '\n\n', '\t\t');

/** Japanese text every free-text field takes and stores as sent: kanji, kana, full-width forms, emoji as well-formed pairs. */
export const JAPANESE_TEXT: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('子どものなやみ相談', 'ライン・ソウダン～ー', 'ｿｳﾀﾞﾝ', '０１２０－０００－０００', '（ＬＩＮＥ）', '\u3000', '𠮷野家', '𩸽', '①㈱', '々〆', ...EMOJI), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));

/** A string with a control character that text fields refuse (tab and newlines are allowed in multi-line ones). */
export const withControlChar: fc.Arbitrary<string> = fc
  .tuple(hostileText.map((s) => s.slice(0, 50)), fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u000b', '\u000c', '\u001f'), fc.string({ maxLength: 5 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

/** Invalid for a text field of at most `max` characters (null aside). */
export const invalidText = (max: number): fc.Arbitrary<unknown> => fc.oneof(wrongTypeNonNull, tooLong(max), withControlChar);

/** Invalid for a required (or non-nullable) text field of 1 to `max` characters. */
export const invalidRequiredText = (max: number): fc.Arbitrary<unknown> => fc.oneof(invalidText(max), fc.constant(null), fc.constant(''));

/** A string that is none of `allowed`. */
export const notOneOf = (allowed: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      hostileText,
      fc.constantFrom(...allowed.flatMap((a) => [a.toUpperCase(), ` ${a}`, `${a} `, `${a}\u0000`, `${a}s`, a.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))])),
    )
    .filter((s) => !allowed.includes(s));

export const invalidEnum = (allowed: readonly string[], nullable = false): fc.Arbitrary<unknown> =>
  nullable ? fc.oneof(notOneOf(allowed), wrongTypeNonNull) : fc.oneof(notOneOf(allowed), wrongType);

export const invalidBoolean = (nullable = false): fc.Arbitrary<unknown> =>
  fc.oneof(fc.constantFrom<unknown>('true', 'false', 'yes', 1, 0, '', [], {}, [true]), ...(nullable ? [] : [fc.constant(null)]));

/** Not an http(s) URL (null aside). */
export const invalidUrl: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeNonNull,
  fc.constantFrom('javascript:alert(1)', 'ftp://example.jp/', 'http//example.jp', 'http://', '//example.jp', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', `https://example.jp/${'a'.repeat(2100)}`, 'mailto:a@example.jp'),
  hostileText.filter((s) => !isHttpUrl(s)),
);

/** Not an instant the API takes (null aside). */
export const invalidInstant: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeNonNull,
  fc.constantFrom(
    '2021-03-26',
    '2021-03-26T00:00:00',
    '2021-02-30T00:00:00+09:00',
    '1989-12-31T23:59:59Z',
    '2100-01-01T00:00:00Z',
    '2021-03-26T25:00:00Z',
    '２０２１-03-26T00:00:00Z',
    '2021-03-26T00:00:00+9',
    'now',
    '',
    '2021-03-26 00:00:00+09:00',
    '+002021-03-26T00:00:00Z',
    '2021-03-26T00:00:00.1234567Z',
    '2021-W12-5',
    '2021-03-26T00:00:00+09:00\u0000',
    ' 2021-03-26T00:00:00Z',
  ),
  hostileText.filter((s) => !isInstant(s)),
);

const validTime = fc.constantFrom('00:00', '09:00', '12:30', '17:00', '23:59');
const badTime = fc.constantFrom('24:01', '25:00', '9:00', '09:0', '0900', '09:60', '-1:00', '１７:００', '17:00:00', '', ' 09:00', 'noon', '23:59:59');
const range = fc.record({
  day: fc.oneof(fc.constantFrom(...WEEKDAYS), fc.constantFrom('Mon', 'monday', '月', 'mon ', '', 'holiday')),
  start: fc.oneof(validTime, badTime, fc.constant('24:00')),
  end: fc.oneof(validTime, badTime),
});

/** Hours the API must refuse (null, "not known", aside). */
export const invalidHours: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.record({
      type: fc.constant('weekly'),
      publicHolidays: fc.oneof(fc.constantFrom(...HOLIDAY_RULES), fc.constantFrom('open', 'Closed', '', 'as_saturday')),
      ranges: fc.array(range, { maxLength: 4 }),
    }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: Array.from({ length: 51 }, (_, i) => ({ day: WEEKDAYS[i % 7], start: '00:00', end: '00:10' })) }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '12:00' }, { day: 'mon', start: '11:00', end: '13:00' }] }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'sun', start: '23:00', end: '01:00' }, { day: 'mon', start: '00:30', end: '02:00' }] }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '09:00' }] }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: [] }),
    fc.constant({ type: 'weekly', publicHolidays: 'closed', ranges: 'mon 9-17' }),
    fc.record({ type: fc.constantFrom('sometimes', 'ALWAYS', '', 'always ', 'Weekly') }),
    fc.record({ type: fc.constant('always'), extra: hostileText }),
    fc.record({ type: fc.constant('always'), notes: fc.oneof(fc.integer(), tooLong(500), fc.constant(null)) }),
    fc.record({ type: fc.constant('weekly'), publicHolidays: fc.constant('closed'), ranges: fc.constant([{ day: 'mon', start: '09:00', end: '12:00', tz: 'UTC' }]) }),
    fc.oneof(wrongTypeNonNull, hostileText),
  )
  .filter((value) => value !== null && hoursProblems(value).length > 0);

/** Not an operator code of any local government or national body. */
export const invalidOperatorCode: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  fc.constantFrom('011003', '271005', '01100', '0110022', '１１００２', '011002 ', ' 011002', 'MHLW', 'Mhlw', 'mhlw ', 'm', '999999', '000000', '016951', 'nosuchbody', 'mhlw; DROP'),
  hostileText.filter((s) => !(/^\d{6}$/.test(s) && isValidLgCode(s)) && !/^[a-z][a-z0-9_]{1,31}$/.test(s)),
);

/** A 6-digit code with a wrong check digit, or no code at all. */
export const invalidLgCode: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('011003', '271005', '01100', '0110022', '１１００２', '011002 ', 'abcdef', '', '000001'),
  hostileText.filter((s) => !isValidLgCode(s)),
);

export const invalidPrefecture: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('00', '48', '99', '1', '013', '１３', '13 ', ' 13', 'tokyo', '-1', '1e1', ''),
  hostileText.filter((s) => !PREFECTURE_CODE.test(s)),
);

/** Query values for `limit` that are not an integer from 1 to 500. */
export const invalidLimit = fc.constantFrom('0', '-1', '501', '1.5', 'abc', '1e3', '', '１０', 'Infinity', 'NaN', '99999999999999999999', '5 OR 1=1');

/**
 * Cursors no list issued and that cannot be read as one: garbage, or base64url of JSON
 * that is not an array of `arity` strings and numbers. (Arrays of the right length holding
 * values of the wrong type are left to a test of their own.)
 */
export const garbageCursor = (arity: number): fc.Arbitrary<string> =>
  fc.oneof(
    hostileText.filter((s) => s.length > 0),
    fc
      .oneof(
        fc.constantFrom<unknown>({ a: 1 }, 'x', 1, null, true),
        fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 5 }).filter((a) => a.length !== arity),
        fc.array(fc.oneof(fc.constant(null), fc.constant([1]), fc.constant({})), { minLength: arity, maxLength: arity }),
      )
      .map((value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')),
    fc.constantFrom('!!!', 'eyJh', 'W10', '%', '===', 'bnVsbA'),
  );

export const unknownKey = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom('colour', 'Name', 'name ', '$where', 'id', 'version', 'currentStatus', 'operator_code', 'createdAt', 'tokenId', 'recordedBy', 'isAdmin', 'role', 'a.b', 'x[y]', ''),
      fc.string({ minLength: 1, maxLength: 10 }),
    )
    .filter((k) => !known.includes(k) && !(PROTO_KEYS as readonly string[]).includes(k) && !(k in Object.prototype));

export const vocab = { SERVICE_CATEGORIES, SERVICE_STATUSES, AUDIENCES, CHANNEL_KINDS, EVENT_TYPES, LG_KINDS, FINDING_KINDS, SEVERITIES };

/** An invalid phone contact (what remains after trimming is neither empty nor a Japanese number; null, "not known", aside). */
export const invalidPhoneContact: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeNonNull,
  fc.constantFrom('abc', '0120-000-00', '+81-3-1234-5678', '03-1234-567８', '110110', '0000000000', '0120–000–000'),
  hostileText.filter((s) => s.trim() !== '' && s.length <= 300 && contactProblem('phone', s.trim()) !== null),
  tooLong(300),
);

/** As a broken field's value: the field is left out. */
export const MISSING = Symbol('missing');
/** As a broken field's value: the body is emptied (base and hostile fields) before the other broken fields are set. */
export const CLEAR = Symbol('clear');

export interface GeneratedBody {
  body: Record<string, unknown>;
  /** Names of the broken fields, for the failure message. */
  broken: string[];
  /** Broken parts of the request outside the body: keys starting with '@' (path ids, If-Match). */
  request: Record<string, unknown>;
  protoKey: string | null;
  protoValue: unknown;
}

/**
 * A body: a valid base, one to three fields made invalid (or left out), up to two made
 * hostile (valid or not), maybe a prototype key. Keys of `invalid` starting with '@' are
 * parts of the request outside the body; an invalid field's value CLEAR empties the body.
 */
export function invalidBody(
  base: Record<string, unknown>,
  invalid: Record<string, fc.Arbitrary<unknown>>,
  hostile: Record<string, fc.Arbitrary<unknown>>,
  known: readonly string[],
  options: { unknownFields?: boolean } = {},
): fc.Arbitrary<GeneratedBody> {
  const entries: Record<string, fc.Arbitrary<unknown>> = { ...invalid };
  if (options.unknownFields ?? true) entries.unknownField = fc.tuple(unknownKey(known), fc.oneof(hostileText, wrongType));
  const keys = Object.keys(entries);
  const hostileKeys = Object.keys(hostile);
  return fc
    .record({
      broken: fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: 3 }).chain((chosen) => fc.tuple(...chosen.map((k) => entries[k].map((v) => [k, v] as const)))),
      spiced: hostileKeys.length
        ? fc.uniqueArray(fc.constantFrom(...hostileKeys), { maxLength: 2 }).chain((chosen) => fc.tuple(...chosen.map((k) => hostile[k].map((v) => [k, v] as const))))
        : fc.constant([] as (readonly [string, unknown])[]),
      protoKey: fc.option(fc.constantFrom(...PROTO_KEYS), { freq: 4 }),
      protoValue: fc.constantFrom<unknown>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 'polluted'),
    })
    .map(({ broken, spiced, protoKey, protoValue }) => {
      const clear = broken.some(([, v]) => v === CLEAR);
      const body: Record<string, unknown> = clear ? {} : { ...base };
      if (!clear) for (const [k, v] of spiced) body[k] = v;
      const requestParts: Record<string, unknown> = {};
      for (const [k, v] of broken) {
        if (v === CLEAR) continue;
        if (k.startsWith('@')) requestParts[k] = v;
        else if (k === 'unknownField') {
          const [name, value] = v as [string, unknown];
          body[name] = value;
        } else if (v === MISSING) delete body[k];
        else body[k] = v;
      }
      return { body, broken: broken.map(([k]) => k), request: requestParts, protoKey, protoValue };
    });
}

/** JSON text of the body, with the prototype key written into it (JSON.stringify cannot produce an own "__proto__"). */
export function jsonWithProto(body: Record<string, unknown>, protoKey: string | null, protoValue: unknown): string {
  const text = JSON.stringify(body);
  if (!protoKey) return text;
  const rest = text.slice(1);
  return `{${JSON.stringify(protoKey)}:${JSON.stringify(protoValue)}${rest === '}' ? '' : ','}${rest}`;
}

/** Percent-encodes like encodeURIComponent, and a lone surrogate as its (invalid) WTF-8 bytes instead of throwing. */
export function encodeLoosely(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** A query string from pairs (a key may repeat). */
export function queryString(pairs: [string, string][]): string {
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`).join('&')}` : '';
}

export const invalidEvents: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  fc.constant([]),
  fc.constant(['gap.opened', 'gap.opened']),
  fc.array(notOneOf(EVENT_TYPES), { minLength: 1, maxLength: 3 }),
  fc.constant(['gap.opened', 'gap.exploded']),
);

export const invalidPrefectureList: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeNonNull,
  fc.constant([]),
  fc.constant(['27', '27']),
  fc.array(invalidPrefecture, { minLength: 1, maxLength: 3 }),
  fc.constant(Array.from({ length: 48 }, (_, i) => String(i + 1).padStart(2, '0'))),
);

export const invalidCategoryList: fc.Arbitrary<unknown> = fc.oneof(
  wrongTypeNonNull,
  fc.constant([]),
  fc.constant(['consultation', 'consultation']),
  fc.array(notOneOf(SERVICE_CATEGORIES), { minLength: 1, maxLength: 3 }),
);

export const invalidAudiences: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  fc.constant(['children', 'children']),
  fc.constant([...AUDIENCES, 'general']),
  fc.array(notOneOf(AUDIENCES), { minLength: 1, maxLength: 3 }),
  fc.array(wrongTypeNonNull, { minLength: 1, maxLength: 2 }),
);

/**
 * UTF-8 bytes of a string, with a lone surrogate written as its (invalid) WTF-8 bytes, as a
 * file saved by a program that does not check would hold it (Buffer.from would write U+FFFD).
 */
export function wtf8(value: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    parts.push(code >= 0xd800 && code <= 0xdfff ? Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}
