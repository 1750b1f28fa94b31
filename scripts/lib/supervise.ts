import { crashBudget, MAX_CRASHES, RESTART_DELAY_MS } from '../../libs/config/src/restart-policy';

/** A process the launcher keeps running: the current instance is replaced when it dies. */
export interface Supervised<T> {
  name: string;
  /** The running instance (the dead one until its replacement has started). */
  current(): T;
  /** How many times it was started again after dying. */
  restarts(): number;
  /** Its next exit is not followed by a restart (a test that wants it down) until replace(). */
  hold(): void;
  /** Stops the current instance on purpose and starts a new one (also ends a hold). */
  replace(): Promise<void>;
  /** Ends the supervision and stops the current instance. Idempotent. */
  stop(): Promise<void>;
}

export interface SuperviseOptions<T> {
  name: string;
  /** The instance already started. */
  first: T;
  /** Starts a new instance; a rejection counts as one more crash and is retried after the delay. */
  start: () => T | Promise<T>;
  /** Settles when the instance is gone, with how it ended (e.g. "SIGKILL"). */
  exited: (instance: T) => Promise<string>;
  stop: (instance: T) => Promise<void>;
  log: (msg: string) => void;
  onFatal: (reason: string) => void;
}

/**
 * The restart policy of libs/config applied to any process (app, Temporal service, PostgreSQL):
 * an unexpected exit is logged and the process started again after RESTART_DELAY_MS; more than
 * MAX_CRASHES in a minute is fatal rather than a restart loop. Stopping it on purpose is not a crash.
 */
export function supervise<T>(o: SuperviseOptions<T>): Supervised<T> {
  let current = o.first;
  let ended = false;
  let held = false;
  let replacing = false;
  let restarts = 0;
  const mayRestart = crashBudget();
  const giveUpOrRetry = (why: string, retry: () => void): void => {
    if (!mayRestart()) {
      o.onFatal(`${o.name} keeps stopping (${why}, more than ${MAX_CRASHES} times in a minute)`);
      return;
    }
    o.log(`${o.name} stopped unexpectedly (${why}); starting it again`);
    setTimeout(retry, RESTART_DELAY_MS);
  };
  const relaunch = async (dead: T): Promise<void> => {
    if (ended || held || replacing || dead !== current) return;
    let next: T;
    try {
      next = await o.start();
    } catch (err) {
      giveUpOrRetry(`could not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, () => void relaunch(dead));
      return;
    }
    if (ended) return void (await o.stop(next));
    current = next;
    restarts += 1;
    watch(next);
  };
  const watch = (instance: T): void => {
    void o.exited(instance).then((how) => {
      if (ended || held || replacing || instance !== current) return;
      giveUpOrRetry(how, () => void relaunch(instance));
    });
  };
  watch(current);
  return {
    name: o.name,
    current: () => current,
    restarts: () => restarts,
    hold: () => void (held = true),
    async replace() {
      replacing = true;
      try {
        await o.stop(current);
        current = await o.start();
      } finally {
        replacing = false;
        held = false;
      }
      watch(current);
    },
    async stop() {
      ended = true;
      await o.stop(current);
    },
  };
}
