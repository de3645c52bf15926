import { hoursProblems } from '../src/hours/hours';
import { isValidLgCode } from '../src/local-governments/lg-code';
import { SERVICE_CATEGORIES, SERVICE_STATUSES, AUDIENCES } from '../src/line-services/vocabulary';
import { CHANNEL_KINDS } from '../src/line-services/contact';
import { isInstant } from '../src/common/time';
import { textProblem } from '../src/common/text';
import { LINE_2021_CASES } from './line-2021-cases';
import { readLocalGovernments } from './local-governments';
import { NATIONAL_BODIES } from './national-bodies';

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

  it('has one service per operator and name', () => {
    const keys = LINE_2021_CASES.map((s) => `${s.operatorCode}/${s.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
