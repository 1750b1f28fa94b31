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

  it('use the codes and names of the national catalog (hand-checked in the copy crawled from dichvucong.gov.vn on 18/07/2026)', () => {
    const byCode = new Map(DEMO_PROCEDURES.map((p) => [p.code, p]));
    expect(byCode.get('2.001610')).toMatchObject({ name: 'Đăng ký thành lập doanh nghiệp tư nhân', legalTime: { workingDays: 3 } });
    expect(byCode.get('2.001583')).toMatchObject({ name: 'Đăng ký thành lập công ty TNHH một thành viên', legalTime: { workingDays: 3 } });
    expect(byCode.get('2.002043')).toMatchObject({ name: 'Đăng ký thành lập công ty cổ phần', legalTime: { workingDays: 3 } });
    expect(byCode.get('2.002011')?.name).toMatch(/^Đăng ký thay đổi thành viên hợp danh; .*đăng ký thay đổi người đại diện theo pháp luật của công ty trách nhiệm hữu hạn, công ty cổ phần;/);
    expect(byCode.get('2.002029')?.name).toBe('Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo (doanh nghiệp, chi nhánh, văn phòng đại diện, địa điểm kinh doanh)');
    // The Investment Law's period is "35 ngày" (days), beside "03 ngày làm việc" in the same procedure: calendar days.
    expect(byCode.get('1.009645')).toMatchObject({ name: 'Thủ tục chấp thuận chủ trương đầu tư thuộc thẩm quyền của Chủ tịch Uỷ ban nhân dân cấp tỉnh', legalTime: { calendarDays: 35 } });
    // The codes seeded before under other names: 2.002020 is the closing of a branch in the catalog; the others are not in it.
    for (const wrong of ['2.002002', '2.002020', '2.002035', '2.002049', '1.001612']) expect(byCode.has(wrong)).toBe(false);
    expect(Object.entries(CATALOG_SOURCES).filter(([, s]) => !s.verified)).toEqual([]);
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
