import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationError, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { CATALOGUE, MessageId } from '../i18n/messages';
import { hoursProblems } from '../hours/hours';
import { CreateFallbackChannelDto } from '../line-services/dto/fallback-channel.dto';
import { CreateLineServiceDto, LineServiceQuery } from '../line-services/dto/line-service.dto';
import { CreateWebhookDto } from '../notifications/dto/webhook.dto';
import { AuditQuery } from '../access/dto/audit.dto';
import { OpeningHoursQuery } from '../hours/hours-interchange.controller';
import { constraintArguments, constraintMessageId, hoursProblemJa, hoursProblemMessage, renderConstraint } from './validation-ja';

/**
 * Every constraint the application validates requests with has its Japanese in the message
 * catalogue, so that no detail falls back to the generic message without anyone noticing.
 * The constraints are those class-validator holds after the application module (and so
 * every controller and DTO) is loaded, plus the ones the ValidationPipe raises itself.
 */
const storage = getMetadataStorage();

function registeredConstraints(): Map<string, string[]> {
  // class-validator keeps its metadata in a private map of class → rules; there is no public list.
  const byClass = (storage as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => object, ValidationMetadata[]> }).validationMetadatas;
  expect(byClass).toBeInstanceOf(Map);
  const used = new Map<string, string[]>();
  for (const [target, metadatas] of byClass) {
    if (target === AppConfig) continue; // the boot-time settings, never an API answer
    for (const metadata of metadatas) {
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) continue; // IsOptional, ValidateIf: never an error
      const name = metadata.type === ValidationTypes.CUSTOM_VALIDATION ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name : metadata.type;
      used.set(name, [...(used.get(name) ?? []), `${target.name}.${metadata.propertyName}`]);
    }
  }
  return used;
}

// Raised by the pipe, not declared on a DTO: unknown properties (forbidNonWhitelisted) and a
// body that is not an object (Nest's stand-in check).
const RAISED_BY_THE_PIPE = ['whitelistValidation', 'isObject'];

describe('the message catalogue covers every validation constraint', () => {
  expect(AppModule).toBeDefined();
  const used = registeredConstraints();

  it('finds the DTOs\' constraints, the project\'s own included', () => {
    expect([...used.keys()]).toEqual(expect.arrayContaining(['isIn', 'maxLength', 'isInt', 'min', 'max', 'isBoolean', 'isUuid', 'nestedValidation', 'isInstant', 'isCleanText', 'isHours', 'isHttpUrl', 'isOperatorCode']));
    expect(used.get('isHours')).toEqual(expect.arrayContaining(['CreateFallbackChannelDto.hours', 'CreateLineServiceDto.lineHours']));
  });

  it('has a Japanese message for each', () => {
    const missing = [...new Set([...used.keys(), ...RAISED_BY_THE_PIPE])]
      .filter((name) => !Object.hasOwn(CATALOGUE, constraintMessageId(name)))
      .map((name) => `${name} (${(used.get(name) ?? ['the pipe']).slice(0, 3).join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('renders every declared constraint, whatever the value, without falling back', () => {
    const byClass = (storage as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => object, ValidationMetadata[]> }).validationMetadatas;
    const failed: string[] = [];
    for (const [target, metadatas] of byClass) {
      if (target === AppConfig) continue;
      for (const metadata of metadatas) {
        if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) continue;
        const constraint = metadata.type === ValidationTypes.CUSTOM_VALIDATION ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name : metadata.type;
        for (const value of [undefined, null, 'x', '012345', 12, [], {}, 'a\u0000b']) {
          const rendered = renderConstraint({ constraint, english: 'the English', value, args: metadata.constraints ?? [], field: metadata.propertyName });
          if (rendered.messageJa === '入力値が正しくありません（the English）') failed.push(`${target.name}.${metadata.propertyName} ${constraint} (${JSON.stringify(value)})`);
        }
      }
    }
    expect(failed).toEqual([]);
  });
});

describe('the catalogue\'s English is the sentence the API sends', () => {
  /** Every failed constraint of a value, as the pipe meets them (nested ones included). */
  async function failures(dto: new () => object, plain: object) {
    const errors = await validate(plainToInstance(dto, plain), { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true } });
    const walk = (list: ValidationError[], parent: string): { constraint: string; english: string; rendered: ReturnType<typeof renderConstraint> }[] =>
      list.flatMap((error) => {
        const field = parent ? `${parent}.${error.property}` : error.property;
        const own = Object.entries(error.constraints ?? {}).map(([constraint, text]) => {
          const english = text.startsWith(`${error.property} `) ? text.slice(error.property.length + 1) : text;
          return { constraint, english, rendered: renderConstraint({ constraint, english, value: error.value, args: constraintArguments(error, constraint), field }) };
        });
        return [...own, ...walk(error.children ?? [], field)];
      });
    return walk(errors, '');
  }

  it('for class-validator\'s constraints and the project\'s own (the hours\' list and custom Matches messages aside)', async () => {
    const all = [
      ...(await failures(CreateLineServiceDto, { operatorCode: '01100', name: '', category: 'chat', audiences: ['general', 'general', 'x', 'y', 'z', 'a', 'b', 'c', 'd', 'e', 'f'], handlesPersonalData: 'yes', url: ` https://example.jp/`, department: 'a\u202eb', initialStatus: 'active', colour: 1 })),
      ...(await failures(CreateLineServiceDto, { operatorCode: 'Mhlw', name: 7, category: 'other', audiences: 'general', handlesPersonalData: true, url: `https://example.jp/${'a'.repeat(2100)}`, description: 'a\ud800b', initialStatus: { status: 'x', effectiveAt: 'yesterday', sourceUrl: 'mailto:a@example.jp' } })),
      ...(await failures(CreateFallbackChannelDto, { kind: 'pigeon', label: 'x'.repeat(201), validFrom: '2021-02-30T00:00:00+09:00', notes: 'a\u0007b', contact: 'a\uffffb' })),
      ...(await failures(LineServiceQuery, { limit: 0.5, prefecture: '48', hasOpenGap: 'maybe', cursor: 7 })),
      ...(await failures(LineServiceQuery, { limit: 501, q: 'a\tb' })),
      ...(await failures(CreateWebhookDto, { url: 'https://example.jp/', events: [], prefectures: [] })),
      ...(await failures(AuditQuery, { serviceId: 'not-a-uuid' })),
      ...(await failures(OpeningHoursQuery, { of: 'everything' })),
    ];
    const seen = new Set(all.map((f) => f.constraint));
    for (const name of ['isIn', 'maxLength', 'minLength', 'min', 'max', 'isInt', 'isBoolean', 'isString', 'isArray', 'arrayUnique', 'arrayMaxSize', 'arrayMinSize', 'isUuid', 'matches', 'whitelistValidation', 'nestedValidation', 'isInstant', 'isCleanText', 'isHttpUrl', 'isOperatorCode']) {
      expect(seen).toContain(name);
    }
    const disagreeing = all
      .filter((f) => f.constraint !== 'isHours' && !f.english.startsWith('each value in '))
      .filter((f) => !(f.constraint === 'matches' && !f.rendered.messageJa.startsWith('都道府県番号')))
      .filter((f) => f.rendered.message !== f.english)
      .map((f) => `${f.constraint}: "${f.english}" ≠ "${f.rendered.message}"`);
    expect(disagreeing).toEqual([]);
  });
});

