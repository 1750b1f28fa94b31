import type { components } from '../../api.generated';
import type { MsgKey } from '../../i18n';

// The shapes of the procedure admin pages, generated from the API's OpenAPI document.
type Schemas = components['schemas'];
export type ProcedureVersion = Schemas['ProcedureView'];
export type ProcedureBody = Schemas['CreateProcedureDto'];
export type PlanPreview = Schemas['PlanPreview'];
export type Duration = ProcedureVersion['legalTime'];
export type StepRole = ProcedureVersion['steps'][number]['role'];

export const DURATION_UNITS = ['workingDays', 'workingHours', 'calendarDays', 'seconds'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const STEP_ROLES: StepRole[] = ['reception', 'reviewer', 'approver', 'return'];

export function durationParts(d: Duration): { unit: DurationUnit; amount: number } {
  if ('workingDays' in d) return { unit: 'workingDays', amount: d.workingDays };
  if ('workingHours' in d) return { unit: 'workingHours', amount: d.workingHours };
  if ('calendarDays' in d) return { unit: 'calendarDays', amount: d.calendarDays };
  return { unit: 'seconds', amount: d.seconds };
}

/** "3 ngày làm việc", "15 ngày theo lịch" … in the reader's language. */
export function durationLabel(d: Duration, t: (k: MsgKey) => string): string {
  const { unit, amount } = durationParts(d);
  return `${amount} ${t(`unit_${unit}`)}`;
}
