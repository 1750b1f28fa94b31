import { isLowRating, NO_RATINGS, satisfactionRate, satisfactionSummary } from './satisfaction';

describe('satisfaction roll-up', () => {
  it('averages each criterion over the ratings that answer it', () => {
    // Three ratings: overall 5, 4, 1 → 10 / 3; staffAttitude answered twice: 5 + 2 → 3.5.
    const s = satisfactionSummary({ ratings: 3, low: 1, answered: { overall: 3, staffAttitude: 2 }, total: { overall: 10, staffAttitude: 7 } });
    expect(s.ratings).toBe(3);
    expect(s.low).toBe(1);
    expect(s.averages.overall).toBeCloseTo(10 / 3, 12);
    expect(s.averages.staffAttitude).toBe(3.5);
    expect(s.averages.publicity).toBeNull();
  });

  it('has every criterion null and nothing counted without ratings', () => {
    const s = satisfactionSummary(NO_RATINGS);
    expect(s.ratings).toBe(0);
    expect(Object.values(s.averages).every((v) => v === null)).toBe(true);
    expect(Object.keys(s.averages)).toEqual(['overall', 'convenience', 'onTime', 'staffAttitude', 'processingTime', 'contactsToComplete', 'agenciesContacted', 'oneStopDesk', 'publicity']);
  });

  it('calls a rating low at or below the threshold only', () => {
    expect(isLowRating(2, 2)).toBe(true);
    expect(isLowRating(1, 2)).toBe(true);
    expect(isLowRating(3, 2)).toBe(false);
    expect(isLowRating(3, 3)).toBe(true);
  });

  it("gives 766's satisfaction rate as the share of resolved dossiers not rated unsatisfied", () => {
    expect(satisfactionRate(50, 4)).toBeCloseTo(0.92, 12);
    expect(satisfactionRate(3, 0)).toBe(1);
    expect(satisfactionRate(0, 0)).toBeNull();
    expect(() => satisfactionRate(2, 3)).toThrow(/more unsatisfied/);
  });
});
