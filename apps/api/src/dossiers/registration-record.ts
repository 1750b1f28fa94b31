import { alarms, initialMachine } from '../../../../workflows/dossier.machine';
import type { DossierInput, DossierView, ProgressRecord } from '../../../../workflows/dossier.contract';

/**
 * The projection write of a registration, as the workflow's first task makes it
 * (`persist('registered', …)` in workflows/dossier.workflow.ts), for INTAKE_MODE=start, where the
 * API writes it before the workflow runs. Built by the workflow's own pure functions from the
 * same input (`initialMachine`, `alarms`), so the receipt, the steps and the planned alarms are
 * the ones the workflow holds; the first task then finds event 1 written and writes nothing.
 *
 * Mirrors two details of the workflow file, which the API cannot import (it calls workflow-only
 * APIs at load): the event's payload, and an alarm's department (its step's, else the current
 * step's). test/e2e/intake-mode.e2e-spec.ts compares the result with the workflow's.
 */
export function registrationRecord(input: DossierInput, at: Date): { view: DossierView; record: ProgressRecord } {
  const m = initialMachine(input, input.calendarVersion ?? 0);
  // What the workflow sends: plain JSON (undefined fields dropped), as its Update returns it too.
  const view = JSON.parse(JSON.stringify(m.view)) as DossierView;
  const currentDepartment = m.view.steps.find((s) => s.key === m.view.currentStepKey)?.departmentCode;
  return {
    view,
    record: {
      applicant: input.applicant,
      channel: input.channel,
      dossier: view,
      event: {
        seq: 1,
        type: 'registered',
        at: at.toISOString(),
        payload: { status: view.status, dueAt: view.dueAt, procedureVersion: input.procedure.version, reception: input.reception },
      },
      alarms: alarms(m).map((a) => ({
        kind: a.kind,
        level: a.level,
        stepKey: a.step?.key,
        departmentCode: a.step?.departmentCode ?? currentDepartment,
        dueAt: a.dueAt,
        fireAt: new Date(a.at).toISOString(),
      })),
    },
  };
}
