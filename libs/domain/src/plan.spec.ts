import { DEFAULT_CALENDAR } from './calendar';
import { DEFAULT_AT_RISK_RATIO, dossierAtRisk, planDossier, planStep, validatePlan } from './plan';
import type { ProcedurePlan, StepPlan } from './plan';

const cal = DEFAULT_CALENDAR;
const vn = (local: string) => new Date(`${local}+07:00`);

const steps: StepPlan[] = [
  { key: 'receive', name: 'Tiếp nhận', role: 'reception', duration: { workingHours: 2 } },
  { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'TNMT', duration: { workingHours: 10 } },
  { key: 'approve', name: 'Phê duyệt', role: 'approver', duration: { workingHours: 3 }, atRiskRatio: 0.5 },
  { key: 'return', name: 'Trả kết quả', role: 'return', duration: { workingHours: 1 } },
];
const procedure: ProcedurePlan = { code: '1.001776', name: 'Cấp phép', agencyCode: 'H38', legalTime: { workingDays: 2 }, steps };

describe('validatePlan', () => {
  it('accepts steps that fill the legal time exactly', () => {
    expect(validatePlan(procedure, cal)).toEqual([]);
  });

  it('requires at least one step', () => {
    expect(validatePlan({ ...procedure, steps: [] }, cal)).toEqual([{ field: 'steps', message: 'at least one step is required' }]);
  });

  it('reports a duplicate key on the later step', () => {
    const dup = [...steps.slice(0, 2), { ...steps[2], key: 'receive' }, steps[3]];
    expect(validatePlan({ ...procedure, steps: dup }, cal)).toEqual([{ field: 'steps[2].key', message: 'duplicate step key "receive"' }]);
  });

  it('reports steps that add up to more than the legal time', () => {
    const long = [...steps, { key: 'extra', name: 'Thêm', role: 'reviewer' as const, duration: { workingHours: 1 } }];
    expect(validatePlan({ ...procedure, steps: long }, cal)).toEqual([
      {
        field: 'steps',
        message: 'the steps add up to 17 working hours, more than the legal time of 2 working days (16 working hours)',
      },
    ]);
  });

  it('reports a step whose unit family differs from the legal time', () => {
    const mixed = [steps[0], { ...steps[1], duration: { seconds: 60 } }];
    expect(validatePlan({ ...procedure, steps: mixed }, cal)).toEqual([{ field: 'steps[1].duration', message: expect.stringContaining('working time expected') }]);
  });

  it('reports at-risk ratios outside (0, 1)', () => {
    for (const atRiskRatio of [0, 1, 1.5, Number.NaN]) {
      const bad = [{ ...steps[0], atRiskRatio }, ...steps.slice(1)];
      expect(validatePlan({ ...procedure, steps: bad }, cal)).toEqual([{ field: 'steps[0].atRiskRatio', message: expect.any(String) }]);
    }
  });

  it('reports malformed durations on their path', () => {
    const bad = [{ ...steps[0], duration: { workingHours: -2 } }, { ...steps[1], duration: { workingHours: 1, seconds: 5 } as never }];
    expect(validatePlan({ ...procedure, legalTime: { workingDays: 0 }, steps: bad }, cal).map((e) => e.field)).toEqual([
      'legalTime',
      'steps[0].duration',
      'steps[1].duration',
    ]);
  });

  it('sums elapsed plans in seconds', () => {
    const elapsed: ProcedurePlan = {
      ...procedure,
      legalTime: { seconds: 60 },
      steps: [
        { ...steps[0], duration: { seconds: 40 } },
        { ...steps[1], duration: { seconds: 30 } },
      ],
    };
    expect(validatePlan(elapsed, cal)).toEqual([{ field: 'steps', message: 'the steps add up to 70 s, more than the legal time of 60 s' }]);
  });
});

describe('planDossier', () => {
  it('chains steps, each starting when the previous one is due', () => {
    const plan = planDossier(vn('2026-11-27T09:00'), procedure, cal); // Friday
    const iso = (d: Date) => d.toISOString();
    expect(plan.steps.map((s) => [s.key, iso(s.startAt), iso(s.atRiskAt), iso(s.dueAt)])).toEqual([
      ['receive', '2026-11-27T02:00:00.000Z', '2026-11-27T03:30:00.000Z', '2026-11-27T04:00:00.000Z'], // Fri 09:00, 10:30, 11:00
      ['review', '2026-11-27T04:00:00.000Z', '2026-11-30T03:30:00.000Z', '2026-11-30T07:30:00.000Z'], // → Mon 10:30, 14:30
      ['approve', '2026-11-30T07:30:00.000Z', '2026-11-30T09:00:00.000Z', '2026-12-01T01:00:00.000Z'], // Mon 16:00 (50%), Tue 08:00
      ['return', '2026-12-01T01:00:00.000Z', '2026-12-01T01:45:00.000Z', '2026-12-01T02:00:00.000Z'], // Tue 08:45, 09:00
    ]);
    expect(plan.steps[1].departmentCode).toBe('TNMT');
    expect('departmentCode' in plan.steps[0]).toBe(false);
    expect(iso(plan.dueAt)).toBe('2026-12-01T02:00:00.000Z'); // Tue 09:00
    expect(iso(plan.atRiskAt)).toBe('2026-11-30T02:00:00.000Z'); // Mon 09:00, one working day left
  });

  it('plans a step from the instant it actually starts', () => {
    const s = planStep(vn('2026-11-23T13:00'), steps[0], cal);
    expect([s.startAt, s.atRiskAt, s.dueAt].map((d) => d.toISOString())).toEqual([
      '2026-11-23T06:00:00.000Z',
      '2026-11-23T07:30:00.000Z',
      '2026-11-23T08:00:00.000Z',
    ]);
    expect(DEFAULT_AT_RISK_RATIO).toBe(0.75);
  });
});

