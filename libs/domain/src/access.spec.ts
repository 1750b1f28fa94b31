import { mayAssignIn, mayWorkStep, type Actor } from './access';

const reviewer: Actor = { id: '1', username: 'an', fullName: 'An', roles: ['reviewer'], agencyCode: 'A', departmentCode: 'DKKD', agencyWide: false };

describe('step access', () => {
  it('lets a reviewer work review steps of their department that are theirs or unassigned', () => {
    expect(mayWorkStep(reviewer, { role: 'reviewer', departmentCode: 'DKKD' })).toBe(true);
    expect(mayWorkStep(reviewer, { role: 'reviewer', departmentCode: 'DKKD', assignee: 'an' })).toBe(true);
    expect(mayWorkStep(reviewer, { role: 'reviewer', departmentCode: 'DKKD', assignee: 'binh' })).toBe(false);
    expect(mayWorkStep(reviewer, { role: 'reviewer', departmentCode: 'DAUTU' })).toBe(false);
    expect(mayWorkStep(reviewer, { role: 'approver', departmentCode: 'DKKD' })).toBe(false);
  });

  it('gives the one-stop desk both the reception and the return steps', () => {
    const desk: Actor = { ...reviewer, roles: ['reception'], departmentCode: 'MOT_CUA' };
    expect(mayWorkStep(desk, { role: 'reception', departmentCode: 'MOT_CUA' })).toBe(true);
    expect(mayWorkStep(desk, { role: 'return', departmentCode: 'MOT_CUA' })).toBe(true);
    expect(mayWorkStep(desk, { role: 'reviewer', departmentCode: 'MOT_CUA' })).toBe(false);
  });

  it('lets department heads assign only in their department', () => {
    const head: Actor = { ...reviewer, roles: ['approver'] };
    expect(mayAssignIn(head, 'DKKD')).toBe(true);
    expect(mayAssignIn(head, 'DAUTU')).toBe(false);
    expect(mayAssignIn(reviewer, 'DKKD')).toBe(false);
    expect(mayAssignIn({ ...head, departmentCode: undefined }, 'DAUTU')).toBe(true);
  });
});
