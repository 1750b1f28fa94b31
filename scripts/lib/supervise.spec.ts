import { MAX_CRASHES, RESTART_DELAY_MS } from '../../libs/config/src/restart-policy';
import { supervise } from './supervise';

/** A fake process: dies when told, counts how it was stopped. */
class Fake {
  static started = 0;
  readonly id = ++Fake.started;
  stoppedOnPurpose = false;
  private die!: (how: string) => void;
  readonly exited = new Promise<string>((resolve) => (this.die = resolve));
  crash(how = 'signal SIGKILL'): void {
    this.die(how);
  }
  async stop(): Promise<void> {
    this.stoppedOnPurpose = true;
    this.die('stopped');
  }
}

function supervised(start: () => Fake | Promise<Fake> = () => new Fake()) {
  const log: string[] = [];
  const fatal: string[] = [];
  const s = supervise<Fake>({ name: 'svc', first: new Fake(), start, exited: (f) => f.exited, stop: (f) => f.stop(), log: (m) => log.push(m), onFatal: (r) => fatal.push(r) });
  return { s, log, fatal };
}

/** Lets the exit handlers run, then the restart delay pass. */
async function afterRestartDelay(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await jest.advanceTimersByTimeAsync(RESTART_DELAY_MS);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('supervise (the launcher restart policy for apps, Temporal services and PostgreSQL)', () => {
  it('starts a process that died unexpectedly again after the restart delay, and watches the new one', async () => {
    const { s, log } = supervised();
    const first = s.current();
    first.crash();
    await Promise.resolve();
    await jest.advanceTimersByTimeAsync(RESTART_DELAY_MS - 1);
    expect(s.current()).toBe(first);
    await jest.advanceTimersByTimeAsync(1);
    const second = s.current();
    expect(second).not.toBe(first);
    expect(s.restarts()).toBe(1);
    expect(log[0]).toMatch(/svc stopped unexpectedly \(signal SIGKILL\)/);
    second.crash();
    await afterRestartDelay();
    expect(s.current()).not.toBe(second);
    expect(s.restarts()).toBe(2);
  });

  it('does not restart a process stopped on purpose, nor one held', async () => {
    const stopped = supervised();
    const a = stopped.s.current();
    await stopped.s.stop();
    await afterRestartDelay();
    expect(a.stoppedOnPurpose).toBe(true);
    expect(stopped.s.current()).toBe(a);

    const held = supervised();
    const b = held.s.current();
    held.s.hold();
    b.crash();
    await afterRestartDelay();
    expect(held.s.current()).toBe(b);
    await held.s.replace();
    expect(held.s.current()).not.toBe(b);
    // replace() ends the hold: the next crash is restarted again.
    const c = held.s.current();
    c.crash();
    await afterRestartDelay();
    expect(held.s.current()).not.toBe(c);
  });

  it('retries a start that fails, and gives up (fatal) after too many crashes in a minute', async () => {
    let fail = 2;
    const { s, fatal } = supervised(() => (fail-- > 0 ? Promise.reject(new Error('port still in use')) : new Fake()));
    const first = s.current();
    first.crash();
    for (let i = 0; i < 3; i++) await afterRestartDelay();
    expect(s.current()).not.toBe(first);
    expect(fatal).toEqual([]);
    // Three crashes so far (one death, two failed starts): the budget allows MAX_CRASHES in a minute.
    for (let i = 4; i <= MAX_CRASHES; i++) {
      s.current().crash();
      await afterRestartDelay();
    }
    expect(fatal).toEqual([]);
    const last = s.current();
    last.crash();
    await afterRestartDelay();
    expect(fatal[0]).toMatch(/svc keeps stopping/);
    expect(s.current()).toBe(last);
  });
});
