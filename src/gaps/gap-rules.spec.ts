import { findingSeverity, gapSeverity, lowerSeverity, severitySql, SeverityInput } from './gap-rules';

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
