import { z } from 'zod';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Development defaults; production refuses to start with them (see `assertProductionReady`). */
export const DEV_LOOKUP_SECRET = 'dev-only-lookup-secret-change-me';
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0000000000';
const int = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);

/** Every setting the API, the worker and the launchers read; validated once at boot. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DB_POOL_SIZE: int(20),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('dossiers'),
  TEMPORAL_API_KEY: z.string().optional(),
  /**
   * Bound on one Temporal call of the API (a registration's update-with-start, a command Update, a
   * rollout start), retries included; past it the API answers 503 with Retry-After. 10 s: a
   * registration legitimately waits for the workflow's first task and its local activities (p99
   * ~2 s at c = 32 on 2 cores, more in a burst), so a tight bound would refuse healthy work; a
   * dead or frozen server is detected sooner by the connection check (see TemporalClient.call).
   */
  TEMPORAL_CALL_TIMEOUT_MS: int(10_000, 1000),
  /**
   * How the API registers a dossier. `update-with-start`: one round trip that answers once the
   * workflow's first task has written the projection (the worker's time is in the answer).
   * `start`: a plain start (answered once Temporal persisted it, no worker involved), then the API
   * writes the projection itself with the same pure rules and the same writer; the first task
   * finds it written. Both keep every invariant; the benchmark decides which one stays.
   */
  INTAKE_MODE: z.enum(['update-with-start', 'start']).default('update-with-start'),
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: int(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: int(100),
  WORKER_MAX_CACHED_WORKFLOWS: int(2000, 0),
  /** Concurrent workflow-task long polls (sticky + normal queue); at least 2, at most the task slots. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS: int(10, 2),
  /** Worker threads running workflow code (the sandbox); 1 is the SDK's default with a reused V8 context. */
  WORKER_WORKFLOW_THREADS: int(1),
  /**
   * Deadline clocks per task queue: each sweeps its own share of the alarms (a hash of the dossier
   * code) under its own lock, so a sweep blocks only the writers of its shard. Can change on a
   * running installation: clocks of the old count retire at their next sweep, and every alarm stays
   * with exactly one row that one sweep deletes. 1 measured best on one 2-core machine, where CPU
   * and not the sweep's lock limits a storm (docs/benchmarks.md, "Sharded deadline clocks"); more
   * pay when workers on several machines sweep at once.
   */
  DEADLINE_CLOCK_SHARDS: z.coerce.number().int().min(1).max(256).default(1),
  /** Alarms one sweep transaction rings at most; a bigger backlog takes several, the lock released between. */
  DEADLINE_CLOCK_BATCH: int(500),
  /**
   * A sweep that has cleared its shard's backlog goes on by itself while the shard's next alarm is
   * due within this many ms (waiting for it in the worker, sweeping at most every 200 ms, for at
   * most 5 s) instead of returning to its workflow for a durable timer: in a storm, deadlines come
   * due every few ms, and a workflow task and a timer per gap cost more than the gap (issue 18,
   * docs/benchmarks.md). An earlier alarm planned meanwhile waits at most this long. 0: never.
   */
  DEADLINE_CLOCK_FOLLOW_MS: z.coerce.number().int().min(0).max(5000).default(500),
  /** A clock run continues as new after this many sweeps or wake-up signals (Temporal caps a run's signals at 10,000 by default). */
  DEADLINE_CLOCK_SWEEPS_PER_RUN: int(1000),
  DEADLINE_CLOCK_SIGNALS_PER_RUN: int(1000),
  /** Seconds between the keeper's rounds (a Temporal schedule): a clock that is not running is started again within this. */
  DEADLINE_CLOCK_KEEPER_SECONDS: int(30),
  /** Readiness degrades when a shard's oldest due alarm has waited longer than this many seconds. */
  DEADLINE_CLOCK_MAX_LAG_SECONDS: int(60),
  /** How far the inbox counts a department's open steps; beyond it the page says "more than" (`totalCapped`). */
  INBOX_COUNT_LIMIT: int(1000),
  AGENCY_TIME_ZONE: z.string().default('Asia/Ho_Chi_Minh'),
  OFFICE_HOURS: z
    .string()
    .default('07:30-11:30,13:00-17:00')
    .refine((s) => s.split(',').every((r) => r.split('-').length === 2 && r.split('-').every((t) => hhmm.test(t))), {
      message: 'expected comma-separated HH:mm-HH:mm ranges, e.g. 07:30-11:30,13:00-17:00',
    }),
  LOOKUP_SECRET_KEY: z.string().min(16).default(DEV_LOOKUP_SECRET),
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: int(900),
  REFRESH_TOKEN_TTL_DAYS: int(30),
  LOGIN_RATE_LIMIT_PER_MINUTE: int(10),
  PUBLIC_RATE_LIMIT_PER_MINUTE: int(30),
  CORS_ORIGINS: z.string().default(''),
  /**
   * The SMS provider citizens' notices go through (libs/notify/src/sms): an http(s) URL that takes
   * a JSON POST {id, to, text} (a generic HTTP gateway), or `log:` to write each SMS to the log.
   * Unset: no SMS is written; a citizen who left only a phone number is not notified.
   */
  SMS_URL: z.string().regex(/^(https?:\/\/\S+|log:\S*)$/, 'an http(s):// URL or log:').optional(),
  /** Tries of one webhook delivery before it is dead (GET /api/webhooks/:id/deliveries?status=dead). */
  WEBHOOK_MAX_ATTEMPTS: int(8),
  /** Wait before a webhook delivery's second try; doubled after each failure (capped at an hour). */
  WEBHOOK_RETRY_BASE_MS: int(10_000, 10),
  /** A receiver that has not answered within this is a failed try (a hanging receiver holds one of WEBHOOK_CONCURRENCY lanes that long). */
  WEBHOOK_TIMEOUT_MS: int(10_000, 100),
  /** Webhook deliveries one worker sends at once. */
  WEBHOOK_CONCURRENCY: int(8),
  /**
   * Webhook receivers and push endpoints are URLs users give, called from inside the agency's
   * network: by default only public addresses are reached (libs/notify/src/outbound-guard.ts).
   * `true` also allows loopback, private and reserved ones (an intranet receiver; the tests).
   */
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * The web app's address as people reach it: links in notifications (`<PUBLIC_URL>/ho-so/<code>`).
   * The launcher sets it to the address it serves.
   */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
  /**
   * The SMTP relay mail goes through (smtp://user:pass@host:port, smtps:// for TLS). The launcher
   * starts a local Mailpit and sets it unless it is set already; unset in a worker, every e-mail
   * notification fails visibly (GET /api/notifications) instead of vanishing.
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'an smtp:// or smtps:// URL').optional(),
  /** The From: of notification mail. */
  MAIL_FROM: z.string().default('Dossier Flow <no-reply@dossier-flow.local>'),
  /** Deliveries one notifier round runs at once, and tries per delivery before it is `dead` (visible in GET /api/notifications). */
  NOTIFY_BATCH: int(20),
  NOTIFY_MAX_ATTEMPTS: int(5),
  /**
   * Contact the browsers' push services may write to about this server's pushes: the VAPID `sub`
   * claim (RFC 8292 §2.1), a mailto: or https: URL. Some services (Apple's) refuse a localhost one.
   */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https:// URL').default('mailto:admin@localhost'),
  /**
   * First day (YYYY-MM-DD, Vietnamese calendar) dossiers print the forms of Circular 03/2025/TT-VPCP;
   * received before it, those of Circular 01/2018/TT-VPCP. The circular's effective date could not be
   * verified here: the default is its date of issue (libs/domain/src/legal-acts.ts).
   */
  FORMS_CIRCULAR_03_2025_FROM: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').default('2025-09-15'),
  /**
   * Decision 766/QĐ-TTg's timeliness score counts a dossier asked to supplement more than once as
   * late (as the national portal's guidance is summarised; the appendix text could not be read
   * here, so it is a setting). `false` counts it by its deadline alone.
   */
  SERVICE_INDEX_MULTI_SUPPLEMENT_LATE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * A citizen's rating of a returned dossier whose overall score (1–5) is at or below this is low:
   * it opens a follow-up for the supervisor and counts as unsatisfied in the service index's
   * satisfaction rate (docs/indicators.md). 0 opens none.
   */
  RATING_LOW_THRESHOLD: z.coerce.number().int().min(0).max(4).default(2),
  /**
   * Usernames of the platform's administrators (comma-separated): they alone merge agencies
   * (POST /api/agencies/:code/merge-into/:successor). Empty: every admin, as for national calendar changes.
   */
  PLATFORM_ADMINS: z.string().default(''),
  /**
   * Petitions (phản ánh, kiến nghị): each stage's time in working days. Decree 20/2008/NĐ-CP as
   * amended by Decree 92/2017/NĐ-CP: a petition outside the receiving agency's competence is
   * forwarded to the competent body within 05 working days of receipt — the classification's time
   * (the amended procedure for petitions received by data message, as lawnet.vn summarises Decree
   * 92/2017; its article number could not be read here). The decrees set no time that could be
   * verified for assignment, the answer or publication: those are the agency's own times. Official
   * Dispatch 89/CĐ-TTg of 16/6/2025 asks for an answer to a petition within the agency's competence
   * within 15 days of receipt: 5 + 2 + 4 = 11 working days, about 15 calendar days (README, "Petitions").
   */
  PETITION_CLASSIFY_WORKING_DAYS: int(5),
  PETITION_ASSIGN_WORKING_DAYS: int(2),
  PETITION_ANSWER_WORKING_DAYS: int(4),
  PETITION_PUBLISH_WORKING_DAYS: int(5),
  /** Elapsed-second overrides of the stage times above (tests and demos: timers are real time). */
  PETITION_CLASSIFY_SECONDS: z.coerce.number().int().min(1).optional(),
  PETITION_ASSIGN_SECONDS: z.coerce.number().int().min(1).optional(),
  PETITION_ANSWER_SECONDS: z.coerce.number().int().min(1).optional(),
  PETITION_PUBLISH_SECONDS: z.coerce.number().int().min(1).optional(),
  /**
   * The agency that receives a petition naming no dossier of a known agency (the public form, the
   * published e-mail address). Unset: the one agency in force (no successor), if only one is.
   */
  PETITION_AGENCY_CODE: z.string().optional(),
  /** The e-mail address the agency publishes for petitions (shown on the public form); mail sent to it is parsed into petitions. */
  PETITION_MAIL_ADDRESS: z.string().default('phananh@dossier-flow.local'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; a bad value stops the process with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // The SDK refuses more polls than slots; say so at boot, naming the variable, rather than in the worker.
  if (c.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS > c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS) {
    throw new ConfigError(
      `Invalid configuration:\n  WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS: must not exceed WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (${c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS})`,
    );
  }
  return c;
}

/** NODE_ENV=production must not run on development secrets. */
export function assertProductionReady(config: AppConfig): void {
  if (config.NODE_ENV !== 'production') return;
  const weak = [
    config.JWT_SECRET === DEV_JWT_SECRET && 'JWT_SECRET',
    config.LOOKUP_SECRET_KEY === DEV_LOOKUP_SECRET && 'LOOKUP_SECRET_KEY',
  ].filter(Boolean);
  if (weak.length) throw new ConfigError(`Invalid configuration:\n  ${weak.join(', ')}: set a secret of your own in production (the default is for development only)`);
}

export function officeHours(config: Pick<AppConfig, 'OFFICE_HOURS'>): { start: string; end: string }[] {
  return config.OFFICE_HOURS.split(',').map((r) => {
    const [start, end] = r.split('-');
    return { start, end };
  });
}
