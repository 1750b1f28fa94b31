import { DEFAULT_CALENDAR, validatePlan } from '../../domain/src';
import { DEMO_PROCEDURES } from './seed';

describe('seeded procedure catalog', () => {
  it('has at least five real procedures besides the demo, each a valid plan that fits its legal time', () => {
    expect(DEMO_PROCEDURES.filter((p) => !p.code.startsWith('9.')).length).toBeGreaterThanOrEqual(5);
    for (const p of DEMO_PROCEDURES) expect({ code: p.code, problems: validatePlan(p, DEFAULT_CALENDAR) }).toEqual({ code: p.code, problems: [] });
  });
});
