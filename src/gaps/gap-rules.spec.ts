import { DEFAULT_STALE_POLICY, findingSeverity, gapSeverity, isStale, lowerSeverity, severitySql, SeverityInput, stalePolicyDays, stalePolicyDaysSql, staleSince, stopBeforeSwitch } from './gap-rules';

const service = (overrides: Partial<SeverityInput> = {}): SeverityInput => ({
  category: 'information',
  lifeCritical: false,
  audiences: ['general'],
  handlesPersonalData: false,
  ...overrides,
});

describe('gap severity', () => {
  it('is critical for a consultation service that is life-critical or used by children or youth', () => {
    expect(gapSeverity(service({ category: 'consultation', lifeCritical: true }))).toBe('critical');
    expect(gapSeverity(service({ category: 'consultation', audiences: ['children'] }))).toBe('critical');
    expect(gapSeverity(service({ category: 'consultation', audiences: ['parents', 'youth'] }))).toBe('critical');
  });

  it('is high for any other consultation service, or one handling personal data', () => {
    expect(gapSeverity(service({ category: 'consultation', audiences: ['job_seekers'] }))).toBe('high');
    expect(gapSeverity(service({ category: 'reservation', handlesPersonalData: true }))).toBe('high');
    // Children alone do not make a non-consultation service critical.
    expect(gapSeverity(service({ category: 'information', audiences: ['children'], lifeCritical: true }))).toBe('medium');
  });

  it('is medium otherwise', () => {
    expect(gapSeverity(service())).toBe('medium');
  });

  it('puts contact_unknown and hours_not_covered one step below the gap they qualify', () => {
    const childLine = service({ category: 'consultation', audiences: ['children'] });
    expect(findingSeverity('no_alternative', childLine)).toBe('critical');
    expect(findingSeverity('impending_no_alternative', childLine)).toBe('critical');
    expect(findingSeverity('contact_unknown', childLine)).toBe('high');
    expect(findingSeverity('hours_not_covered', service())).toBe('low');
    expect(lowerSeverity('low')).toBe('low');
  });

  it('writes the same rules as SQL', () => {
    const sql = severitySql('s');
    expect(sql).toContain("WHEN (s.category = 'consultation' AND s.life_critical) OR (s.category = 'consultation' AND s.audiences && ARRAY['children', 'youth']::text[]) THEN 'critical'");
    expect(sql).toContain("WHEN (s.category = 'consultation') OR (s.handles_personal_data) THEN 'high'");
    expect(sql).toContain("WHEN true THEN 'medium'");
  });
});

describe('stale_record', () => {
  const policy = DEFAULT_STALE_POLICY;

  it('allows 30 days to life-critical consultation and to any service for children, 90 to the others', () => {
    expect(stalePolicyDays(service({ category: 'consultation', lifeCritical: true }), policy)).toBe(30);
    expect(stalePolicyDays(service({ category: 'information', audiences: ['parents', 'children'] }), policy)).toBe(30);
    // Life-critical alone, or a youth consultation, is not on the short policy.
    expect(stalePolicyDays(service({ category: 'information', lifeCritical: true }), policy)).toBe(90);
    expect(stalePolicyDays(service({ category: 'consultation', audiences: ['youth'] }), policy)).toBe(90);
    expect(stalePolicyDays(service(), { days: 7, urgentDays: 3 })).toBe(7);
  });

  it('counts from the last verification, or from creation when never verified, in days of 24 hours, and is stale only after', () => {
    const created = new Date('2026-01-01T00:00:00.000Z');
    const verified = new Date('2026-03-01T12:34:56.789Z');
    expect(staleSince(null, created, 30).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(staleSince(verified, created, 90).toISOString()).toBe('2026-05-30T12:34:56.789Z');
    const since = staleSince(verified, created, 90);
    expect(isStale('active', since, since)).toBe(false);
    expect(isStale('active', since, new Date(since.getTime() + 1))).toBe(true);
    expect(isStale('suspended', since, new Date(since.getTime() + 1))).toBe(true);
    for (const status of ['discontinued', 'planned', 'postponed', null]) expect(isStale(status, since, new Date(since.getTime() + 1))).toBe(false);
  });

  it('sits one step below the gap of its service', () => {
    expect(findingSeverity('stale_record', service({ category: 'consultation', audiences: ['children'] }))).toBe('high');
    expect(findingSeverity('stale_record', service())).toBe('low');
  });

  it('writes the policy as SQL with the configured days', () => {
    expect(stalePolicyDaysSql('s', { days: 120, urgentDays: 14 })).toBe(
      "(CASE WHEN (s.category = 'consultation' AND s.life_critical) OR (s.audiences && ARRAY['children']::text[]) THEN 14 ELSE 120 END)",
    );
  });
});

describe('stop_before_switch', () => {
  const plan = (stopOn: string | null, switchOn: string | null) => ({ toKind: 'chat_platform', stopOn, switchOn });

  it('holds when the stop is dated before the switch, until the switch day', () => {
    expect(stopBeforeSwitch(plan('2026-04-01', '2026-04-10'), '2026-03-01')).toBe(true);
    expect(stopBeforeSwitch(plan('2026-04-01', '2026-04-10'), '2026-04-09')).toBe(true);
    expect(stopBeforeSwitch(plan('2026-04-01', '2026-04-10'), '2026-04-10')).toBe(false);
  });

  it('does not hold for a switch first, a stop on the switch day, or dates not given', () => {
    expect(stopBeforeSwitch(plan('2026-04-10', '2026-04-01'), '2026-03-01')).toBe(false);
    expect(stopBeforeSwitch(plan('2026-04-10', '2026-04-10'), '2026-03-01')).toBe(false);
    expect(stopBeforeSwitch(plan(null, '2026-04-10'), '2026-03-01')).toBe(false);
    expect(stopBeforeSwitch(plan('2026-04-01', null), '2026-03-01')).toBe(false);
    expect(stopBeforeSwitch({ toKind: null, stopOn: '2026-04-01', switchOn: '2026-04-10' }, '2026-03-01')).toBe(false);
  });
});
