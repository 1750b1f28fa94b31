import { DEFAULT_CALENDAR, hasAgencyWideReach, needsDepartment, validatePlan } from '../../domain/src';
import { CATALOG_SOURCES, DEMO_AGENCY_CODE, DEMO_DEPARTMENTS, DEMO_PROCEDURES, DEMO_USERS, MERGER_DATE, MERGER_HISTORY, PREDECESSOR_AGENCY } from './seed';

describe('seeded procedure catalog', () => {
  it('has at least five real procedures besides the demo, each a valid plan that fits its legal time', () => {
    expect(DEMO_PROCEDURES.filter((p) => !p.code.startsWith('9.')).length).toBeGreaterThanOrEqual(5);
    for (const p of DEMO_PROCEDURES) expect({ code: p.code, problems: validatePlan(p, DEFAULT_CALENDAR) }).toEqual({ code: p.code, problems: [] });
  });
});

describe('seeded catalog sources (issue 19 item 5)', () => {
  it('cite a source for every real procedure and say whether its code could be verified', () => {
    const real = DEMO_PROCEDURES.filter((p) => !p.code.startsWith('9.'));
    for (const p of real) expect({ code: p.code, source: typeof CATALOG_SOURCES[p.code]?.source }).toEqual({ code: p.code, source: 'string' });
    expect(Object.keys(CATALOG_SOURCES).sort()).toEqual(real.map((p) => p.code).sort());
  });

  it('use the codes checked against published lists (hand-checked): 2.001610 is private-enterprise registration, 1.009645 the approval of investment policy', () => {
    const byCode = new Map(DEMO_PROCEDURES.map((p) => [p.code, p]));
    expect(byCode.get('2.001610')).toMatchObject({ name: 'Đăng ký thành lập doanh nghiệp tư nhân', legalTime: { workingDays: 3 } });
    // Phú Thọ's publication: 35 working days (28 at the department, 7 at the provincial People's Committee).
    expect(byCode.get('1.009645')).toMatchObject({ name: 'Chấp thuận chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh', legalTime: { workingDays: 35 } });
    expect(byCode.has('1.001612')).toBe(false);
    expect(Object.entries(CATALOG_SOURCES).filter(([, s]) => s.verified).map(([c]) => c).sort()).toEqual(['1.009645', '2.001610']);
  });
});

describe('seeded merger (issue 19 item 6)', () => {
  it('has dossiers on both sides of 1 March 2025, under the code of the agency that received them', () => {
    expect(MERGER_DATE).toBe('2025-03-01');
    const before = MERGER_HISTORY.filter((d) => d.received < MERGER_DATE);
    const after = MERGER_HISTORY.filter((d) => d.received >= MERGER_DATE);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    for (const d of before) expect(d.code.startsWith(`${PREDECESSOR_AGENCY.code}-`)).toBe(true);
    for (const d of after) expect(d.code.startsWith(`${DEMO_AGENCY_CODE}-`)).toBe(true);
    // Received before the merger, finished after it: handled by the successor.
    expect(before.some((d) => d.finished >= MERGER_DATE && d.agencyCode === DEMO_AGENCY_CODE)).toBe(true);
  });
});

describe('seeded demo accounts', () => {
  it('give every reviewer and approver a seeded department, and agency-wide reach only to the admin and the supervisor', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const u of DEMO_USERS.filter((u) => needsDepartment(u.roles))) expect({ u: u.username, known: departments.has(u.departmentCode ?? '') }).toEqual({ u: u.username, known: true });
    expect(DEMO_USERS.filter((u) => hasAgencyWideReach(u.roles, false, u.departmentCode)).map((u) => u.username).sort()).toEqual(['admin', 'supervisor']);
  });
});
