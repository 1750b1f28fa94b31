import type { WorkCalendar } from './calendar';
import { addWorkingMillis } from './deadline';
import { describeDuration, describeWorkingMillis, durationToMillis, durationUnit, validateDuration } from './duration';
import type { Duration } from './duration';
import { addPeriod, periodAtRisk } from './legal-time';
import type { StepRole } from '../../contracts/src';

// Declared with the response shapes, which the web app shares.
export type { StepRole } from '../../contracts/src';

export const STEP_ROLES: readonly StepRole[] = ['reception', 'reviewer', 'approver', 'return'];

export const DEFAULT_AT_RISK_RATIO = 0.75;

export interface StepPlan {
  key: string;
  name: string;
  role: StepRole;
  departmentCode?: string;
  duration: Duration;
  /** Share of the step's time after which it is at risk, in (0, 1); default DEFAULT_AT_RISK_RATIO. */
  atRiskRatio?: number;
}

export interface ProcedurePlan {
  code: string;
  name: string;
  agencyCode: string;
  legalTime: Duration;
  steps: StepPlan[];
}

export interface FieldError {
  /** Path such as 'steps[2].duration' */
  field: string;
  message: string;
}

export interface PlannedStep {
  key: string;
  name: string;
  role: StepRole;
  departmentCode?: string;
  startAt: Date;
  dueAt: Date;
  atRiskAt: Date;
}

export interface DossierPlan {
  receivedAt: Date;
  dueAt: Date;
  atRiskAt: Date;
  steps: PlannedStep[];
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** Every problem in a procedure plan, as field paths with messages; empty when valid. */
export function validatePlan(p: ProcedurePlan, cal: Pick<WorkCalendar, 'hoursPerWorkingDay'>): FieldError[] {
  const errors: FieldError[] = [];
  const legalProblems = validateDuration(p.legalTime);
  errors.push(...legalProblems.map((message) => ({ field: 'legalTime', message })));
  const legalUnit = legalProblems.length === 0 ? durationUnit(p.legalTime) : null;

  if (!Array.isArray(p.steps) || p.steps.length === 0) {
    errors.push({ field: 'steps', message: 'at least one step is required' });
    return errors;
  }

  const seenKeys = new Set<string>();
  let allComparable = legalUnit !== null;
  let stepsMillis = 0;
  p.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (!isNonEmptyString(step.key)) errors.push({ field: `${at}.key`, message: 'key is required' });
    else if (seenKeys.has(step.key)) errors.push({ field: `${at}.key`, message: `duplicate step key "${step.key}"` });
    else seenKeys.add(step.key);
    if (!isNonEmptyString(step.name)) errors.push({ field: `${at}.name`, message: 'name is required' });
    if (!STEP_ROLES.includes(step.role)) {
      errors.push({ field: `${at}.role`, message: `role must be one of ${STEP_ROLES.join(', ')}` });
    }
    if (step.atRiskRatio !== undefined) {
      const r = step.atRiskRatio;
      if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0 || r >= 1) {
        errors.push({ field: `${at}.atRiskRatio`, message: 'atRiskRatio must be a number strictly between 0 and 1' });
      }
    }
    const durationProblems = validateDuration(step.duration);
    if (durationProblems.length > 0) {
      errors.push(...durationProblems.map((message) => ({ field: `${at}.duration`, message })));
      allComparable = false;
      return;
    }
    const stepUnit = durationUnit(step.duration);
    // A legal time in calendar days may be planned inside in working days or hours (the internal
    // process) or in calendar days; elapsed demo clocks stay apart from both.
    const fits = stepUnit === legalUnit || (legalUnit === 'calendar' && stepUnit === 'working');
    if (legalUnit !== null && !fits) {
      errors.push({
        field: `${at}.duration`,
        message: `${legalUnit === 'elapsed' ? 'elapsed time' : legalUnit === 'calendar' ? 'working or calendar time' : 'working time'} expected like the legal time, got ${describeDuration(step.duration)}`,
      });
      allComparable = false;
      return;
    }
    // Working days against calendar days depend on the dates (weekends, Tết): not compared.
    if (stepUnit !== legalUnit) allComparable = false;
    if (stepUnit === 'calendar' && 'calendarDays' in step.duration) stepsMillis += step.duration.calendarDays;
    else if (stepUnit !== 'calendar') stepsMillis += durationToMillis(step.duration, cal);
  });

  if (allComparable && legalUnit === 'calendar' && 'calendarDays' in p.legalTime) {
    // Compared in whole days (stepsMillis holds days here).
    if (stepsMillis > p.legalTime.calendarDays) {
      errors.push({ field: 'steps', message: `the steps add up to ${describeDuration({ calendarDays: stepsMillis })}, more than the legal time of ${describeDuration(p.legalTime)}` });
    }
  } else if (allComparable && legalUnit !== null) {
    const legalMillis = durationToMillis(p.legalTime, cal);
    if (stepsMillis > legalMillis) {
      const describe = (ms: number) => (legalUnit === 'working' ? describeWorkingMillis(ms, cal) : describeDuration({ seconds: ms / 1000 }));
      errors.push({
        field: 'steps',
        message: `the steps add up to ${describe(stepsMillis)}, more than the legal time of ${describe(legalMillis)}`,
      });
    }
  }
  return errors;
}

/** Deadlines of one step from the instant it actually starts. */
export function planStep(startAt: Date, step: StepPlan, cal: WorkCalendar): PlannedStep {
  const planned: PlannedStep = {
    key: step.key,
    name: step.name,
    role: step.role,
    startAt,
    dueAt: addPeriod(startAt, step.duration, cal).due,
    atRiskAt: periodAtRisk(startAt, step.duration, step.atRiskRatio ?? DEFAULT_AT_RISK_RATIO, cal),
  };
  if (step.departmentCode !== undefined) planned.departmentCode = step.departmentCode;
  return planned;
}

/**
 * When the dossier turns at risk: with 1 working day left for working legal times longer than a
 * day (DESIGN: so the apology letter can still be issued in time), else at 75% of the legal time.
 */
export function dossierAtRisk(receivedAt: Date, legalTime: Duration, cal: WorkCalendar): Date {
  if (durationUnit(legalTime) === 'calendar') return periodAtRisk(receivedAt, legalTime, DEFAULT_AT_RISK_RATIO, cal);
  const total = durationToMillis(legalTime, cal);
  const oneDay = durationToMillis({ workingDays: 1 }, cal);
  if (durationUnit(legalTime) === 'working' && total > oneDay) {
    return addWorkingMillis(receivedAt, total - oneDay, cal).due;
  }
  return periodAtRisk(receivedAt, legalTime, DEFAULT_AT_RISK_RATIO, cal);
}

/** The whole plan at reception: steps chained end to start, each starting when the previous one is due. */
export function planDossier(receivedAt: Date, p: Pick<ProcedurePlan, 'legalTime' | 'steps'>, cal: WorkCalendar): DossierPlan {
  const steps: PlannedStep[] = [];
  let cursor = receivedAt;
  for (const step of p.steps) {
    const planned = planStep(cursor, step, cal);
    steps.push(planned);
    cursor = planned.dueAt;
  }
  return {
    receivedAt,
    dueAt: addPeriod(receivedAt, p.legalTime, cal).due,
    atRiskAt: dossierAtRisk(receivedAt, p.legalTime, cal),
    steps,
  };
}
