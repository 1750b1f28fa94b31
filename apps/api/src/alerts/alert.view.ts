import type { AlertView } from '../../../../libs/contracts/src';
import type { AlertEntity } from '../../../../libs/db/src';

export type { AlertView };

export function toAlertView(a: AlertEntity): AlertView {
  return {
    id: String(a.id),
    kind: a.kind,
    dossierCode: a.dossierCode,
    stepKey: a.stepKey || undefined,
    departmentCode: a.departmentCode ?? undefined,
    dueAt: a.dueAt.toISOString(),
    firedAt: a.firedAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString(),
  };
}
