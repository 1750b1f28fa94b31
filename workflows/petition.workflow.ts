import { allHandlersFinished, ApplicationFailure, condition, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { REJECTED_CONFLICT, REJECTED_FORBIDDEN } from './dossier.contract';
import { petitionCommandUpdate, petitionReplanUpdate, petitionStateQuery, type PetitionActivities, type PetitionCommandInput, type PetitionInput, type PetitionRecord, type PetitionReplan, type PetitionView } from './petition.contract';
import { writesInOrder } from './ordered-writes';
import { applyPetition, initialPetition, isClosed, petitionAlarms, petitionDates, petitionRejection, replanPetition } from './petition.machine';

const { recordPetition } = proxyLocalActivities<PetitionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * One petition from receipt to its published answer. The workflow holds its state; the rules are
 * `petition.machine.ts`. Each write carries the open stage's alarms, which the deadline clock rings
 * (as a dossier's): the workflow itself keeps no timer and waits only for commands.
 */
export async function petitionWorkflow(input: PetitionInput): Promise<PetitionView> {
  const view = initialPetition(input);
  // The calendar in force for the petition: the one of receipt until a calendar change re-plans it.
  let calendar = input.calendar;
  let calendarVersion = input.calendarVersion ?? 0;
  let seq = 0;

  const inOrder = writesInOrder();
  const persist = async (type: string, payload: Record<string, unknown>, actor?: string) => {
    seq += 1;
    const record: PetitionRecord = {
      petition: JSON.parse(JSON.stringify(view)) as PetitionView,
      event: { seq, type, at: new Date().toISOString(), actor, payload },
      alarms: petitionAlarms(view),
    };
    await inOrder(() => recordPetition(record));
  };

  const refuse = (command: PetitionCommandInput) => {
    const no = petitionRejection(view, command);
    if (no) throw ApplicationFailure.nonRetryable(no.reason, no.kind === 'forbidden' ? REJECTED_FORBIDDEN : REJECTED_CONFLICT);
  };

  let registered = false;
  setHandler(petitionStateQuery, () => view);
  setHandler(
    petitionCommandUpdate,
    async (command: PetitionCommandInput) => {
      // A command delivered with the first task waits for the receipt's write: events stay in order.
      await condition(() => registered);
      // Re-checked here: validators of Updates delivered together all run before any handler.
      refuse(command);
      const { type, payload } = applyPetition(view, command, Date.now(), input.plan, calendar);
      await persist(type, payload, command.actor);
      return view;
    },
    { validator: refuse },
  );

  const refuseReplan = (change: PetitionReplan) => {
    if (isClosed(view)) throw ApplicationFailure.nonRetryable(`petition ${view.code} is ${view.status}: it is closed`, REJECTED_CONFLICT);
    if (change.version <= calendarVersion) throw ApplicationFailure.nonRetryable(`petition ${view.code} carries calendar version ${calendarVersion} already`, REJECTED_CONFLICT);
  };
  setHandler(
    petitionReplanUpdate,
    async (change: PetitionReplan) => {
      await condition(() => registered);
      refuseReplan(change);
      calendar = change.calendar;
      calendarVersion = change.version;
      const next = replanPetition(view, input.plan, calendar);
      const before = petitionDates(view);
      const after = petitionDates(next);
      // A change that moves none of its dates (a day off outside them) writes nothing.
      if (JSON.stringify(before) === JSON.stringify(after)) return { moved: false, petition: view };
      Object.assign(view, next);
      await persist('replanned', { calendarVersion, before, after }, 'calendar');
      return { moved: true, petition: view };
    },
    { validator: refuseReplan },
  );

  // The API wrote this first event already (read-your-write for the receipt); the write is idempotent.
  await persist('received', { source: input.source, kind: input.kind });
  registered = true;
  await condition(() => isClosed(view));
  await condition(allHandlersFinished);
  return view;
}
