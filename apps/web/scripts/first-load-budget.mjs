// The first-load budget of issue 22: the script a visitor's browser must fetch before the first
// screen of the public catalog (/thu-tuc) and of the login page (/dang-nhap) shows — the entry
// chunk, the route's page chunk and every chunk those import statically — stays under 250 kB
// gzipped. Reads Vite's manifest (build.manifest) after `vite build`; exits 1 over the budget.
// `node scripts/first-load-budget.mjs [dist] --json` prints the figures as JSON (docs/benchmarks.md).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
/** The routes whose first screen is budgeted, and the page module each one loads. */
const ROUTES = { '/thu-tuc': 'src/pages/CatalogPage.tsx', '/dang-nhap': 'src/pages/LoginPage.tsx' };

// The build to measure: apps/web/dist, or the folder named as the first argument.
const dist = process.argv[2] && !process.argv[2].startsWith('--') ? resolve(process.argv[2]) : join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('no entry chunk in the manifest');

/** The chunk and everything it imports statically (what the browser fetches before running it). */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the manifest`);
  seen.add(key);
  for (const k of chunk.imports ?? []) closure(k, seen);
  return seen;
}
const gzipped = (file) => gzipSync(readFileSync(join(dist, file))).length;

const report = {};
let over = false;
for (const [route, page] of Object.entries(ROUTES)) {
  if (!existsSync(join(dist, '..', page))) throw new Error(`${page} does not exist: renamed page? update ROUTES`);
  // A page imported statically (not lazily) has no chunk of its own: it is inside the entry's.
  const keys = manifest[page] ? closure(page, closure(entryKey)) : closure(entryKey);
  const chunks = [...keys].map((k) => ({ file: manifest[k].file, raw: readFileSync(join(dist, manifest[k].file)).length, gzip: gzipped(manifest[k].file) }));
  const gzipKb = chunks.reduce((s, c) => s + c.gzip, 0) / 1000;
  const rawKb = chunks.reduce((s, c) => s + c.raw, 0) / 1000;
  report[route] = { chunks: chunks.length, rawKb: +rawKb.toFixed(1), gzipKb: +gzipKb.toFixed(1) };
  if (gzipKb > BUDGET_KB) over = true;
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ budgetKb: BUDGET_KB, routes: report }, null, 2));
else for (const [route, r] of Object.entries(report)) console.log(`first load of ${route}: ${r.gzipKb} kB of script gzipped (${r.rawKb} kB raw, ${r.chunks} chunks); budget ${BUDGET_KB} kB`);
if (over) {
  console.error(`over the first-load budget of ${BUDGET_KB} kB gzipped: split what the first screen does not need into chunks loaded on demand`);
  process.exit(1);
}
