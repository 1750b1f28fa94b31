// Citizens' feedback.

export interface FeedbackView {
  id: string;
  name?: string;
  contact?: string;
  dossierCode?: string;
  message: string;
  receivedAt: string;
}

export interface FeedbackReceipt {
  id: string;
  receivedAt: string;
}
