import { ROLE_FOR_STEP, ROLES } from './access';
import { AGENCY_WIDE_ROLES, DEPARTMENT_ROLES, hasAgencyWideReach, needsDepartment } from './reach';

// The role lists are what the API validates accounts against (ROLES) and what reach is made of:
// checked against the rules that use them, not restated.
describe('roles', () => {
  it('accepts every role a step needs, plus the admin and the supervisor, each once', () => {
    expect(new Set(ROLES).size).toBe(ROLES.length);
    expect([...ROLES].sort()).toEqual([...new Set([...Object.values(ROLE_FOR_STEP), 'admin', 'supervisor'])].sort());
  });

  it('calls agency-wide exactly the roles that reach the whole agency outside a department', () => {
    expect(ROLES.filter((r) => hasAgencyWideReach([r], false)).sort()).toEqual([...AGENCY_WIDE_ROLES].sort());
  });

  it('asks a department exactly of the roles that work department steps', () => {
    expect(ROLES.filter((r) => needsDepartment([r])).sort()).toEqual([...DEPARTMENT_ROLES].sort());
    expect(DEPARTMENT_ROLES.every((r) => Object.values(ROLE_FOR_STEP).includes(r))).toBe(true);
  });
});
