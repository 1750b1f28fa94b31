// OpenAPI bodies of the notification routes (issue 20), mirroring libs/notify/src/views.ts.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as V from '../../../../libs/notify/src/views';
import { AUDIENCES, USER_CHANNELS } from '../../../../libs/notify/src/policy';
import { DURATION_SCHEMA, type Mirrors } from '../common/api-responses';


export class EscalationStep {
  @ApiProperty({ ...DURATION_SCHEMA, description: 'working time ({workingHours} or {workingDays}, on the agency calendar) or elapsed {seconds}, from the deadline' }) after!: V.EscalationStepView['after'];
  @ApiProperty({ enum: AUDIENCES, isArray: true }) notify!: V.EscalationStepView['notify'];
}

export class KindRule {
  @ApiProperty({ enum: AUDIENCES, isArray: true, description: 'who is told when the alert rings' }) notify!: V.KindRuleView['notify'];
  @ApiPropertyOptional({ type: EscalationStep, nullable: true, description: 'who is told next if the alert still stands `after` its deadline (cancelled when the step completes or the dossier pauses)' })
  escalate?: EscalationStep | null;
}

export class EscalationPolicyRules {
  @ApiProperty({ type: KindRule }) step_at_risk!: KindRule;
  @ApiProperty({ type: KindRule }) step_overdue!: KindRule;
  @ApiProperty({ type: KindRule }) dossier_at_risk!: KindRule;
  @ApiProperty({ type: KindRule }) dossier_overdue!: KindRule;
}

export class EscalationPolicyView {
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ type: EscalationPolicyRules, description: "the agency's policy (the default until an admin saves one)" }) policy!: EscalationPolicyRules;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/KindRule' }, description: 'per-procedure overrides by procedure code: each names only the alert kinds it changes' })
  procedures!: V.EscalationPolicyView['procedures'];
  @ApiProperty({ type: EscalationPolicyRules, description: 'the built-in default' }) defaults!: EscalationPolicyRules;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiPropertyOptional() updatedBy?: string;
}

export class EscalationPolicyBody {
  @ApiProperty({ type: EscalationPolicyRules }) policy!: EscalationPolicyRules;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'object' }, description: 'procedure code → partial policy (the kinds it overrides)' })
  procedures?: V.EscalationPolicyView['procedures'];
}

export class QuietHours {
  @ApiProperty({ example: '21:00', description: "local HH:mm in the agency's time zone" }) from!: string;
  @ApiProperty({ example: '07:00' }) to!: string;
}

export class ChannelChoices {
  @ApiProperty({ enum: USER_CHANNELS, isArray: true }) step_at_risk!: V.UserChannelName[];
  @ApiProperty({ enum: USER_CHANNELS, isArray: true }) step_overdue!: V.UserChannelName[];
  @ApiProperty({ enum: USER_CHANNELS, isArray: true }) dossier_at_risk!: V.UserChannelName[];
  @ApiProperty({ enum: USER_CHANNELS, isArray: true }) dossier_overdue!: V.UserChannelName[];
}

export class NotificationPreferencesView {
  @ApiProperty({ type: ChannelChoices }) channels!: ChannelChoices;
  @ApiProperty({ type: QuietHours, nullable: true, description: 'e-mail and push written inside them wait until they end (in-app is never held)' }) quietHours!: QuietHours | null;
  @ApiPropertyOptional({ description: 'the address e-mail goes to (set by an admin on the account); none: no e-mail' }) email?: string;
}

export class NotificationPreferencesBody {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string', enum: [...USER_CHANNELS] } }, description: 'alert kind → channels; a kind not named keeps its current choice' })
  channels?: Partial<V.NotificationPreferencesView['channels']>;
  @ApiPropertyOptional({ type: QuietHours, nullable: true, description: 'null: none' }) quietHours?: QuietHours | null;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid', description: 'also the idempotency key of its delivery (the mail\'s Message-ID)' }) id!: string;
  @ApiProperty({ example: 'email' }) channel!: string;
  @ApiProperty({ description: 'a username, an e-mail address or a phone number' }) recipient!: string;
  @ApiPropertyOptional() username?: string;
  @ApiProperty({ example: 'step_overdue', description: 'alert kind, `escalate:<alert kind>`, `daily_digest`, or a citizen notice' }) kind!: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional() url?: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'dead', 'cancelled'] }) status!: V.NotificationStatus;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'not delivered before (quiet hours)' }) notBefore!: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'in-app: when its reader marked it read' }) readAt?: string;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class InboxView {
  @ApiProperty({ description: 'unread in-app notifications' }) unread!: number;
  @ApiProperty({ type: [NotificationView], description: 'the newest 20' }) items!: NotificationView[];
}

export const _mirrors: [Mirrors<NotificationView, V.NotificationView>, Mirrors<InboxView, V.InboxView>] = [true, true];
