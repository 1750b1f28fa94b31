import { actsFor, hasAgencyWideReach, needsDepartment } from './reach';

describe('reach', () => {
  it('is agency-wide for admins, for supervisors not placed in a department, or when an admin set the flag', () => {
    expect(hasAgencyWideReach(['admin'], false)).toBe(true);
    expect(hasAgencyWideReach(['admin'], false, 'DKKD')).toBe(true);
    expect(hasAgencyWideReach(['supervisor'], false)).toBe(true);
    expect(hasAgencyWideReach(['supervisor'], false, 'DAUTU')).toBe(false);
    expect(hasAgencyWideReach(['reviewer', 'admin'], false, 'DKKD')).toBe(true);
    expect(hasAgencyWideReach(['approver'], true, 'LANH_DAO')).toBe(true);
    expect(hasAgencyWideReach(['supervisor'], true, 'DAUTU')).toBe(true);
  });

  it('never comes from a missing department for the staff who work steps', () => {
    expect(hasAgencyWideReach(['reviewer'], false)).toBe(false);
    expect(hasAgencyWideReach(['approver'], false, null)).toBe(false);
    expect(hasAgencyWideReach(['reception'], false)).toBe(false);
    expect(hasAgencyWideReach(['reviewer'], false, 'DKKD')).toBe(false);
  });

  it('asks reviewers and approvers for a department, not the desk, supervisors or admins', () => {
    expect(needsDepartment(['reviewer'])).toBe(true);
    expect(needsDepartment(['approver'])).toBe(true);
    expect(needsDepartment(['supervisor', 'approver'])).toBe(true);
    expect(needsDepartment(['reception'])).toBe(false);
    expect(needsDepartment(['supervisor'])).toBe(false);
    expect(needsDepartment(['admin'])).toBe(false);
  });

  it("lets an agency's staff act for the agencies merged into it, never the other way round", () => {
    // The 2019 Department of Planning and Investment merged into the Department of Finance on 1/3/2025.
    const finance = { agencyCode: '000.00.11.H62', predecessorCodes: ['000.00.10.H62'] };
    expect(actsFor(finance, '000.00.11.H62')).toBe(true);
    expect(actsFor(finance, '000.00.10.H62')).toBe(true);
    expect(actsFor(finance, '000.00.99.Z99')).toBe(false);
    expect(actsFor({ agencyCode: '000.00.10.H62' }, '000.00.11.H62')).toBe(false);
  });
});
