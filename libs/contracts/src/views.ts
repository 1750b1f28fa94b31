// What the desk, the inbox, the alerts board and the public lookup read.
import type { AlertKind } from './dossier';
import type { DossierRating } from './ratings';

/** An alert as `GET /api/alerts` and the SSE stream carry it. */
export interface AlertView {
  id: string;
  kind: AlertKind;
  dossierCode: string;
  stepKey?: string;
  /** The step's name (the procedure's), for a step alert: what a reader is shown instead of the key. */
  stepName?: string;
  departmentCode?: string;
  dueAt: string;
  firedAt: string;
  acknowledgedAt?: string;
}

/** A row of the inbox (`GET /api/tasks`). */
export interface TaskView {
  /** `<dossier code>~<step key>`, the id for claim and assign. */
  id: string;
  assignee?: string;
  dossierCode: string;
  stepKey: string;
  stepName: string;
  role: string;
  departmentCode?: string;
  applicantName: string;
  procedureCode: string;
  startedAt?: string;
  dueAt: string;
  atRiskAt: string;
  atRisk: boolean;
  overdue: boolean;
  /** Working (or, for elapsed plans, plain) milliseconds left; negative when overdue. */
  remainingMs: number;
}

/** The citizen's lookup (`GET /api/public/dossiers/:code?secret=`): no personal data. */
export interface PublicDossier {
  code: string;
  procedureCode: string;
  status: string;
  statusCode: number;
  receivedAt: string;
  dueAt: string;
  stepsDone: { name: string; completedAt: string }[];
  currentStep?: string;
  pausedFor?: string;
  returnedAt?: string;
  /** The citizen's rating, once given. */
  rating?: DossierRating;
}
