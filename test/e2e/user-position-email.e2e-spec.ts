import { useE2eStack } from '../support/e2e';

/**
 * The escalation chain tells people by position and by e-mail (issue 20): an admin sets both on an
 * account through the users API, reads them back, clears them with null; bad input is a 400 naming
 * the field; each change is audited as the other user changes are.
 */
jest.setTimeout(90_000);

const s = useE2eStack();
const PASSWORD = 'mat-khau-ban-dau-01';
const fields = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field);
const stored = async (username: string) =>
  ((await s.ds.query(`SELECT email, "position" FROM users WHERE username = $1`, [username])) as { email: string | null; position: string | null }[])[0];

describe('users: e-mail and position', () => {
  it('creates an account with an e-mail address and a position, lists them, changes and clears them; audited', async () => {
    const created = await s
      .as('admin')
      .post('/api/users')
      .send({ username: 'truong.dkkd', fullName: 'Lê Văn Trưởng', password: PASSWORD, departmentCode: 'DKKD', roles: ['approver'], email: 'truong.dkkd@so-ke-hoach.gov.vn', position: 'department_head' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'truong.dkkd', email: 'truong.dkkd@so-ke-hoach.gov.vn', position: 'department_head' });
    expect(await stored('truong.dkkd')).toEqual({ email: 'truong.dkkd@so-ke-hoach.gov.vn', position: 'department_head' });

    const plain = await s.as('admin').post('/api/users').send({ username: 'can.bo.moi', fullName: 'Phan Thị Mới', password: PASSWORD, roles: ['reception'] }).expect(201);
    expect(plain.body).toMatchObject({ email: null, position: null });

    const listed = (await s.as('admin').get('/api/users').expect(200)).body as { username: string; email: string | null; position: string | null }[];
    expect(listed.find((u) => u.username === 'truong.dkkd')).toMatchObject({ email: 'truong.dkkd@so-ke-hoach.gov.vn', position: 'department_head' });
    expect(listed.find((u) => u.username === 'can.bo.moi')).toMatchObject({ email: null, position: null });

    // Another position and address; absent fields stay.
    const moved = await s.as('admin').patch('/api/users/truong.dkkd').send({ position: 'agency_leader', email: 'giam.doc@so-ke-hoach.gov.vn' }).expect(200);
    expect(moved.body).toMatchObject({ departmentCode: 'DKKD', roles: ['approver'], email: 'giam.doc@so-ke-hoach.gov.vn', position: 'agency_leader' });
    await s.as('admin').patch('/api/users/truong.dkkd').send({ fullName: 'Lê Văn Giám' }).expect(200);
    expect(await stored('truong.dkkd')).toEqual({ email: 'giam.doc@so-ke-hoach.gov.vn', position: 'agency_leader' });
    // An agency leader needs no department.
    await s.as('admin').patch('/api/users/truong.dkkd').send({ departmentCode: null, roles: ['supervisor'] }).expect(200);

    const cleared = await s.as('admin').patch('/api/users/truong.dkkd').send({ email: null, position: null }).expect(200);
    expect(cleared.body).toMatchObject({ email: null, position: null });
    expect(await stored('truong.dkkd')).toEqual({ email: null, position: null });

    const audit = (await s.as('admin').get('/api/audit').query({ action: 'user_updated', pageSize: 200 }).expect(200)).body.items as {
      entityId: string;
      before: { email: string | null; position: string | null };
      after: { email: string | null; position: string | null };
    }[];
    const mine = audit.filter((e) => e.entityId === 'truong.dkkd');
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ before: expect.objectContaining({ position: 'department_head', email: 'truong.dkkd@so-ke-hoach.gov.vn' }), after: expect.objectContaining({ position: 'agency_leader', email: 'giam.doc@so-ke-hoach.gov.vn' }) }),
        expect.objectContaining({ before: expect.objectContaining({ position: 'agency_leader' }), after: expect.objectContaining({ position: null, email: null }) }),
      ]),
    );
    const createdEntry = (await s.as('admin').get('/api/audit').query({ action: 'user_created', pageSize: 200 }).expect(200)).body.items.find((e: { entityId: string }) => e.entityId === 'truong.dkkd');
    expect(createdEntry.after).toMatchObject({ email: 'truong.dkkd@so-ke-hoach.gov.vn', position: 'department_head' });
  });

  it('answers 400 naming email or position for a bad address, an unknown position or a department head without a department', async () => {
    const base = { fullName: 'Hồ Văn Sai', password: PASSWORD, roles: ['reception'] };
    const bad = async (body: object, field: string) => {
      const res = await s.as('admin').post('/api/users').send({ username: 'sai.du.lieu', ...base, ...body }).expect(400);
      expect(fields(res.body)).toEqual([field]);
    };
    await bad({ email: 'khong-phai-dia-chi' }, 'email');
    await bad({ email: 42 }, 'email');
    await bad({ position: 'chairman' }, 'position');
    await bad({ position: 'department_head' }, 'position');
    // None of the refusals made the account.
    expect(await s.ds.query(`SELECT 1 FROM users WHERE username = 'sai.du.lieu'`)).toEqual([]);

    await s.as('admin').post('/api/users').send({ username: 'truong.motcua2', ...base, departmentCode: 'MOT_CUA', position: 'department_head' }).expect(201);
    const patchBad = async (body: object, field: string) => {
      const res = await s.as('admin').patch('/api/users/truong.motcua2').send(body).expect(400);
      expect(fields(res.body)).toEqual([field]);
    };
    await patchBad({ email: 'a@' }, 'email');
    await patchBad({ position: 'leader' }, 'position');
    // The head's department taken away: the department is what the admin just changed.
    await patchBad({ departmentCode: null }, 'departmentCode');
    expect(await stored('truong.motcua2')).toEqual({ email: null, position: 'department_head' });
    // Both at once is fine.
    await s.as('admin').patch('/api/users/truong.motcua2').send({ departmentCode: null, position: null }).expect(200);
    await patchBad({ position: 'department_head' }, 'position');

    await s.as('reception').patch('/api/users/truong.motcua2').send({ position: 'agency_leader' }).expect(403);
  });
});
