import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../../../libs/domain/src';

/**
 * The one place the API scopes its reads and writes to the caller's agency (issue 17 item 3).
 *
 * Tables whose rows belong to one agency. A service reads or writes them only through
 * `agencyScope(...)`: `.sql()` binds `:agency` to the caller's agency and refuses SQL that does not
 * use it, `.select()` starts a query builder already limited to the agency. The scan in
 * agency-scope.spec.ts fails when a service touches one of these tables another way, except for
 * the few reviewed system-wide reads it lists (sign-in before any agency is known, the public
 * lookup by receipt secret, the projection writer...).
 *
 * `dossier_events` and `audit_log` carry no agency column: a scoped query reaches them through
 * their dossier (`dossiers.agency_code`) or their chain (a dossier code starts with its agency).
 */
export const AGENCY_TABLES = [
  'dossiers', 'dossier_steps', 'dossier_events', 'alerts', 'users', 'departments', 'feedback',
  'timeliness_daily', 'timeliness_monthly', 'deadline_alarms', 'audit_log', 'webhooks', 'webhook_deliveries', 'notifications', 'escalation_policies',
] as const;

/**
 * The placeholders a scoped statement uses: `:agency` (the caller's agency code) and
 * `:agencyPrefix` (a LIKE pattern of its dossier codes and audit chains, `<agency>-%`).
 */
const AGENCY_TOKEN = /(?<![:\w]):agency(Prefix)?\b/g;

type Runner = DataSource | EntityManager;

export interface AgencyScope {
  readonly agencyCode: string;
  /**
   * Runs `text` with `:agency` bound to the caller's agency (after the positional `params`, so
   * `$1…$n` keep their meaning). SQL that never mentions `:agency` is a programming error: it throws.
   */
  sql<T = unknown>(text: string, params?: readonly unknown[]): Promise<T>;
  /**
   * A query builder over `entity` (alias `alias`) already limited to the agency: by its
   * `agency_code`, or for tables without one (alerts) by `byCodeColumn` starting with `<agency>-`.
   */
  select<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, byCodeColumn?: string): SelectQueryBuilder<E>;
  /** The same scope inside a transaction. */
  in(m: EntityManager): AgencyScope;
}

/** Reads and writes of `who`'s agency (an actor, or an agency code the service already holds). */
export function agencyScope(runner: Runner, who: Pick<Actor, 'agencyCode'> | string): AgencyScope {
  const agencyCode = typeof who === 'string' ? who : who.agencyCode;
  if (!agencyCode) throw new Error('agencyScope: no agency');
  return {
    agencyCode,
    sql<T>(text: string, params: readonly unknown[] = []): Promise<T> {
      if (!text.match(AGENCY_TOKEN)) throw new Error(`agencyScope: the statement does not filter on :agency: ${text.slice(0, 120)}`);
      // PostgreSQL refuses a parameter the statement does not use: bind only the tokens present.
      const bound = [...params];
      const slots: { code?: string; prefix?: string } = {};
      const sql = text.replace(AGENCY_TOKEN, (_t, isPrefix?: string) =>
        isPrefix ? (slots.prefix ??= `$${bound.push(agencyCodePrefix(agencyCode))}`) : (slots.code ??= `$${bound.push(agencyCode)}`));
      return runner.query(sql, bound) as Promise<T>;
    },
    select<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, byCodeColumn?: string): SelectQueryBuilder<E> {
      const qb = runner.getRepository(entity).createQueryBuilder(alias);
      if (byCodeColumn) qb.where(`${alias}.${byCodeColumn} LIKE :agencyScopePrefix`, { agencyScopePrefix: agencyCodePrefix(agencyCode) });
      else qb.where(`${alias}.agency_code = :agencyScope`, { agencyScope: agencyCode });
      // A later where() would replace the scope: it adds to it instead.
      qb.where = qb.andWhere.bind(qb) as typeof qb.where;
      return qb;
    },
    in(m: EntityManager): AgencyScope {
      return agencyScope(m, agencyCode);
    },
  };
}

/** LIKE pattern of the dossier codes (and audit chains) of an agency: `<agency>-…`, wildcards escaped. */
export function agencyCodePrefix(agencyCode: string): string {
  return `${agencyCode.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
}
