export { dossierWorkflow } from './dossier.workflow';
export { calendarRolloutWorkflow } from './calendar-rollout.workflow';
export { deadlineClockWorkflow } from './deadline-clock.workflow';
