/**
 * What a webhook may subscribe to: each dossier event the projection writes (`dossier_events.type`,
 * workflows/dossier.machine.ts) and each alert kind the deadline clock rings (`alerts.kind`).
 * The triggers of migration Webhooks1766188800000 name an event `dossier.<type>` or `alert.<kind>`.
 */
export const WEBHOOK_EVENTS = [
  'dossier.registered', 'dossier.received', 'dossier.step_completed', 'dossier.sent_back', 'dossier.supplement_requested',
  'dossier.supplement_received', 'dossier.rescheduled', 'dossier.refused', 'dossier.withdrawn', 'dossier.result_returned',
  'dossier.claimed', 'dossier.assigned', 'dossier.reassigned', 'dossier.replanned',
  'alert.step_at_risk', 'alert.step_overdue', 'alert.dossier_at_risk', 'alert.dossier_overdue',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
