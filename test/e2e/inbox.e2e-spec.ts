import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';

jest.setTimeout(60_000);

// The inbox counts only so far: a limit of 3 here stands for the default 1,000.
const stack = useE2eStack({ INBOX_COUNT_LIMIT: '3' });
const desk = () => stack.as('reception');

interface TaskPage {
  items: { dossierCode: string; stepKey: string; dueAt: string }[];
  total: number;
  totalCapped?: boolean;
}

const inbox = async (page: number, pageSize: number): Promise<TaskPage> => (await desk().get('/api/tasks').query({ page, pageSize }).expect(200)).body;

describe('the inbox count', () => {
  it('is exact up to the limit or one past the page, says "more than" beyond it, and still counts a page past the end', async () => {
    const p = secondsProcedure([3600, 3600]);
    await stack.as('admin').post('/api/procedures').send(p).expect(201);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: `Trần Văn Nam ${i}` }, channel: 'counter' }).expect(201);
      codes.push(res.body.code);
    }

    // Four open reception steps, the limit 3: the first page of two says "more than 3".
    const first = await inbox(1, 2);
    expect(first).toMatchObject({ total: 3, totalCapped: true });
    // The second page ends at 4, so the count reaches one past it (5) and is exact.
    const second = await inbox(2, 2);
    expect(second.total).toBe(4);
    expect(second.totalCapped).toBeUndefined();
    // Both pages together are the four steps, soonest due first.
    expect([...first.items, ...second.items].map((t) => t.dossierCode)).toEqual(codes);
    // A page past the end has no items but still the count.
    expect(await inbox(3, 2)).toMatchObject({ items: [], total: 4 });
    expect(await inbox(1, 10)).toMatchObject({ total: 4 });

    // One done: three left, which is within the limit, so even a page of one counts them exactly.
    await desk().post(`/api/dossiers/${codes[0]}/steps/reception/complete`).send({}).expect(200);
    const after = await inbox(1, 1);
    expect(after).toMatchObject({ total: 3, items: [{ dossierCode: codes[1] }] });
    expect(after.totalCapped).toBeUndefined();
  });
});
