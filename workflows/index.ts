export { dossierWorkflow } from './dossier.workflow';
export { calendarRolloutWorkflow } from './calendar-rollout.workflow';
export { clockKeeperWorkflow, deadlineClockWorkflow } from './deadline-clock.workflow';
export { dailyDigestWorkflow, notifierWorkflow } from './notifier.workflow';
export { bulkReassignWorkflow } from './bulk-reassign.workflow';
export { webhookDispatcherWorkflow } from './webhook-dispatcher.workflow';
export { petitionWorkflow } from './petition.workflow';
