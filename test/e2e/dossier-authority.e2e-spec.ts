import { hash } from '@node-rs/argon2';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import request from 'supertest';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import type { Role } from '../../libs/domain/src';
import { commandUpdate, REJECTED_FORBIDDEN, type ActorRef, type DossierAction } from '../../workflows/dossier.contract';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';

/**
 * The workflow is the authority on who may act (issue 17 items 1 and 2): a claim made between an
 * officer's read and their command wins even when the API's early check is bypassed or stale; the
 * desk's double click is a 409, not a 403; `allowedActions` differs per caller and is exactly what
 * each caller may then do.
 */
jest.setTimeout(90_000);

const stack = useE2eStack();
const SECOND_REVIEWER = 'dkkd.reviewer.b';
let reviewerB: string;
let procedureCode: string;

type Caller = Role | typeof SECOND_REVIEWER;
const client = (who: Caller) => (who === SECOND_REVIEWER ? as(stack.url, reviewerB) : stack.as(who));

beforeAll(async () => {
  await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, 'DKKD', '{reviewer}')`, [
    SECOND_REVIEWER, 'Hồ Thị Bích (chuyên viên ĐKKD)', await hash('mat-khau-thu-nghiem-2026'), DEMO_AGENCY_CODE,
  ]);
  reviewerB = (await request(stack.url).post('/api/auth/login').send({ username: SECOND_REVIEWER, password: 'mat-khau-thu-nghiem-2026' }).expect(200)).body.accessToken;
  const p = secondsProcedure([3600, 3600, 3600, 3600]);
  await stack.as('admin').post('/api/procedures').send(p).expect(201);
  procedureCode = p.code;
});

async function registered(): Promise<string> {
  const { body } = await stack.as('reception').post('/api/dossiers').send({ procedureCode, applicant: { name: 'Trịnh Văn Long' }, channel: 'counter' }).expect(201);
  return body.code as string;
}

/** A dossier whose reception step is done: it waits at its DKKD review step, unassigned. */
async function atReview(): Promise<string> {
  const code = await registered();
  await stack.as('reception').post(`/api/dossiers/${code}/steps/reception/complete`).send({}).expect(200);
  return code;
}

async function actorOf(username: string): Promise<ActorRef> {
  const [u]: { id: string; roles: Role[]; department_code: string }[] = await stack.ds.query(`SELECT id::text AS id, roles, department_code FROM users WHERE username = $1`, [username]);
  return { id: u.id, username, roles: u.roles, agencyCode: DEMO_AGENCY_CODE, departmentCode: u.department_code, agencyWide: false };
}

const detail = async (who: Caller, code: string) => (await client(who).get(`/api/dossiers/${code}`).expect(200)).body as { allowedActions: DossierAction[]; dueAt: string; currentStepKey?: string; events: { type: string; actor?: string }[]; steps: { key: string; assignee?: string }[] };

describe('a claim between an officer’s read and their command', () => {
  it('is enforced by the workflow: sent straight to Temporal, over HTTP, and over HTTP on a stale projection row', async () => {
    const code = await atReview();
    // Officer A (the demo reviewer) reads the dossier: the step is open to them.
    expect((await detail('reviewer', code)).allowedActions).toEqual(expect.arrayContaining(['complete', 'claim']));
    // Officer B claims it meanwhile.
    await client(SECOND_REVIEWER).post(`/api/tasks/${code}~review/claim`).expect(200);

    // A's complete, sent to the workflow with no API in front of it.
    const a = await actorOf('reviewer');
    const direct = await stack.client.workflow.getHandle(code).executeUpdate(commandUpdate, { args: [{ type: 'complete', stepKey: 'review', actor: 'reviewer', by: a }] }).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (direct as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: REJECTED_FORBIDDEN, message: `step review is claimed by ${SECOND_REVIEWER}` });

    // Over HTTP: 403 with the reason.
    const http = await stack.as('reviewer').post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    expect(http.body.message).toBe(`step review is claimed by ${SECOND_REVIEWER}`);

    // The projection row the API checks early is made stale (no assignee, as before the claim):
    // the API lets the command through and the workflow still refuses it, 403.
    await stack.ds.query(`UPDATE dossiers SET view = jsonb_set(view, '{steps,1}', (view->'steps'->1) - 'assignee') WHERE code = $1`, [code]);
    expect((await detail('reviewer', code)).allowedActions).toContain('complete');
    const stale = await stack.as('reviewer').post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    expect(stale.body.message).toBe(`step review is claimed by ${SECOND_REVIEWER}`);

    const state = await stack.client.workflow.getHandle(code).query<{ currentStepKey?: string; steps: { key: string; assignee?: string }[] }>('state');
    expect(state.currentStepKey).toBe('review');
    expect(state.steps[1].assignee).toBe(SECOND_REVIEWER);
    const events: { type: string }[] = await stack.ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [code]);
    expect(events.map((e) => e.type)).toEqual(['registered', 'step_completed', 'claimed']);
    // B, who holds it, completes it.
    await client(SECOND_REVIEWER).post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(200);
  });
});

describe('the desk completing its reception step twice', () => {
  it('answers the second click 409 (the step is theirs, only the state is wrong), also when both clicks race', async () => {
    const code = await registered();
    await stack.as('reception').post(`/api/dossiers/${code}/steps/reception/complete`).send({}).expect(200);
    const again = await stack.as('reception').post(`/api/dossiers/${code}/steps/reception/complete`).send({}).expect(409);
    expect(again.body.message).toBe('step reception is not current (current step: review)');

    const raced = await registered();
    const clicks = await Promise.all([1, 2].map(() => stack.as('reception').post(`/api/dossiers/${raced}/steps/reception/complete`).send({})));
    expect(clicks.map((r) => r.status).sort()).toEqual([200, 409]);
    const events: { type: string }[] = await stack.ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [raced]);
    expect(events.map((e) => e.type)).toEqual(['registered', 'step_completed']);
  });
});

describe('allowedActions', () => {
  const ALL: DossierAction[] = ['receive', 'complete', 'sendBack', 'requestSupplement', 'supplementReceived', 'reschedule', 'refuse', 'withdraw', 'recordReturn', 'claim', 'assign'];

  /** The HTTP call of each action on a dossier waiting at its review step. */
  function perform(who: Caller, action: DossierAction, code: string, dueAt: string) {
    const c = client(who);
    const post = (path: string, body: object = {}) => c.post(path).send(body);
    const calls: Record<DossierAction, () => request.Test> = {
      receive: () => post(`/api/dossiers/${code}/receive`),
      complete: () => post(`/api/dossiers/${code}/steps/review/complete`),
      sendBack: () => post(`/api/dossiers/${code}/steps/review/return`, { toStepKey: 'reception', reason: 'Thiếu chữ ký' }),
      requestSupplement: () => post(`/api/dossiers/${code}/supplement-requests`, { reason: 'Bổ sung CCCD', items: ['CCCD'] }),
      supplementReceived: () => post(`/api/dossiers/${code}/supplements`),
      // A week on: the same weekday. A day on from a Friday due date is a Saturday, which the API refuses (400 on newDueAt).
      reschedule: () => post(`/api/dossiers/${code}/reschedule`, { newDueAt: new Date(Date.parse(dueAt) + 7 * 86_400_000).toISOString(), reason: 'Chờ ý kiến liên ngành' }),
      refuse: () => post(`/api/dossiers/${code}/refuse`, { reason: 'Không đủ điều kiện' }),
      withdraw: () => post(`/api/dossiers/${code}/withdraw`, { reason: 'Người nộp xin rút' }),
      recordReturn: () => post(`/api/dossiers/${code}/return-result`),
      claim: () => post(`/api/tasks/${code}~review/claim`),
      assign: () => post(`/api/tasks/${code}~review/assign`, { assignee: SECOND_REVIEWER }),
    };
    return calls[action]();
  }

  const EXPECTED: [Caller, DossierAction[]][] = [
    ['reviewer', ['complete', 'sendBack', 'requestSupplement', 'refuse', 'claim']],
    [SECOND_REVIEWER, ['complete', 'sendBack', 'requestSupplement', 'refuse', 'claim']],
    ['approver', ['reschedule', 'assign']],
    ['reception', ['withdraw']],
    ['supervisor', []],
    ['admin', []],
  ];

  it.each(EXPECTED)('lists for %s what they may do at the review step, and each listed action succeeds while every other is refused', async (who, expected) => {
    const shared = await atReview();
    const { allowedActions, dueAt } = await detail(who, shared);
    expect(allowedActions).toEqual(expected);
    for (const action of ALL.filter((x) => !allowedActions.includes(x))) {
      const res = await perform(who, action, shared, dueAt);
      expect(`${action} → ${res.status}`).toMatch(new RegExp(`^${action} → (403|409)$`));
    }
    expect((await detail('admin', shared)).events.map((e) => e.type)).toEqual(['registered', 'step_completed']);
    for (const action of allowedActions) {
      const fresh = await atReview();
      const res = await perform(who, action, fresh, (await detail(who, fresh)).dueAt);
      expect(`${action} → ${res.status}`).toBe(`${action} → 200`);
    }
  });

  it('follows the claim: the claimer keeps the work, the other officer has none left', async () => {
    const code = await atReview();
    await stack.as('reviewer').post(`/api/tasks/${code}~review/claim`).expect(200);
    expect((await detail('reviewer', code)).allowedActions).toEqual(['complete', 'sendBack', 'requestSupplement', 'refuse']);
    expect((await detail(SECOND_REVIEWER, code)).allowedActions).toEqual([]);
    expect((await detail('approver', code)).allowedActions).toEqual(['reschedule', 'assign']);
  });
});