describe('dossierAtRisk', () => {
  const received = vn('2026-11-23T07:30'); // Monday opening

  it('is one working day before the due date for legal times over one working day', () => {
    expect(dossierAtRisk(received, { workingDays: 3 }, cal).toISOString()).toBe('2026-11-24T10:00:00.000Z'); // Tue 17:00
    expect(dossierAtRisk(received, { workingHours: 12 }, cal).toISOString()).toBe('2026-11-23T04:30:00.000Z'); // Mon 11:30
  });

  it('is at 75% for one working day or less, and for elapsed legal times', () => {
    expect(dossierAtRisk(received, { workingDays: 1 }, cal).toISOString()).toBe('2026-11-23T08:00:00.000Z'); // Mon 15:00
    expect(dossierAtRisk(received, { workingHours: 4 }, cal).toISOString()).toBe('2026-11-23T03:30:00.000Z'); // Mon 10:30
    expect(dossierAtRisk(new Date('2026-11-28T00:00:00Z'), { seconds: 120 }, cal).toISOString()).toBe('2026-11-28T00:01:30.000Z');
  });
});

describe('validatePlan, each message', () => {
  it('names a missing key or name, an unknown role and a bad ratio exactly', () => {
    const bad = [{ ...steps[0], key: ' ', name: '' }, { ...steps[1], key: undefined as never, name: '  \t' }, { ...steps[2], role: 'boss' as never, atRiskRatio: '0.5' as never }, steps[3]];
    expect(validatePlan({ ...procedure, steps: bad }, cal)).toEqual([
      { field: 'steps[0].key', message: 'key is required' },
      { field: 'steps[0].name', message: 'name is required' },
      { field: 'steps[1].key', message: 'key is required' },
      { field: 'steps[1].name', message: 'name is required' },
      { field: 'steps[2].role', message: 'role must be one of reception, reviewer, approver, return' },
      { field: 'steps[2].atRiskRatio', message: 'atRiskRatio must be a number strictly between 0 and 1' },
    ]);
    expect(validatePlan({ ...procedure, steps: undefined as never }, cal)).toEqual([{ field: 'steps', message: 'at least one step is required' }]);
  });

  it('accepts every step role and ratios just inside (0, 1)', () => {
    const roles = steps.map((s, i) => ({ ...s, atRiskRatio: i % 2 === 0 ? 0.01 : 0.99 }));
    expect(roles.map((s) => s.role)).toEqual(['reception', 'reviewer', 'approver', 'return']);
    expect(validatePlan({ ...procedure, steps: roles }, cal)).toEqual([]);
    expect(validatePlan({ ...procedure, steps: [{ ...steps[0], atRiskRatio: -0.5 }] }, cal)).toEqual([
      { field: 'steps[0].atRiskRatio', message: 'atRiskRatio must be a number strictly between 0 and 1' },
    ]);
  });

  it('names the expected family when a working step sits in an elapsed procedure, and the other way round', () => {
    expect(validatePlan({ ...procedure, legalTime: { seconds: 600 }, steps: [{ ...steps[0], duration: { workingHours: 1 } }] }, cal)).toEqual([
      { field: 'steps[0].duration', message: 'elapsed time expected like the legal time, got 1 working hour' },
    ]);
    expect(validatePlan({ ...procedure, steps: [{ ...steps[0], duration: { seconds: 90 } }] }, cal)).toEqual([
      { field: 'steps[0].duration', message: 'working time expected like the legal time, got 90 s' },
    ]);
  });

  it('does not add up steps when the legal time or a step cannot be compared', () => {
    const long = [{ ...steps[0], duration: { workingDays: 5 } }];
    expect(validatePlan({ ...procedure, legalTime: { workingDays: -1 }, steps: long }, cal)).toEqual([
      { field: 'legalTime', message: 'workingDays must be a positive finite number' },
    ]);
    expect(validatePlan({ ...procedure, steps: [...long, { ...steps[1], duration: { seconds: 0 } }] }, cal)).toEqual([
      { field: 'steps[1].duration', message: 'seconds must be a positive finite number' },
    ]);
    expect(validatePlan({ ...procedure, steps: [...long, { ...steps[1], duration: { seconds: 1 } }] }, cal)).toEqual([
      { field: 'steps[1].duration', message: 'working time expected like the legal time, got 1 s' },
    ]);
    // A later bad step does not hide an earlier one's excess either: nothing is summed.
    expect(validatePlan({ ...procedure, steps: [{ ...steps[1], duration: { seconds: 0 } }, ...long] }, cal)).toEqual([
      { field: 'steps[0].duration', message: 'seconds must be a positive finite number' },
    ]);
  });

  it('counts a step that overruns by one millisecond', () => {
    const over = [{ ...steps[0], duration: { workingHours: 16 + 1 / 3_600_000 } }];
    expect(validatePlan({ ...procedure, steps: over }, cal)).toEqual([
      { field: 'steps', message: 'the steps add up to 16 working hours, more than the legal time of 2 working days (16 working hours)' },
    ]);
  });
});

describe('dossierAtRisk, boundaries', () => {
  it('switches to one working day left only above one working day', () => {
    const received = vn('2026-11-23T07:30');
    // 8 h + 1 ms: one working day before the due date (Mon 07:30 + 1 ms).
    expect(dossierAtRisk(received, { workingHours: 8 + 1 / 3_600_000 }, cal).toISOString()).toBe('2026-11-23T00:30:00.001Z');
    // Elapsed times never use the working-day rule, however long: 75%.
    expect(dossierAtRisk(new Date('2026-11-28T00:00:00Z'), { seconds: 4 * 86_400 }, cal).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
