import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * The accessibility audit of the browser tests (issue 22): axe-core, Deque's engine, run inside the
 * page with the WCAG 2.0/2.1 A and AA rules. Call `expectAccessible(page, 'name')` once the page
 * shows what it is meant to show (its data loaded, a dialog open …); it fails with every violation's
 * rule, impact and elements.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string; html: string }[];
}

/**
 * The browser globals the page-side functions use (the test project compiles without the DOM
 * library).
 */
interface AxeWindow {
  axe?: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
  /** What kept the page busy at `atRest`'s last look. */
  stillBusy?: string[];
}
declare const window: AxeWindow;
interface PageAnimation {
  playState: string;
  animationName?: string;
  transitionProperty?: string;
  effect: { getTiming(): { iterations?: number }; target?: { className?: unknown } | null } | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<{ className: unknown; textContent: string | null; parentElement: { className: unknown } | null }>;
  getAnimations(): PageAnimation[];
  visibilityState: string;
};

/**
 * axe-core's source, put into the page's main world through the DevTools protocol: the app's CSP
 * (script-src 'self') refuses the inline script `page.addScriptTag` would add, and DevTools
 * evaluation is not subject to it. Again after each full navigation (a route change keeps it).
 */
async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => typeof window.axe !== 'undefined')) return;
  const cdp = await page.context().newCDPSession(page);
  try {
    const { exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE })) as { exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`axe-core did not load: ${exceptionDetails.text}`);
  } finally {
    await cdp.detach();
  }
}

/**
 * The page at rest: no spinner or loading veil, no passing toast (antd's message and notification
 * close by themselves, fading out: one caught mid-fade misread as low contrast), no finite animation
 * still running (a half-faded text misreads as low contrast; endless ones, a status dot's pulse,
 * never end).
 */
async function atRest(page: Page): Promise<void> {
  // A toast under the pointer stays open while it is hovered (antd pauses its timer): park the
  // pointer in the page's bottom-left corner. (A toast that once stayed open through three tests
  // was another thing: its fade, hidden while the next page loaded, never ended — the web app's
  // Guard now keeps toasts out of the page's loading boundary.)
  await page.mouse.move(0, (page.viewportSize()?.height ?? 600) - 1);
  const BUSY = '.ant-spin-spinning, .ant-spin-blur, .ant-card-loading-content, .page-loading, .ant-message-notice, .ant-notification-notice';
  await page
    .waitForFunction(
      // What keeps the page busy — spinners, toasts, finite animations running — named, and kept
      // on the window for the failure message: one list both waits for empty and explains a timeout.
      (busy) => {
        const named = [
          // A toast's wrapper carries its motion's classes (enter/leave and its step): where it stuck.
          ...[...document.querySelectorAll(busy)].map((e) => `${String(e.className)} (in ${String(e.parentElement?.className ?? '')}; page ${document.visibilityState}) ${(e.textContent ?? '').slice(0, 80)}`),
          ...document.getAnimations()
            .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
            .map((a) => `${a.animationName ?? a.transitionProperty ?? 'animation'} on ${String(a.effect?.target?.className ?? '?')}`),
        ];
        window.stillBusy = named;
        return named.length === 0;
      },
      BUSY,
      { timeout: 30_000 }, // Playwright's default, written out for the figure in the message below
    )
    .catch(async (err: Error) => {
      const busy = await page.evaluate(() => window.stillBusy).catch(() => undefined);
      throw new Error(`${err.message}; the page was still busy: ${JSON.stringify(busy)}`);
    });
}

/** The WCAG 2.1 A/AA violations axe-core finds on the page as it is now. */
export async function auditPage(page: Page): Promise<AxeViolation[]> {
  await atRest(page);
  await injectAxe(page);
  return page.evaluate(async (tags: string[]) => {
    const { violations } = await window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // Only what the report needs: the whole result does not serialise small.
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  }, WCAG_TAGS);
}

/** A violation as a reader of the test's output needs it: rule, impact, what to do, and each element. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}\n      ${n.html}`);
      return `  ${v.id} (${v.impact ?? 'unknown'}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help} — ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails when axe-core finds any WCAG 2.1 A/AA violation on the page; `name` heads the report. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await auditPage(page);
  if (violations.length) throw new Error(`${name} (${page.url()}): ${violations.length} accessibility rule${violations.length === 1 ? '' : 's'} violated\n${describeViolations(violations)}`);
}
