import { allHandlersFinished, ApplicationFailure, condition, log, patched, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { commandUpdate, dossierStateQuery, registerUpdate, replanPreviewQuery, REJECTED_CONFLICT, REJECTED_FORBIDDEN, type CommandInput, type DossierActivities, type DossierInput, type DossierView, type ProgressRecord } from './dossier.contract';
import { writesInOrder } from './ordered-writes';
import { alarmDepartment, alarms, apply, initialMachine, isTerminal, plannedAlarms, previewReplan, registeredPayload, rejection } from './dossier.machine';
import { progressQuery } from './reconcile.contract';

// Local activities: the projection write and the alert insert run inside the workflow task, saving
// two server round trips per change; both writes are idempotent, so a re-run on replay is harmless.
const { recordProgress, recordAlert } = proxyLocalActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * One dossier from the desk to the return of its result. The workflow holds the process state and
 * computes every deadline; the rules themselves live in `dossier.machine.ts` as pure functions.
 *
 * Since the deadline clock (patch `deadline-clock`), each write of the projection carries the
 * dossier's pending alarms and the clock workflow's one durable timer rings them
 * (`deadline-clock.workflow.ts`): a command re-plans them in the same transaction as the change.
 * Dossiers started before keep their own timer (one `condition` with a timeout on the earliest
 * pending alarm). Either way lateness is noticed by the engine, never by polling.
 */
export async function dossierWorkflow(input: DossierInput): Promise<DossierView> {
  const clock = patched('deadline-clock');
  const m = initialMachine(input, input.calendarVersion ?? 0);
  // Decree 118/2025's cap on supplement requests (dossier.machine.ts `supplementCap`): histories
  // recorded before it replay without it.
  m.patches = { oneSupplementRequest: patched('one-supplement-request') };
  const view = m.view;
  let seq = 0;
  // Workflow time stands still during a workflow task, but a local activity runs inside it: a
  // timer computed from that stale time would start (and fire) late by the activity's duration.
  // The activities return when they finished; that value is recorded in history, so using it is
  // deterministic on replay.
  let lastActivityEnd = 0;
  const now = () => Math.max(Date.now(), lastActivityEnd);
  let registered = false;
  let changes = 0;
  const fired = new Set<string>();

  const inOrder = writesInOrder();
  const persist = async (type: string, payload: Record<string, unknown>, actor?: string) => {
    seq += 1;
    const record: ProgressRecord = {
      applicant: input.applicant,
      channel: input.channel,
      dossier: JSON.parse(JSON.stringify(view)) as DossierView,
      event: { seq, type, at: new Date().toISOString(), actor, payload },
      ...(clock ? { alarms: plannedAlarms(m) } : {}),
    };
    lastActivityEnd = await inOrder(() => recordProgress(record));
  };

  /** The lifecycle machine decides who may do what now; its refusal's type tells the API 403 from 409. */
  const refuse = (command: CommandInput) => {
    const no = rejection(m, command, Date.now());
    if (no) throw ApplicationFailure.nonRetryable(no.reason, no.kind === 'forbidden' ? REJECTED_FORBIDDEN : REJECTED_CONFLICT);
  };

  setHandler(dossierStateQuery, () => view);
  // A query adds nothing to the history: no patch. The reconciliation reads a reset run with it.
  setHandler(progressQuery, () => ({
    seq,
    dossier: view,
    applicant: input.applicant,
    channel: input.channel,
    ...(clock ? { alarms: plannedAlarms(m) } : {}),
  }));
  // Also a query (no history, no patch): a calendar change's preview, by the rollout's own re-plan.
  setHandler(replanPreviewQuery, (calendar) => previewReplan(m, calendar));
  setHandler(registerUpdate, async () => {
    await condition(() => registered);
    return view;
  });
  setHandler(
    commandUpdate,
    async (command: CommandInput) => {
      // Re-checked here: validators of Updates delivered together all run before any handler.
      refuse(command);
      const { type, payload } = apply(m, command, Date.now());
      changes += 1;
      await persist(type, payload, command.actor);
      return view;
    },
    {
      validator: (command: CommandInput) => {
        if (!registered) throw new Error('dossier is not registered yet');
        refuse(command);
      },
    },
  );

  await persist('registered', registeredPayload(m, input));
  registered = true;

  // The clock rings the alarms: nothing to wait for here but the end.
  if (clock) await condition(() => isTerminal(view));

  while (!isTerminal(view)) {
    const next = alarms(m).find((a) => !fired.has(a.key));
    const seen = changes;
    if (!next) {
      // Nothing to time (paused, awaiting the applicant or the return): wait for the next command.
      await condition(() => changes !== seen);
      continue;
    }
    const wait = next.at - now();
    // A command re-plans the alarms; otherwise the timer fires the earliest one.
    if (wait > 0 && (await condition(() => changes !== seen, wait))) continue;
    fired.add(next.key);
    log.info('deadline alarm', { dossierCode: view.code, kind: next.kind, stepKey: next.step?.key });
    lastActivityEnd = await recordAlert({
      kind: next.kind,
      level: next.level,
      dossierCode: view.code,
      stepKey: next.step?.key,
      departmentCode: alarmDepartment(m, next),
      dueAt: next.dueAt,
    });
  }

  await condition(allHandlersFinished);
  return view;
}
