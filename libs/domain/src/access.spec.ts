import { mayAssignIn, reachesDepartment, type Actor } from './access';

const reviewer: Actor = { id: '1', username: 'an', fullName: 'An', roles: ['reviewer'], agencyCode: 'A', departmentCode: 'DKKD', agencyWide: false };

describe('department reach', () => {
  it('covers the own department, and what belongs to no department', () => {
    expect(reachesDepartment(reviewer, 'DKKD')).toBe(true);
    expect(reachesDepartment(reviewer, 'DAUTU')).toBe(false);
    expect(reachesDepartment(reviewer, undefined)).toBe(true);
    expect(reachesDepartment(reviewer, null)).toBe(true);
  });

  it('covers every department only when agency-wide, never for lack of a department', () => {
    expect(reachesDepartment({ ...reviewer, departmentCode: undefined }, 'DAUTU')).toBe(false);
    expect(reachesDepartment({ ...reviewer, departmentCode: undefined }, 'DKKD')).toBe(false);
    expect(reachesDepartment({ ...reviewer, agencyWide: true }, 'DAUTU')).toBe(true);
    expect(reachesDepartment({ ...reviewer, departmentCode: undefined, agencyWide: true }, 'DAUTU')).toBe(true);
  });

  it('lets department heads assign only in the departments they reach', () => {
    const head: Actor = { ...reviewer, roles: ['approver'] };
    expect(mayAssignIn(head, 'DKKD')).toBe(true);
    expect(mayAssignIn(head, 'DAUTU')).toBe(false);
    expect(mayAssignIn(reviewer, 'DKKD')).toBe(false);
    expect(mayAssignIn({ ...head, departmentCode: undefined }, 'DAUTU')).toBe(false);
    expect(mayAssignIn({ ...head, agencyWide: true }, 'DAUTU')).toBe(true);
  });
});
