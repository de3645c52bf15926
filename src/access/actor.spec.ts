import { canReadAudit, canWriteService, ServiceJurisdiction } from './actor';

const osakaCity: ServiceJurisdiction = { localGovernmentCode: '271004', parentCode: null, prefectureCode: '27', nationalBodyCode: null };
const osakaPref: ServiceJurisdiction = { localGovernmentCode: '270008', parentCode: null, prefectureCode: '27', nationalBodyCode: null };
const sapporoChuo: ServiceJurisdiction = { localGovernmentCode: '011011', parentCode: '011002', prefectureCode: '01', nationalBodyCode: null };
const mhlw: ServiceJurisdiction = { localGovernmentCode: null, parentCode: null, prefectureCode: null, nationalBodyCode: 'mhlw' };

describe('jurisdiction', () => {
  it('lets a prefecture write its own services and its municipalities\'', () => {
    const osaka = { role: 'prefecture' as const, scope: '27' };
    expect(canWriteService(osaka, osakaPref)).toBe(true);
    expect(canWriteService(osaka, osakaCity)).toBe(true);
    expect(canWriteService(osaka, sapporoChuo)).toBe(false);
    expect(canWriteService(osaka, mhlw)).toBe(false);
  });

  it('lets a municipality write only its own, and a designated city its wards\'', () => {
    expect(canWriteService({ role: 'municipality', scope: '271004' }, osakaCity)).toBe(true);
    expect(canWriteService({ role: 'municipality', scope: '271004' }, osakaPref)).toBe(false);
    expect(canWriteService({ role: 'municipality', scope: '011002' }, sapporoChuo)).toBe(true);
    expect(canWriteService({ role: 'municipality', scope: '011011' }, { ...sapporoChuo, localGovernmentCode: '011002', parentCode: null })).toBe(false);
  });

  it('lets the ministry write national bodies\' services only, and an NPO nothing', () => {
    expect(canWriteService({ role: 'ministry', scope: null }, mhlw)).toBe(true);
    expect(canWriteService({ role: 'ministry', scope: null }, osakaCity)).toBe(false);
    for (const target of [mhlw, osakaCity, osakaPref]) expect(canWriteService({ role: 'npo', scope: null }, target)).toBe(false);
  });

  it('shows the audit trail to the ministry and the owning prefecture', () => {
    expect(canReadAudit({ role: 'ministry', scope: null }, '27')).toBe(true);
    expect(canReadAudit({ role: 'ministry', scope: null }, null)).toBe(true);
    expect(canReadAudit({ role: 'prefecture', scope: '27' }, '27')).toBe(true);
    expect(canReadAudit({ role: 'prefecture', scope: '27' }, '01')).toBe(false);
    expect(canReadAudit({ role: 'prefecture', scope: '27' }, null)).toBe(false);
    expect(canReadAudit({ role: 'municipality', scope: '271004' }, '27')).toBe(false);
  });
});
