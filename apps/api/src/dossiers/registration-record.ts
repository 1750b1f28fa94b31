import { initialMachine, plannedAlarms, registeredPayload } from '../../../../workflows/dossier.machine';
import type { DossierInput, DossierView, ProgressRecord } from '../../../../workflows/dossier.contract';

/**
 * The projection write of a registration, as the workflow's first task makes it
 * (`persist('registered', …)` in workflows/dossier.workflow.ts), for INTAKE_MODE=start, where the
 * API writes it before the workflow runs. Built by the workflow's own pure functions from the
 * same input (`initialMachine`, `registeredPayload`, `plannedAlarms`), so the receipt, the steps,
 * the event and the planned alarms are the ones the workflow holds; the first task then finds
 * event 1 written and writes nothing.
 */
export function registrationRecord(input: DossierInput, at: Date): { view: DossierView; record: ProgressRecord } {
  const m = initialMachine(input, input.calendarVersion ?? 0);
  // What the workflow sends: plain JSON (undefined fields dropped), as its Update returns it too.
  const view = JSON.parse(JSON.stringify(m.view)) as DossierView;
  return {
    view,
    record: {
      applicant: input.applicant,
      channel: input.channel,
      dossier: view,
      event: { seq: 1, type: 'registered', at: at.toISOString(), payload: registeredPayload(m, input) },
      alarms: plannedAlarms(m),
    },
  };
}
