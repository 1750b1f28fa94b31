import { CRASH_WINDOW_MS, MAX_CRASHES, crashBudget } from './restart-policy';

describe('crash budget', () => {
  it('allows MAX_CRASHES restarts within the window and refuses the next one', () => {
    const crashed = crashBudget();
    for (let i = 0; i < MAX_CRASHES; i++) expect(crashed(1000 + i)).toBe(true);
    expect(crashed(1000 + MAX_CRASHES)).toBe(false);
  });

  it('forgets crashes older than the window', () => {
    const crashed = crashBudget();
    for (let i = 0; i < MAX_CRASHES; i++) expect(crashed(i)).toBe(true);
    expect(crashed(CRASH_WINDOW_MS + MAX_CRASHES)).toBe(true);
  });
});
