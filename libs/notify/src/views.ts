import type { Duration } from '../../contracts/src';
import type { Audience, EscalationPolicy, KindRule, UserChannel } from './policy';

export type UserChannelName = UserChannel;
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'dead' | 'cancelled';

export interface EscalationStepView { after: Duration; notify: Audience[] }
export type KindRuleView = KindRule;

export interface EscalationPolicyView {
  agencyCode: string;
  policy: EscalationPolicy;
  procedures: Record<string, Partial<EscalationPolicy>>;
  defaults: EscalationPolicy;
  updatedAt?: string;
  updatedBy?: string;
}

export interface NotificationPreferencesView {
  channels: Record<keyof EscalationPolicy, UserChannel[]>;
  quietHours: { from: string; to: string } | null;
  email?: string;
}

export interface NotificationView {
  id: string;
  channel: string;
  recipient: string;
  username?: string;
  kind: string;
  dossierCode?: string;
  subject: string;
  body: string;
  url?: string;
  status: NotificationStatus;
  attempts: number;
  lastError?: string;
  createdAt: string;
  notBefore: string;
  sentAt?: string;
  readAt?: string;
}

export interface InboxView {
  unread: number;
  items: NotificationView[];
}