describe('hours problems in Japanese', () => {
  const range = (overrides: Record<string, unknown>) => ({ day: 'mon', start: '09:00', end: '17:00', ...overrides });
  const weekly = (overrides: Record<string, unknown>) => ({ type: 'weekly', publicHolidays: 'closed', ranges: [range({})], ...overrides });
  // One value for each kind of problem hours.ts reports.
  const SAMPLES: unknown[] = [
    'Mo-Fr 09:00-17:00',
    { type: 'sometimes' },
    { type: 'always', colour: 'red', notes: 'a\u0000b' },
    { type: 'days' },
    { type: 'days', days: ['mon', 'mon', 'funday'] },
    weekly({ publicHolidays: 'maybe' }),
    weekly({ ranges: 'all day' }),
    weekly({ ranges: [] }),
    weekly({ ranges: Array.from({ length: 60 }, () => range({})) }),
    weekly({ ranges: ['9-17', range({ day: 'someday', start: '9:00', end: '49:00', extra: 1 })] }),
    weekly({ ranges: [range({ start: '10:00', end: '10:00' })] }),
    weekly({ ranges: [range({ lastIntake: '99:00' })] }),
    weekly({ ranges: [range({ lastIntake: '08:00' })] }),
    weekly({ ranges: [range({}), range({ start: '12:00', end: '18:00' })] }),
    weekly({ notes: 'x'.repeat(3000) }),
    weekly({ closures: 'never' }),
    weekly({ closures: Array.from({ length: 500 }, () => ({ from: '2021-01-01' })) }),
    weekly({ closures: ['new year', { from: '2021-13-01', to: '2021-01-02', yearly: 'yes', label: 7, why: 1 }] }),
    weekly({ closures: [{ from: '12-29', to: '01-40', yearly: true }, { from: '2021-03-02', to: '2021-03-01', label: 'a\u202eb' }] }),
    weekly({ specialOpenings: [{ from: '2021-01-01', ranges: [] }] }),
    weekly({ seasons: [{ from: '07-01', to: '08-31', yearly: true, ranges: 'summer' }] }),
    weekly({ monthly: [{ day: 'mon', week: 6, start: '09:00', end: '12:00' }] }),
  ];
  const problems = [...new Set(SAMPLES.flatMap((value) => hoursProblems(value)))];

  it('reads every problem hours.ts reports back into the catalogue', () => {
    expect(problems.length).toBeGreaterThan(30);
    const untranslated = problems.filter((problem) => hoursProblemJa('hours', problem).includes('指定に誤りがあります（'));
    expect(untranslated).toEqual([]);
  });

  it('uses every pattern it knows (the samples cover them all)', () => {
    const used = new Set(problems.map((problem) => hoursProblemMessage(problem, (path) => path)[0]));
    const known = Object.keys(CATALOGUE).filter((id) => id.startsWith('validation.hours.') && id !== 'validation.hours.other');
    expect(known.filter((id) => !used.has(id as MessageId))).toEqual([]);
  });

  it('names the full path and gives the Japanese', () => {
    expect(hoursProblemJa('hours', 'ranges[0].start must be a time HH:MM from 00:00 to 23:59')).toBe('hours.ranges[0].start: 時刻は HH:MM 形式（00:00〜23:59）で入力してください');
    expect(hoursProblemJa('lineHours', 'ranges[0] and ranges[1] overlap')).toBe('lineHours.ranges[0]: lineHours.ranges[1] と時間帯が重なっています');
    expect(hoursProblemJa('hours', 'must be an object with a type of "always", "days" or "weekly"')).toBe('hours: type が "always"、"days"、"weekly" のいずれかのオブジェクトで指定してください');
    expect(hoursProblemJa('hours', 'notes must not contain control characters (U+0000 at character 2)')).toBe('hours.notes: 制御文字は使用できません（2文字目: U+0000）');
    expect(hoursProblemJa('hours', 'something new')).toBe('hours: 指定に誤りがあります（something new）');
  });
});
