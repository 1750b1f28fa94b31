import { DEFAULT_CALENDAR, hasAgencyWideReach, needsDepartment, validatePlan } from '../../domain/src';
import { DEMO_DEPARTMENTS, DEMO_PROCEDURES, DEMO_USERS } from './seed';

describe('seeded procedure catalog', () => {
  it('has at least five real procedures besides the demo, each a valid plan that fits its legal time', () => {
    expect(DEMO_PROCEDURES.filter((p) => !p.code.startsWith('9.')).length).toBeGreaterThanOrEqual(5);
    for (const p of DEMO_PROCEDURES) expect({ code: p.code, problems: validatePlan(p, DEFAULT_CALENDAR) }).toEqual({ code: p.code, problems: [] });
  });
});

describe('seeded demo accounts', () => {
  it('give every reviewer and approver a seeded department, and agency-wide reach only to the admin and the supervisor', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const u of DEMO_USERS.filter((u) => needsDepartment(u.roles))) expect({ u: u.username, known: departments.has(u.departmentCode ?? '') }).toEqual({ u: u.username, known: true });
    expect(DEMO_USERS.filter((u) => hasAgencyWideReach(u.roles, false, u.departmentCode)).map((u) => u.username).sort()).toEqual(['admin', 'supervisor']);
  });
});
