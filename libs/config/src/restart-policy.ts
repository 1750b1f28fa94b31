/**
 * When a crashed process is started again: after RESTART_DELAY_MS, unless it crashed more than
 * MAX_CRASHES times within CRASH_WINDOW_MS (a bad setting, a dead dependency), which is fatal rather
 * than a restart loop. One rule for the launcher's supervised processes and the API's cluster primary.
 */
export const RESTART_DELAY_MS = 1000;
export const MAX_CRASHES = 5;
export const CRASH_WINDOW_MS = 60_000;

/** Records a crash at `now`; false when it is one too many and the process should stay down. */
export function crashBudget(): (now?: number) => boolean {
  const crashes: number[] = [];
  return (now = Date.now()) => {
    crashes.push(now);
    while (crashes.length && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    return crashes.length <= MAX_CRASHES;
  };
}
