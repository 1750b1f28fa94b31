import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import { classifyFinished, durationUnit, planDossier, planStep } from '../libs/domain/src';
import {
  completeStepUpdate,
  dossierStateQuery,
  registerUpdate,
  STATUS_CODES,
  type AlertKind,
  type CompleteStepInput,
  type DossierActivities,
  type DossierInput,
  type DossierView,
  type StepView,
} from './dossier.contract';

// Local activities: the projection write and the alert insert run inside the workflow task, saving
// two server round trips per change; both writes are idempotent, so a re-run on replay is harmless.
const { recordProgress, recordAlert } = proxyLocalActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

interface Alarm {
  key: string;
  kind: AlertKind;
  at: number;
  dueAt: string;
  step?: StepView;
}

/**
 * One dossier from receipt to the end of processing. The workflow holds the process state and
 * every deadline; each deadline is a durable timer (one `condition` with a timeout on the
 * earliest pending alarm), so lateness is noticed by the engine, never by polling.
 */
export async function dossierWorkflow(input: DossierInput): Promise<DossierView> {
  const cal = input.calendar;
  const plan = planDossier(new Date(input.receivedAt), input.procedure, cal);
  const iso = (d: Date) => d.toISOString();

  const view: DossierView = {
    code: input.code,
    agencyCode: input.agencyCode,
    procedureCode: input.procedure.code,
    procedureVersion: input.procedure.version,
    status: 'received',
    statusCode: STATUS_CODES.received,
    receivedAt: iso(plan.receivedAt),
    dueAt: iso(plan.dueAt),
    atRiskAt: iso(plan.atRiskAt),
    currentStepKey: plan.steps[0].key,
    steps: plan.steps.map((s, position) => ({
      key: s.key,
      name: s.name,
      role: s.role,
      departmentCode: s.departmentCode,
      position,
      clock: durationUnit(input.procedure.steps[position].duration),
      status: position === 0 ? 'active' : 'pending',
      startedAt: position === 0 ? iso(s.startAt) : undefined,
      dueAt: iso(s.dueAt),
      atRiskAt: iso(s.atRiskAt),
    })),
  };
  let seq = 0;
  let registered = false;
  let changes = 0;
  const fired = new Set<string>();

  const current = (): StepView | undefined => view.steps.find((s) => s.status === 'active');
  const finished = () => view.finishedAt !== undefined;
  const persist = async (type: string, payload: Record<string, unknown>, actor?: string) => {
    seq += 1;
    await recordProgress({
      applicant: input.applicant,
      channel: input.channel,
      dossier: JSON.parse(JSON.stringify(view)) as DossierView,
      event: { seq, type, at: iso(new Date()), actor, payload },
    });
  };

  setHandler(dossierStateQuery, () => view);
  setHandler(registerUpdate, async () => {
    await condition(() => registered);
    return view;
  });
  setHandler(
    completeStepUpdate,
    async ({ stepKey, note, actor }: CompleteStepInput) => {
      const step = current();
      // Re-checked here: validators of updates delivered together run before either handler.
      if (!step || step.key !== stepKey) throw ApplicationFailure.nonRetryable(`step ${stepKey} is not current`, 'StepNotCurrent');
      const now = new Date();
      step.status = 'done';
      step.completedAt = iso(now);
      step.timeliness = classifyFinished(now, new Date(step.dueAt), cal);
      step.note = note;
      const next = view.steps[step.position + 1];
      if (next) {
        const planned = planStep(now, input.procedure.steps[next.position], cal);
        Object.assign(next, { status: 'active', startedAt: iso(now), dueAt: iso(planned.dueAt), atRiskAt: iso(planned.atRiskAt) });
        view.currentStepKey = next.key;
        view.status = 'processing';
      } else {
        view.currentStepKey = undefined;
        view.finishedAt = iso(now);
        view.timeliness = classifyFinished(now, new Date(view.dueAt), cal);
        view.status = step.role === 'return' ? 'returned' : 'awaiting_return';
      }
      view.statusCode = STATUS_CODES[view.status];
      changes += 1;
      await persist('step_completed', { stepKey, timeliness: step.timeliness, note, finished: finished() }, actor);
      return view;
    },
    {
      validator: ({ stepKey }: CompleteStepInput) => {
        const step = current();
        if (!registered) throw new Error('dossier is not registered yet');
        if (!step) throw new Error('dossier is finished: no step is open');
        if (step.key !== stepKey) throw new Error(`step ${stepKey} is not current (current step: ${step.key})`);
      },
    },
  );

  await persist('registered', { dueAt: view.dueAt, procedureVersion: input.procedure.version });
  registered = true;

  const pendingAlarms = (): Alarm[] => {
    const alarms: Alarm[] = [];
    const step = current();
    if (step) {
      alarms.push({ key: `step_at_risk:${step.key}`, kind: 'step_at_risk', at: Date.parse(step.atRiskAt), dueAt: step.dueAt, step });
      alarms.push({ key: `step_overdue:${step.key}`, kind: 'step_overdue', at: Date.parse(step.dueAt), dueAt: step.dueAt, step });
    }
    if (!finished()) {
      alarms.push({ key: 'dossier_at_risk', kind: 'dossier_at_risk', at: Date.parse(view.atRiskAt), dueAt: view.dueAt });
      alarms.push({ key: 'dossier_overdue', kind: 'dossier_overdue', at: Date.parse(view.dueAt), dueAt: view.dueAt });
    }
    return alarms.filter((a) => !fired.has(a.key)).sort((a, b) => a.at - b.at);
  };

  while (!finished()) {
    const next = pendingAlarms()[0];
    const seen = changes;
    const wait = next.at - Date.now();
    // A state change (step completed) re-plans the alarms; otherwise the timer fires the alarm.
    const changed = wait > 0 ? await condition(() => changes !== seen, wait) : false;
    if (changed) continue;
    fired.add(next.key);
    log.info('deadline alarm', { dossierCode: view.code, kind: next.kind, stepKey: next.step?.key });
    await recordAlert({
      kind: next.kind,
      dossierCode: view.code,
      stepKey: next.step?.key,
      departmentCode: next.step?.departmentCode ?? view.steps.find((s) => s.status === 'active')?.departmentCode,
      dueAt: next.dueAt,
    });
  }

  await condition(allHandlersFinished);
  return view;
}
