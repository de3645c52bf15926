import { validateSync } from 'class-validator';
import { CHARACTER_CLASSES, characterClassOf, firstRefused, IsText, isCleanText, textProblem } from './text';

/** Every code point of a class, as a string (lone surrogates as single code units). */
function everyCodePoint(name: keyof typeof CHARACTER_CLASSES): string[] {
  return CHARACTER_CLASSES[name].ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => String.fromCodePoint(lo + i)));
}

describe('clean text: the one character rule', () => {
  describe('refuses, in one-line and multi-line text alike', () => {
    it.each([
      ['NUL', '\u0000'],
      ['another C0 control', '\u001b'],
      ['DEL', '\u007f'],
      ['a C1 control', '\u0085'],
    ])('%s', (_, char) => {
      for (const multiline of [false, true]) {
        expect(textProblem(`相談${char}窓口`, { multiline })).toMatch(/^must not contain control characters \(U\+00[0-9A-F]{2} at character 3\)$/);
      }
    });

    it('every C0 control but tab, LF and CR, DEL and every C1 control', () => {
      const refused = [...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
      expect(refused).toHaveLength(29 + 33);
      for (const code of refused) {
        expect({ code, ok: isCleanText(`a${String.fromCharCode(code)}b`, { multiline: true }) }).toEqual({ code, ok: false });
        expect(characterClassOf(code)).toBe('control');
      }
      expect(isCleanText('\u00a0\u00ff')).toBe(true); // Latin-1 past the C1 block passes.
    });

    it.each([
      ['a lone high surrogate', 'a\ud800b', 0xd800, 2],
      ['a lone high surrogate at the end', '相談\udbff', 0xdbff, 3],
      ['a lone low surrogate', '\udc00電話', 0xdc00, 1],
      ['a reversed pair (low before high)', 'x\ude00\ud83d', 0xde00, 2],
      ['a high surrogate followed by another high one', '\ud83d\ud83d\ude00', 0xd83d, 1],
    ])('%s', (_, value, codePoint, position) => {
      expect(firstRefused(value, { multiline: true })).toEqual({ class: 'surrogate', codePoint, position });
      expect(textProblem(value)).toMatch(/^must be well-formed Unicode \(it has a lone surrogate\)/);
    });

    it('every non-character: U+FDD0 to U+FDEF, and U+xFFFE and U+xFFFF in all 17 planes', () => {
      const all = everyCodePoint('nonCharacter');
      expect(all).toHaveLength(32 + 34);
      for (const char of all) expect({ char: char.codePointAt(0), problem: textProblem(`名前${char}`, { multiline: true }) }).toEqual({ char: char.codePointAt(0), problem: expect.stringMatching(/^must not contain Unicode non-characters/) });
      expect(textProblem('\u{10ffff}')).toBe('must not contain Unicode non-characters (U+10FFFF at character 1)');
      expect(textProblem('😀\u{1fffe}')).toBe('must not contain Unicode non-characters (U+1FFFE at character 2)');
      // Their neighbours are characters.
      expect(isCleanText('\ufdcf\ufdf0\ufffd\u{1fffd}\u{10fffd}')).toBe(true);
    });

    it('the bidi embedding, override and isolate controls U+202A-U+202E and U+2066-U+2069', () => {
      for (const char of everyCodePoint('bidiControl')) expect(textProblem(`abc${char}cba`, { multiline: true })).toMatch(/^must not contain bidirectional override or isolate controls/);
      expect(everyCodePoint('bidiControl')).toHaveLength(9);
    });
  });

  describe('tab, LF and CR', () => {
    it.each([['tab', '\t'], ['LF', '\n'], ['CR', '\r'], ['CRLF', '\r\n']])('%s: refused on one line, allowed in multi-line text', (_, char) => {
      expect(textProblem(`一行目${char}二行目`)).toMatch(/^must be a single line: no tabs or line breaks \(U\+000[9AD] at character 4\)$/);
      expect(textProblem(`一行目${char}二行目`, { multiline: true })).toBeNull();
    });
  });

  describe('passes legitimate Japanese text', () => {
    it.each([
      ['kanji and kana', '子どものなやみ相談（ＬＩＮＥ）'],
      ['katakana and the prolonged sound mark', 'ライン・ソウダン～ー'],
      ['half-width katakana', 'ｿｳﾀﾞﾝ ﾏﾄﾞｸﾞﾁ'],
      ['full-width digits, letters and punctuation', '０１２０－０００－０００　ＴＥＬ：＃１２３！'],
      ['the ideographic space and iteration marks', '人々\u3000時々〃〆'],
      ['CJK extension B (a surrogate pair)', '𠮷野家の𩸽'],
      ['emoji as surrogate pairs, with ZWJ sequences, skin tones, flags and variation selectors', '😀👨‍👩‍👧‍👦🧑🏽‍⚕️🇯🇵❤️'],
      ['circled and parenthesised forms Excel writes', '①㈱㍻'],
      ['U+FFFD itself, and a byte-order mark', '\ufffd\ufeff'],
      ['Arabic and Hebrew with the LRM and RLM marks (marks, not overrides)', 'مرحبا\u200eשלום\u200f'],
      ['a long value', 'あ'.repeat(10_000)],
      ['the empty string', ''],
    ])('%s', (_, value) => {
      expect(textProblem(value)).toBeNull();
      expect(textProblem(value, { multiline: true })).toBeNull();
    });
  });

  it('counts the position in characters: a surrogate pair is one', () => {
    expect(firstRefused('😀😀\u0000')).toEqual({ class: 'control', codePoint: 0, position: 3 });
    expect(firstRefused('ok')).toBeNull();
  });

  describe('IsText, the decorator every DTO text field uses', () => {
    class Sample {
      @IsText(10)
      name: unknown;

      @IsText(10, { multiline: true })
      notes: unknown;
    }
    const problems = (name: unknown, notes: unknown = 'ok') => {
      const sample = Object.assign(new Sample(), { name, notes });
      return validateSync(sample).map((e) => ({ field: e.property, messages: Object.values(e.constraints ?? {}) }));
    };

    it('passes clean text within the length', () => {
      expect(problems('相談窓口😀', 'a\nb\tc')).toEqual([]);
    });

    it('names the field with the rule\'s message', () => {
      expect(problems('a\u0000b')).toEqual([{ field: 'name', messages: ['must not contain control characters (U+0000 at character 2)'] }]);
      expect(problems('a\nb')).toEqual([{ field: 'name', messages: ['must be a single line: no tabs or line breaks (U+000A at character 2)'] }]);
      expect(problems('ok', '\ud800')).toEqual([{ field: 'notes', messages: ['must be well-formed Unicode (it has a lone surrogate) (U+D800 at character 1)'] }]);
    });

    it('leaves wrong types to IsString and lengths to MaxLength', () => {
      expect(problems(12)).toEqual([{ field: 'name', messages: ['name must be a string', 'name must be shorter than or equal to 10 characters'] }]);
      expect(problems('x'.repeat(11))).toEqual([{ field: 'name', messages: ['name must be shorter than or equal to 10 characters'] }]);
    });
  });
});
