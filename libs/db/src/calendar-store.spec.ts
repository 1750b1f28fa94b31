import type { EntityManager } from 'typeorm';
import { DEFAULT_CALENDAR } from '../../domain/src';
import { CalendarCache } from './calendar-store';

/** A transaction's manager answering the calendar store's reads; counts the builds (one agency settings read each). */
function fakeStore(agencySettings: Record<string, object | null>) {
  const state = { version: 3, builds: 0 };
  const manager = {
    query: async (sql: string, params?: unknown[]) => {
      if (sql.includes('max(version)')) return [{ v: state.version }];
      if (sql.includes('FROM calendar_overrides')) return [];
      if (sql.includes('FROM holiday_rules')) return [];
      if (sql.includes('FROM agencies')) {
        state.builds++;
        return [{ calendar_settings: agencySettings[String(params?.[0])] ?? null }];
      }
      throw new Error(`unexpected query: ${sql}`);
    },
  } as unknown as EntityManager;
  return { manager, state };
}

describe('CalendarCache', () => {
  const now = new Date('2026-12-03T08:00:00Z');

  it('builds an agency calendar once per version and answers that build until the version moves', async () => {
    const { manager, state } = fakeStore({ HN: { timeZone: 'Asia/Bangkok' } });
    const cache = new CalendarCache(DEFAULT_CALENDAR);
    const first = await cache.snapshot(manager, 'HN', undefined, now);
    expect(first.version).toBe(3);
    expect(first.calendar.timeZone).toBe('Asia/Bangkok');
    expect(await cache.snapshot(manager, 'HN', 3, now)).toBe(first);
    expect(await cache.snapshot(manager, 'HN', undefined, now)).toBe(first);
    expect(state.builds).toBe(1);

    state.version = 4;
    const second = await cache.snapshot(manager, 'HN', undefined, now);
    expect(second).not.toBe(first);
    expect(second.version).toBe(4);
    expect(state.builds).toBe(2);
  });

  it('keeps one calendar per agency', async () => {
    const { manager, state } = fakeStore({ HN: { timeZone: 'Asia/Bangkok' }, HCM: null });
    const cache = new CalendarCache(DEFAULT_CALENDAR);
    const hn = await cache.snapshot(manager, 'HN', 3, now);
    const hcm = await cache.snapshot(manager, 'HCM', 3, now);
    expect(hcm.calendar.timeZone).toBe(DEFAULT_CALENDAR.timeZone);
    expect(hcm.ownSettings).toBe(false);
    expect(await cache.snapshot(manager, 'HN', 3, now)).toBe(hn);
    expect(state.builds).toBe(2);
  });

  it('builds again when the year turns: a snapshot holds the years around the one it was built in', async () => {
    const { manager, state } = fakeStore({});
    const cache = new CalendarCache(DEFAULT_CALENDAR);
    await cache.snapshot(manager, 'HN', 3, now);
    await cache.snapshot(manager, 'HN', 3, new Date('2027-01-01T00:00:00Z'));
    expect(state.builds).toBe(2);
  });
});
