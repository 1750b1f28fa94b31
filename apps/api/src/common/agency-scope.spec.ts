import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { DataSource } from 'typeorm';
import { AGENCY_TABLES, agencyScope } from './agency-scope';

/**
 * Every read and write of an agency's rows goes through agencyScope (issue 17 item 3). This scan
 * reads the API's source and fails on a raw `.query(...)` whose SQL names an agency-owned table,
 * or a repository or query builder over an agency-owned entity, outside the helper — except the
 * reviewed system-wide accesses below, each with the reason it cannot be scoped by the caller's
 * agency. A method listed here that no longer needs it fails the scan too, so the list stays short.
 */
const ALLOWED: Record<string, string> = {
  'auth/auth.service.ts#actorFor': 'reads the account behind a verified token by its id: the agency is what it learns',
  'auth/auth.service.ts#login': 'sign-in: the account is found by its unique username before any agency is known',
  'auth/auth.service.ts#refresh': 'the refresh token names the account; no agency is known yet',
  'auth/auth.service.ts#changePassword': 'the caller changes their own account, found by their own id',
  'bootstrap.ts#createApi': 'production start refuses to run while a demo account is active, in any agency',
  'petitions/petitions.service.ts#receivingAgency': 'a citizen\'s petition: filed under the agency of the dossier it names; no caller agency (public route)',
  'ratings/ratings.service.ts#rate': 'a citizen rates a dossier by its code, the lookup secret checked by the controller; no caller agency (public route)',
  'ratings/ratings.service.ts#whyNot': 'why a citizen\'s rating of that same dossier was refused (the secret already checked); no caller agency (public route)',
  'dossiers/dossiers.service.ts#findView': 'by dossier code; every caller checks view.agencyCode (dossier-access mayRead) before using it',
  'dossiers/dossiers.service.ts#detail': 'by dossier code in one snapshot; assertMayRead checks the agency of the row read',
  'dossiers/dossier-forms.service.ts#controlSheet': 'the events of a dossier that detail() has just checked the caller may read',
  'alerts/alerts.service.ts#named': 'the step names of alerts already read through agencyScope: their dossier codes come from that scoped read (withStepNames)',
  'alerts/alerts-hub.service.ts#catchUp': 'the process-wide alert feed (every agency\'s, as NOTIFY carries them): each SSE stream filters it by its caller\'s agency and reach',
  'stats/stats.service.ts#timeliness': 'a reviewed statement built by statement(): every branch filters on agency_code = ANY($1), the caller\'s agency and those merged into it (its succession)',
  'stats/stats.service.ts#serviceIndex': 'one reviewed statement filtering on agency_code = ANY($1), the caller\'s agency and those merged into it (its succession)',
};

const API_SRC = join(__dirname, '..');
const AGENCY_ENTITIES = new Set(['DossierEntity', 'DossierStepEntity', 'DossierEventEntity', 'AlertEntity']);
/** What a raw SQL call is made on: a DataSource, an EntityManager, a QueryRunner or a pg client. */
const DB_RUNNER = /(?:^|\.)(?:ds|m|manager|em|runner|queryRunner|qr|tx|client|dataSource)$/;
const TOUCHES = new RegExp(`\\b(?:from|join|into|update|delete\\s+from)\\s+(?:only\\s+)?"?(${AGENCY_TABLES.join('|')})\\b`, 'i');

interface Finding {
  key: string;
  where: string;
  what: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && e.name !== 'agency-scope.ts' ? [path] : [];
  });
}

/** The name of the method or function a node is in (`#method`), for the allow-list. */
function enclosingName(node: ts.Node): string {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isGetAccessor(n)) && n.name) return n.name.getText();
    if (ts.isVariableDeclaration(n) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) return n.name.getText();
    if (ts.isConstructorDeclaration(n)) return 'constructor';
  }
  return '(top level)';
}

