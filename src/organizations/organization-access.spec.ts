import { canEditOrganization, canRegisterOrganization } from './organization-access';

describe('organisation access', () => {
  it('lets only the ministry register an organisation', () => {
    expect(canRegisterOrganization({ role: 'ministry' })).toBe(true);
    for (const role of ['prefecture', 'municipality', 'npo'] as const) expect(canRegisterOrganization({ role })).toBe(false);
  });

  it('lets the ministry and the npo token scoped to it change an organisation, and nobody else', () => {
    expect(canEditOrganization({ role: 'ministry', scope: null }, 'dxp')).toBe(true);
    expect(canEditOrganization({ role: 'npo', scope: 'dxp' }, 'dxp')).toBe(true);
    expect(canEditOrganization({ role: 'npo', scope: 'other_npo' }, 'dxp')).toBe(false);
    expect(canEditOrganization({ role: 'npo', scope: null }, 'dxp')).toBe(false);
    expect(canEditOrganization({ role: 'prefecture', scope: '13' }, 'dxp')).toBe(false);
    expect(canEditOrganization({ role: 'municipality', scope: '131016' }, 'dxp')).toBe(false);
  });
});
