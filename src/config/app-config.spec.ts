import { validateConfig } from './app-config';

describe('the stale_record policy settings', () => {
  it('default to 90 and 30 days, and are read as numbers', () => {
    expect(validateConfig({}).stalePolicy).toEqual({ days: 90, urgentDays: 30 });
    expect(validateConfig({ STALE_AFTER_DAYS: '120', STALE_AFTER_DAYS_URGENT: '14' }).stalePolicy).toEqual({ days: 120, urgentDays: 14 });
  });

  it('refuse to start on a malformed or inconsistent policy, naming the setting', () => {
    expect(() => validateConfig({ STALE_AFTER_DAYS: 'ninety' })).toThrow(/STALE_AFTER_DAYS/);
    expect(() => validateConfig({ STALE_AFTER_DAYS: '0' })).toThrow(/STALE_AFTER_DAYS/);
    expect(() => validateConfig({ STALE_AFTER_DAYS_URGENT: '2.5' })).toThrow(/STALE_AFTER_DAYS_URGENT/);
    expect(() => validateConfig({ STALE_AFTER_DAYS: '20' })).toThrow(/STALE_AFTER_DAYS_URGENT must not be longer than STALE_AFTER_DAYS/);
  });
});