/** The literal text of an SQL argument; identifiers resolved to a string constant of the same file. */
function sqlText(arg: ts.Expression, constants: Map<string, string>): string | undefined {
  if (ts.isStringLiteralLike(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return [arg.head.text, ...arg.templateSpans.map((s) => `${ts.isIdentifier(s.expression) ? (constants.get(s.expression.text) ?? '') : ''} ${s.literal.text}`)].join(' ');
  if (ts.isIdentifier(arg)) return constants.get(arg.text);
  if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken) return `${sqlText(arg.left, constants) ?? ''} ${sqlText(arg.right, constants) ?? ''}`;
  return undefined;
}

/** Raw accesses to agency-owned tables in one source file. */
export function scanSource(file: string, text: string): Finding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, string>();
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = sqlText(node.initializer, constants);
      if (value !== undefined) constants.set(node.name.text, value);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const [first] = node.arguments;
      const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const at = { key: `${file}#${enclosingName(node)}`, where: `${file}:${line}` };
      if (method === 'query' && first) {
        const sql = sqlText(first, constants);
        // SQL built elsewhere cannot be read here: counted as touching, to be reviewed (a Temporal
        // handle's query(definition) is not SQL).
        if (sql === undefined && DB_RUNNER.test(node.expression.expression.getText())) findings.push({ ...at, what: `query(${first.getText().slice(0, 60)}) with SQL this scan cannot read` });
        else if (sql !== undefined && TOUCHES.test(sql)) findings.push({ ...at, what: `query on ${TOUCHES.exec(sql)![1]}` });
      }
      if (method !== 'select' && first && ts.isIdentifier(first) && AGENCY_ENTITIES.has(first.text)) findings.push({ ...at, what: `${method}(${first.text})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

const allowedFor = (key: string) => ALLOWED[key] ?? ALLOWED[key.replace(/#.*$/, '#*')];

describe('agency scope', () => {
  const findings = sourceFiles(API_SRC).flatMap((path) => scanSource(relative(API_SRC, path).split('\\').join('/'), readFileSync(path, 'utf8')));

  it('every read and write of an agency-owned table in the API goes through agencyScope (or is a reviewed system-wide access)', () => {
    expect(findings.filter((f) => !allowedFor(f.key)).map((f) => `${f.where} ${f.what}`)).toEqual([]);
  });

  it('lists no allowance that nothing needs any more', () => {
    const used = new Set(findings.map((f) => (ALLOWED[f.key] ? f.key : f.key.replace(/#.*$/, '#*'))));
    expect(Object.keys(ALLOWED).filter((k) => !used.has(k))).toEqual([]);
  });

  it('catches a raw query on an agency table, a query builder over an agency entity, and SQL it cannot read', () => {
    const source = `
      class S {
        async a() { return this.ds.query(\`SELECT * FROM users WHERE username = $1\`, [u]); }
        async b() { return this.ds.getRepository(DossierEntity).findOneBy({ code }); }
        async c() { return m.query(sql, []); }
        async d() { const T = 'SELECT 1 FROM alerts'; return m.query(T); }
        async e() { return agencyScope(this.ds, actor).sql(\`SELECT * FROM users WHERE agency_code = :agency\`); }
        async f() { return agencyScope(this.ds, actor).select(AlertEntity, 'a', 'dossier_code').getMany(); }
        async g() { return this.ds.query(\`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1\`, [id]); }
        async h() { return handle.query(progressQuery); }
      }`;
    expect(scanSource('x.service.ts', source).map((f) => `${f.key} ${f.what}`)).toEqual([
      'x.service.ts#a query on users',
      'x.service.ts#b getRepository(DossierEntity)',
      'x.service.ts#c query(sql) with SQL this scan cannot read',
      'x.service.ts#d query on alerts',
    ]);
  });
});

describe('agencyScope', () => {
  const calls: { sql: string; params: unknown[] }[] = [];
  const ds = { query: async (sql: string, params: unknown[]) => void calls.push({ sql, params }) } as unknown as DataSource;
  beforeEach(() => (calls.length = 0));

  it('binds :agency after the positional parameters, once however often it appears', async () => {
    await agencyScope(ds, { agencyCode: 'A_1' }).sql(`SELECT 1 FROM users u JOIN departments d ON d.agency_code = :agency WHERE u.username = $1 AND u.agency_code = :agency AND x::text = $2`, ['an', 'y']);
    expect(calls).toEqual([{ sql: `SELECT 1 FROM users u JOIN departments d ON d.agency_code = $3 WHERE u.username = $1 AND u.agency_code = $3 AND x::text = $2`, params: ['an', 'y', 'A_1'] }]);
  });

  it('binds :agencyPrefix to the agency\'s dossier codes with LIKE wildcards escaped, and only the tokens used', async () => {
    await agencyScope(ds, 'A_1%').sql(`SELECT 1 FROM alerts WHERE dossier_code LIKE :agencyPrefix`);
    expect(calls).toEqual([{ sql: `SELECT 1 FROM alerts WHERE dossier_code LIKE $1`, params: ['A\\_1\\%-%'] }]);
  });

  it('refuses a statement that does not filter on the agency, and a missing agency', async () => {
    expect(() => agencyScope(ds, 'A').sql(`SELECT 1 FROM users WHERE username = $1`, ['an'])).toThrow(/does not filter on :agency/);
    expect(() => agencyScope(ds, '')).toThrow(/no agency/);
    expect(calls).toEqual([]);
  });
});
