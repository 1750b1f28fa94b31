// Citizens' feedback and petitions (phản ánh, kiến nghị; Decree 20/2008/NĐ-CP as amended by Decree
// 92/2017/NĐ-CP) as a process with deadlines: shapes shared by the workflow, the API and the web app.

/** `feedback` (phản ánh) on how a rule is applied, `proposal` (kiến nghị) to change a rule. */
export type PetitionKind = 'feedback' | 'proposal';
/** How it arrived: the public form, the desk, the agency's published e-mail address, a low rating's follow-up. */
export type PetitionSource = 'web' | 'desk' | 'email' | 'rating';
/** The stages with a legal time each, in order; a stage's alerts carry its key as their step key. */
export type PetitionStage = 'classify' | 'assign' | 'answer' | 'publish';
export type PetitionStatus = 'received' | 'classified' | 'assigned' | 'answered' | 'published' | 'out_of_scope' | 'forwarded';
export type PetitionOutcome = 'in_scope' | 'out_of_scope' | 'forward';

export interface PetitionStageView {
  key: PetitionStage;
  startedAt: string;
  dueAt: string;
  atRiskAt: string;
  completedAt?: string;
  timeliness?: 'early' | 'on_time' | 'late';
}

export interface PetitionView {
  code: string;
  agencyCode: string;
  kind: PetitionKind;
  source: PetitionSource;
  subject: string;
  message: string;
  name?: string;
  contact?: string;
  dossierCode?: string;
  status: PetitionStatus;
  receivedAt: string;
  /** The answer's due date promised at receipt: the classification, assignment and answer times laid end to end. */
  dueAt: string;
  /** The open stage, absent once the petition is closed. */
  stage?: PetitionStage;
  stages: PetitionStageView[];
  outcome?: PetitionOutcome;
  reason?: string;
  forwardTo?: string;
  assignee?: string;
  answer?: string;
  answeredAt?: string;
  /** Whether the answer came by `dueAt`. */
  answeredOnTime?: boolean;
  publishedAt?: string;
  /** Whether the citizen agreed to publication of their petition (published either way without personal data). */
  consent?: boolean;
}

export interface PetitionReceipt {
  code: string;
  /** To look the petition up (GET /api/public/petitions/:code?secret=). */
  secret: string;
  dueAt: string;
}

export interface PetitionEventView {
  seq: number;
  type: string;
  at: string;
  actor?: string;
  payload: Record<string, unknown>;
}

export interface PetitionDetail extends PetitionView {
  events: PetitionEventView[];
}

/** The staff list's row. */
export interface PetitionSummary {
  code: string;
  kind: PetitionKind;
  source: PetitionSource;
  subject: string;
  name?: string;
  dossierCode?: string;
  status: PetitionStatus;
  stage?: PetitionStage;
  stageDueAt?: string;
  overdue: boolean;
  assignee?: string;
  receivedAt: string;
  dueAt: string;
}

/** What the citizen sees with the code and the secret: no one else's data, and no staff names. */
export interface PublicPetition {
  code: string;
  kind: PetitionKind;
  subject: string;
  status: PetitionStatus;
  receivedAt: string;
  dueAt: string;
  reason?: string;
  forwardTo?: string;
  answer?: string;
  answeredAt?: string;
  publishedAt?: string;
}

/** A published answer: the citizen's name and contact removed, phone numbers and e-mail addresses masked in the text. */
export interface PublishedPetition {
  code: string;
  kind: PetitionKind;
  subject: string;
  message: string;
  answer: string;
  receivedAt: string;
  answeredAt: string;
  publishedAt: string;
}

export interface PetitionFigures {
  from: string;
  to: string;
  received: number;
  inScope: number;
  answeredOnTime: number;
  answeredLate: number;
  pending: number;
}
