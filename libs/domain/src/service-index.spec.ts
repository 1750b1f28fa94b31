import { SERVICE_INDEX_TIMELINESS_MAX, timelinessScore } from './service-index';

// Hand-checked cases of Decision 766/QĐ-TTg's timeliness component (docs/indicators.md):
// 20 × (early or on time + open within deadline − asked to supplement more than once) / dossiers.
describe('766 timeliness score', () => {
  it('is 20 points when every dossier is timely', () => {
    expect(timelinessScore({ resolvedEarlyOrOnTime: 7, resolvedLate: 0, pendingWithinDeadline: 3, pendingPastDeadline: 0, multipleSupplements: 0 })).toEqual({
      score: 20, max: 20, dossiers: 10, counted: { resolvedEarlyOrOnTime: 7, resolvedLate: 0, pendingWithinDeadline: 3, pendingPastDeadline: 0, multipleSupplements: 0 },
    });
    expect(SERVICE_INDEX_TIMELINESS_MAX).toBe(20);
  });

  it('weighs late and past-deadline dossiers against all counted: 40 + 3 timely of 50 → 17.2', () => {
    // 40 resolved early/on time, 5 late, 3 open within deadline, 2 past it: 20 × 43 / 50 = 17.2.
    const s = timelinessScore({ resolvedEarlyOrOnTime: 40, resolvedLate: 5, pendingWithinDeadline: 3, pendingPastDeadline: 2, multipleSupplements: 0 });
    expect(s.dossiers).toBe(50);
    expect(s.score).toBeCloseTo(17.2, 10);
  });

  it('counts a timely dossier asked to supplement twice as late: 42 of 50 → 16.8, unless the setting is off', () => {
    const counts = { resolvedEarlyOrOnTime: 40, resolvedLate: 5, pendingWithinDeadline: 3, pendingPastDeadline: 2, multipleSupplements: 1 };
    expect(timelinessScore(counts).score).toBeCloseTo(16.8, 10);
    expect(timelinessScore(counts, { multipleSupplementsLate: false }).score).toBeCloseTo(17.2, 10);
    expect(timelinessScore(counts, { multipleSupplementsLate: false }).counted.multipleSupplements).toBe(0);
  });

  it('has no score for a month with no dossier, and 0 for one with only late ones', () => {
    expect(timelinessScore({ resolvedEarlyOrOnTime: 0, resolvedLate: 0, pendingWithinDeadline: 0, pendingPastDeadline: 0, multipleSupplements: 0 }).score).toBeNull();
    expect(timelinessScore({ resolvedEarlyOrOnTime: 0, resolvedLate: 2, pendingWithinDeadline: 0, pendingPastDeadline: 1, multipleSupplements: 0 }).score).toBe(0);
  });

  it('refuses more multiple-supplement dossiers than timely ones (they are a subset)', () => {
    expect(() => timelinessScore({ resolvedEarlyOrOnTime: 1, resolvedLate: 0, pendingWithinDeadline: 0, pendingPastDeadline: 0, multipleSupplements: 2 })).toThrow(/subset|more multiple/);
  });
});
