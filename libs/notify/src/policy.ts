import type { AlertKind, Duration } from '../../contracts/src';
import { validateDuration } from '../../domain/src/duration';

/**
 * Who is told of an alert (issue 20 item 1). The positions:
 * - `assignee`: the officer who claimed the step; while it is unclaimed, the officers of its
 *   department (users of that department holding the step's kind of role: reception, reviewer, approver);
 * - `department_head`: users of the alert's department with position `department_head`; a department
 *   with none falls back on its approvers (approvers are the department heads in access.ts);
 * - `supervisors`: the agency's users with role supervisor;
 * - `agency_leader`: the agency's users with position `agency_leader`.
 */
export const AUDIENCES = ['assignee', 'department_head', 'supervisors', 'agency_leader'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const ALERT_KINDS: readonly AlertKind[] = ['step_at_risk', 'step_overdue', 'dossier_at_risk', 'dossier_overdue'];

/** What an alert of one kind causes: who is told when it rings, and who next if it still stands `after` (working time, or seconds). */
export interface KindRule {
  notify: Audience[];
  escalate?: { after: Duration; notify: Audience[] } | null;
}
export type EscalationPolicy = Record<AlertKind, KindRule>;

/** The default chain, as issue 20 describes it. An agency without a policy row uses it. */
export const DEFAULT_POLICY: EscalationPolicy = {
  step_at_risk: { notify: ['assignee'], escalate: null },
  step_overdue: { notify: ['assignee', 'department_head'], escalate: { after: { workingHours: 4 }, notify: ['supervisors'] } },
  dossier_at_risk: { notify: ['department_head'], escalate: null },
  dossier_overdue: { notify: ['supervisors', 'agency_leader'], escalate: { after: { workingHours: 8 }, notify: ['agency_leader'] } },
};

/** Channels a user may choose for each alert kind (`push` is delivered when the user registered a browser). */
export const USER_CHANNELS = ['in_app', 'email', 'push'] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];
/** A user who chose nothing for a kind gets these. */
export const DEFAULT_CHANNELS: UserChannel[] = ['in_app', 'email', 'push'];

export interface FieldError {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list of distinct names out of `allowed` (positions, channels), each bad entry named. */
function distinctNames(v: unknown, allowed: readonly string[], what: string, field: string, errors: FieldError[]): void {
  if (!Array.isArray(v)) {
    errors.push({ field, message: `must be an array of ${allowed.join(', ')}` });
    return;
  }
  v.forEach((a, i) => {
    if (!(allowed as readonly unknown[]).includes(a)) errors.push({ field: `${field}[${i}]`, message: `must be one of ${allowed.join(', ')}` });
  });
  if (new Set(v).size !== v.length) errors.push({ field, message: `must not name a ${what} twice` });
}

const audiences = (v: unknown, field: string, errors: FieldError[]) => distinctNames(v, AUDIENCES, 'position', field, errors);

/**
 * Problems with a policy from untrusted JSON, each naming its field under `root`. `partial`: a
 * per-procedure override may name only some kinds (the others come from the agency's policy).
 */
export function validatePolicy(p: unknown, root: string, partial: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(p)) return [{ field: root, message: 'must be an object keyed by alert kind' }];
  for (const key of Object.keys(p)) {
    if (!(ALERT_KINDS as readonly string[]).includes(key)) errors.push({ field: `${root}.${key}`, message: `is not an alert kind (${ALERT_KINDS.join(', ')})` });
  }
  for (const kind of ALERT_KINDS) {
    const field = `${root}.${kind}`;
    const rule = p[kind];
    if (rule === undefined) {
      if (!partial) errors.push({ field, message: 'is required' });
      continue;
    }
    if (!isObject(rule)) {
      errors.push({ field, message: 'must be an object {notify, escalate}' });
      continue;
    }
    for (const k of Object.keys(rule)) if (k !== 'notify' && k !== 'escalate') errors.push({ field: `${field}.${k}`, message: 'is not a known field (notify, escalate)' });
    audiences(rule.notify, `${field}.notify`, errors);
    const esc = rule.escalate;
    if (esc === undefined || esc === null) continue;
    if (!isObject(esc)) {
      errors.push({ field: `${field}.escalate`, message: 'must be null or an object {after, notify}' });
      continue;
    }
    for (const k of Object.keys(esc)) if (k !== 'after' && k !== 'notify') errors.push({ field: `${field}.escalate.${k}`, message: 'is not a known field (after, notify)' });
    for (const message of validateDuration(esc.after)) errors.push({ field: `${field}.escalate.after`, message });
    if (isObject(esc.after) && 'calendarDays' in esc.after) errors.push({ field: `${field}.escalate.after`, message: 'must be working time (workingHours, workingDays) or seconds' });
    audiences(esc.notify, `${field}.escalate.notify`, errors);
    if (Array.isArray(esc.notify) && esc.notify.length === 0) errors.push({ field: `${field}.escalate.notify`, message: 'must name at least one position' });
  }
  return errors;
}

/** A user's notification settings (`/api/me/notifications`). Quiet hours are local times (HH:mm) in the agency's time zone. */
export interface NotificationPreferences {
  channels: Record<AlertKind, UserChannel[]>;
  quietHours: { from: string; to: string } | null;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function validatePreferences(p: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(p)) return [{ field: 'body', message: 'must be an object {channels, quietHours}' }];
  for (const k of Object.keys(p)) if (k !== 'channels' && k !== 'quietHours') errors.push({ field: k === '' ? '[""]' : k, message: 'is not a known field (channels, quietHours)' });
  if (p.channels !== undefined) {
    if (!isObject(p.channels)) errors.push({ field: 'channels', message: 'must be an object keyed by alert kind' });
    else {
      for (const [kind, list] of Object.entries(p.channels)) {
        const field = `channels.${kind}`;
        if (!(ALERT_KINDS as readonly string[]).includes(kind)) {
          errors.push({ field, message: `is not an alert kind (${ALERT_KINDS.join(', ')})` });
          continue;
        }
        distinctNames(list, USER_CHANNELS, 'channel', field, errors);
      }
    }
  }
  const q = p.quietHours;
  if (q !== undefined && q !== null) {
    if (!isObject(q)) errors.push({ field: 'quietHours', message: 'must be null or an object {from, to}' });
    else {
      for (const k of Object.keys(q)) if (k !== 'from' && k !== 'to') errors.push({ field: `quietHours.${k}`, message: 'is not a known field (from, to)' });
      for (const k of ['from', 'to'] as const) {
        if (typeof q[k] !== 'string' || !HHMM.test(q[k])) errors.push({ field: `quietHours.${k}`, message: 'must be a local time HH:mm (00:00–23:59)' });
      }
      if (typeof q.from === 'string' && q.from === q.to) errors.push({ field: 'quietHours.to', message: 'must differ from quietHours.from' });
    }
  }
  return errors;
}
