import { hoursProblems } from '../src/hours/hours';
import { isValidLgCode } from '../src/local-governments/lg-code';
import { SERVICE_CATEGORIES, SERVICE_STATUSES, AUDIENCES } from '../src/line-services/vocabulary';
import { CHANNEL_KINDS } from '../src/line-services/contact';
import { isInstant } from '../src/common/time';
import { textProblem } from '../src/common/text';
import { LINE_2021_CASES, SOURCES_END, verificationOf } from './line-2021-cases';
import { ORGANIZATION_2021_CASES, SEED_ORGANIZATIONS } from './organizations';
import { ORGANIZATION_CODE } from '../src/organizations/organization-code';
import { ORGANIZATION_LEGAL_FORMS } from '../src/line-services/vocabulary';
import { FORMER_ENGLISH_CASES } from './line-2021-cases-former-english';
import { formerRecordRenames } from './former-records';
import { readLocalGovernments } from './local-governments';
import { NATIONAL_BODIES, OPERATOR_NOTES } from './national-bodies';

describe('seed data', () => {
  const lgs = readLocalGovernments();
  const lgCodes = new Set(lgs.map((lg) => lg.code));
  const bodyCodes = new Set(NATIONAL_BODIES.map((b) => b.code));

  it('reads all 1,959 local governments, each ward with its city', () => {
    expect(lgs).toHaveLength(1959);
    const sapporoChuo = lgs.find((lg) => lg.code === '011011');
    expect(sapporoChuo?.parent_code).toBe('011002');
    const sakaiWard = lgs.find((lg) => lg.name === '堺市堺区');
    expect(sakaiWard?.parent_code).toBe(lgs.find((lg) => lg.name === '堺市')?.code);
  });

  it('names only operators that exist, and uses only the registry\'s words', () => {
    for (const service of LINE_2021_CASES) {
      const known = /^\d{6}$/.test(service.operatorCode) ? isValidLgCode(service.operatorCode) && lgCodes.has(service.operatorCode) : bodyCodes.has(service.operatorCode);
      expect({ operator: service.operatorCode, known }).toEqual({ operator: service.operatorCode, known: true });
      expect(SERVICE_CATEGORIES).toContain(service.category);
      for (const audience of service.audiences) expect(AUDIENCES).toContain(audience);
      for (const change of service.timeline) {
        expect(SERVICE_STATUSES).toContain(change.status);
        if (change.effectiveAt !== null) expect(isInstant(change.effectiveAt)).toBe(true);
      }
      if (service.lineHours) expect(hoursProblems(service.lineHours)).toEqual([]);
      for (const channel of service.channels ?? []) {
        expect(CHANNEL_KINDS).toContain(channel.kind);
        if (channel.hours) expect(hoursProblems(channel.hours)).toEqual([]);
      }
    }
  });

  it('records hours only where a source stated them, as stated: 大阪府教育センター on Mondays, 大阪市 on Thursdays, times not given', () => {
    const withLineHours = LINE_2021_CASES.filter((s) => s.lineHours).map((s) => [s.operatorCode, s.lineHours]);
    expect(withLineHours).toEqual([
      ['270008', expect.objectContaining({ type: 'days', days: ['mon'] })],
      ['271004', expect.objectContaining({ type: 'days', days: ['thu'] })],
    ]);
  });

  it('holds only clean text, as the API would take it (one line but for descriptions, reasons and notes)', () => {
    const problems: string[] = [];
    const check = (where: string, value: string | undefined, multiline = false) => {
      const problem = value === undefined ? null : textProblem(value, { multiline });
      if (problem) problems.push(`${where}: ${problem}`);
    };
    for (const service of LINE_2021_CASES) {
      check(`${service.name} name`, service.name);
      check(`${service.name} nameEn`, service.nameEn);
      check(`${service.name} department`, service.department);
      check(`${service.name} description`, service.description, true);
      for (const change of service.timeline) check(`${service.name} reason`, change.reason, true);
      for (const channel of service.channels ?? []) {
        check(`${service.name} channel label`, channel.label);
        check(`${service.name} channel notes`, channel.notes, true);
      }
    }
    expect(problems).toEqual([]);
  });

  it('dates every change within March 2021 when it is dated at all', () => {
    const dated = LINE_2021_CASES.flatMap((s) => s.timeline).filter((c) => c.effectiveAt !== null);
    expect(dated.length).toBeGreaterThan(0);
    for (const change of dated) expect(change.effectiveAt!.startsWith('2021-03-')).toBe(true);
  });

  it('has one service per operator and name, and per operator and English name', () => {
    const keys = LINE_2021_CASES.map((s) => `${s.operatorCode}/${s.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const english = LINE_2021_CASES.map((s) => `${s.operatorCode}/${s.nameEn}`);
    expect(new Set(english).size).toBe(english.length);
  });

  describe('in Japanese', () => {
    const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
    const LATIN_ONLY = /^[\x20-\x7e]+$/;

    it('names every service in Japanese, with an English rendering beside it, both within the API\'s 200 characters', () => {
      const notJapanese = LINE_2021_CASES.filter((s) => !JAPANESE.test(s.name)).map((s) => s.name);
      expect(notJapanese).toEqual([]);
      const notEnglish = LINE_2021_CASES.filter((s) => !LATIN_ONLY.test(s.nameEn)).map((s) => `${s.name}: ${s.nameEn}`);
      expect(notEnglish).toEqual([]);
      for (const s of LINE_2021_CASES) expect([s.name.length, s.nameEn.length].every((n) => n >= 1 && n <= 200)).toBe(true);
    });

    it('uses the proper names the sources give, exactly', () => {
      const names = (operator: string) => LINE_2021_CASES.filter((s) => s.operatorCode === operator).map((s) => s.name);
      expect(names('110001')).toContain('SNS教育相談@埼玉県教委');
      expect(names('270008')).toContain('LINE相談');
      expect(names('120006').sort()).toEqual(['いのち支えるSNS@ちば', 'SNS相談@ちば'].sort());
    });

    it('writes descriptions, reasons, channel labels and notes in Japanese, and the operators\' notes too', () => {
      const texts = LINE_2021_CASES.flatMap((s) => [
        s.description,
        ...s.timeline.map((c) => c.reason),
        ...(s.channels ?? []).flatMap((c) => [c.label, ...(c.notes === undefined ? [] : [c.notes])]),
      ]);
      const notes = [...Object.values(OPERATOR_NOTES), ...NATIONAL_BODIES.flatMap((b) => (b.notes === null ? [] : [b.notes]))];
      expect([...texts, ...notes].filter((text) => !JAPANESE.test(text))).toEqual([]);
      const sapporo = LINE_2021_CASES.find((s) => s.operatorCode === '011002' && s.name === '子どもの悩み相談')!;
      expect(sapporo.channels!.map((c) => c.label)).toEqual(['電話相談', 'メール相談', '面談']);
    });

    it('keeps, as nameEn, the English name each service had before (and the proper names as they were)', () => {
      expect(FORMER_ENGLISH_CASES).toHaveLength(LINE_2021_CASES.length);
      LINE_2021_CASES.forEach((now, i) => {
        const former = FORMER_ENGLISH_CASES[i].name;
        expect({ now: now.name, former }).toEqual({ now: now.name, former: JAPANESE.test(former) ? now.name : now.nameEn });
      });
    });

    it('lines the former English records up with the current ones, case by case, and refuses lists that do not line up', () => {
      const renames = formerRecordRenames(LINE_2021_CASES, FORMER_ENGLISH_CASES);
      expect(renames.services).toHaveLength(LINE_2021_CASES.length);
      expect(renames.channels).toHaveLength(LINE_2021_CASES.flatMap((s) => s.channels ?? []).length);
      expect(renames.services.find((r) => r.operator_code === '011002' && r.former_name === 'Children\'s worries consultation')).toEqual(
        expect.objectContaining({ name: '子どもの悩み相談', name_en: 'Children\'s worries consultation' }),
      );
      expect(renames.channels.filter((r) => r.operator_code === '011002' && r.name === '子どもの悩み相談').map((r) => [r.former_label, r.label])).toEqual([
        ['Phone consultation', '電話相談'],
        ['E-mail consultation', 'メール相談'],
        ['In-person interview', '面談'],
      ]);
      expect(() => formerRecordRenames(LINE_2021_CASES, FORMER_ENGLISH_CASES.slice(1))).toThrow(/do not line up/);
      // 札幌市's water-bill payment where its children's consultation was: not the same case.
      const shuffled = FORMER_ENGLISH_CASES.map((c, i) => (i === 2 ? FORMER_ENGLISH_CASES[5] : c));
      expect(shuffled[2].name).toBe('Water-bill payment via LINE Pay');
      expect(() => formerRecordRenames(LINE_2021_CASES, shuffled)).toThrow(/is not the former case/);
    });
  });

  describe('organisations (D×P)', () => {
    const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

    it('registers D×P as a 認定NPO法人 covering the whole country (全国から受付), by a valid code, with nothing the source does not give', () => {
      expect(SEED_ORGANIZATIONS).toEqual([{ code: 'dxp', name: 'D×P', legalForm: 'certified_npo', coverage: { nationwide: true } }]);
      for (const o of SEED_ORGANIZATIONS) {
        expect(ORGANIZATION_CODE.test(o.code)).toBe(true);
        expect(ORGANIZATION_LEGAL_FORMS).toContain(o.legalForm);
        // No national body has the code: an operator code names one operator.
        expect(bodyCodes.has(o.code)).toBe(false);
      }
    });

    it('gives 「ユキサキチャット」 only the facts its source states: a continued LINE consultation for teenagers, no hours, no channels, no page, no English name', () => {
      expect(ORGANIZATION_2021_CASES).toHaveLength(1);
      const [yukisaki] = ORGANIZATION_2021_CASES;
      expect(yukisaki).toEqual(
        expect.objectContaining({ operatorCode: 'dxp', name: 'ユキサキチャット', category: 'consultation', audiences: ['children', 'youth'], handlesPersonalData: true, verifiedAt: '2021-03-25T00:00:00+09:00' }),
      );
      for (const absent of ['nameEn', 'lineHours', 'channels', 'department', 'lifeCritical']) expect(yukisaki).not.toHaveProperty(absent);
      expect(yukisaki.timeline).toEqual([{ status: 'active', effectiveAt: null, reason: expect.stringContaining('継続') }]);
      for (const text of [yukisaki.name, yukisaki.description, ...yukisaki.timeline.map((c) => c.reason)]) {
        expect(textProblem(text, { multiline: true })).toBeNull();
        expect(JAPANESE.test(text)).toBe(true);
        // No phone number, e-mail address or page.
        expect(text).not.toMatch(/\d{2,4}-\d{2,4}-\d{3,4}|@|https?:/);
      }
      expect(SEED_ORGANIZATIONS.map((o) => o.code)).toContain(yukisaki.operatorCode);
    });
  });

  describe('verified as of their source dates', () => {
    const all = [...LINE_2021_CASES, ...ORGANIZATION_2021_CASES];

    it('verifies every case within the sources\' March 2021, by an official notice', () => {
      for (const service of all) {
        const { verifiedAt, method } = verificationOf(service);
        expect(isInstant(verifiedAt)).toBe(true);
        expect(Date.parse(verifiedAt)).toBeGreaterThanOrEqual(Date.parse('2021-03-17T00:00:00+09:00'));
        expect(Date.parse(verifiedAt)).toBeLessThanOrEqual(Date.parse(SOURCES_END));
        expect(method).toBe('official_notice');
      }
    });

    it('takes the date of the reported fact: the dated change, D×P\'s statement, else the last day the sources cover', () => {
      const at = (operator: string, name: string) => verificationOf(all.find((s) => s.operatorCode === operator && s.name === name)!).verifiedAt;
      expect(at('011002', '子どもの悩み相談')).toBe('2021-03-26T00:00:00+09:00');
      expect(at('110001', 'SNS教育相談@埼玉県教委')).toBe('2021-03-29T00:00:00+09:00');
      expect(at('mhlw', '入国者の健康状態の確認')).toBe('2021-03-20T00:00:00+09:00');
      expect(at('dxp', 'ユキサキチャット')).toBe('2021-03-25T00:00:00+09:00');
      // Undated in the sources: 三重県's suspension, 千葉県's exception.
      expect(at('240001', '就職氷河期世代の就職相談（LINE）')).toBe(SOURCES_END);
      expect(at('120006', 'いのち支えるSNS@ちば')).toBe(SOURCES_END);
      for (const service of all) {
        const dated = service.timeline.filter((c) => c.effectiveAt !== null);
        const { verifiedAt, note } = verificationOf(service);
        if (service.verifiedAt === undefined && dated.length === 0) expect([verifiedAt, note]).toEqual([SOURCES_END, expect.stringContaining('2021年3月31日')]);
      }
    });
  });
});
