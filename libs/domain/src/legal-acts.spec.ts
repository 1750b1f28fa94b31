import { citeOneStop, citePaperCutoff, formLabel, formSetFor, FORM_ROUTES, LEGAL_ACTS, oneStopDecrees } from './legal-acts';

// Hand-checked cut-overs: Decree 118/2025/NĐ-CP applies from 01/7/2025 (Vietnamese day), Circular
// 03/2025/TT-VPCP's forms from its date of issue 15/9/2025 unless configured otherwise.
describe('one-stop decree in force by date', () => {
  it('is Decree 118/2025 from 1 July 2025 local time, Decree 61/2018 as amended by 107/2021 the instant before', () => {
    // 2025-06-30T17:00Z is 00:00 on 1 July in Hà Nội (UTC+7).
    expect(oneStopDecrees(new Date('2025-06-30T17:00:00Z')).map((a) => a.id)).toEqual(['decree-118-2025']);
    expect(oneStopDecrees(new Date('2025-06-30T16:59:59Z')).map((a) => a.id)).toEqual(['decree-61-2018', 'decree-107-2021']);
  });

  it('is Decree 61/2018 alone before Decree 107/2021', () => {
    expect(oneStopDecrees('2019-05-02').map((a) => a.id)).toEqual(['decree-61-2018']);
  });

  it('cites the 15:00 rule with Art. 19(1) under Decree 61 and the decree alone under Decree 118', () => {
    expect(citePaperCutoff('2024-04-26')).toBe('Decree 61/2018/NĐ-CP Art. 19(1), as amended by Decree 107/2021/NĐ-CP');
    expect(citePaperCutoff('2025-07-01')).toBe('Decree 118/2025/NĐ-CP');
    expect(citeOneStop('2020-01-02', { 'decree-61-2018': 'Art. 3' })).toBe('Decree 61/2018/NĐ-CP Art. 3');
  });

  it('refuses a date that is not one', () => {
    expect(() => oneStopDecrees('yesterday')).toThrow('not a date');
  });
});

describe('form set by receipt date', () => {
  it('prints Circular 03/2025 forms from 15 September 2025 (local day) and Circular 01/2018 forms before', () => {
    const after = formSetFor(new Date('2025-09-14T17:00:00Z')); // 00:00 on 15/9 in Hà Nội
    const before = formSetFor(new Date('2025-09-14T16:59:59Z'));
    expect(after.circular.id).toBe('circular-03-2025');
    expect(before.circular.id).toBe('circular-01-2018');
  });

  it('numbers the control sheet 06 and the tracking book 07 in the new set, 05 and 06 in the old', () => {
    const now = formSetFor('2026-03-02').forms;
    const old = formSetFor('2024-03-04').forms;
    expect([now.controlSheet.number, now.trackingBook.number, now.stopNotice.number]).toEqual(['06', '07', '05']);
    expect([old.controlSheet.number, old.trackingBook.number, old.stopNotice.number]).toEqual(['05', '06', undefined]);
    expect(formLabel(old.controlSheet)).toBe('Mẫu số 05');
    expect(formLabel(old.stopNotice)).toBe('Thông báo dừng giải quyết hồ sơ');
  });

  it('moves the cut-over to a configured effective date', () => {
    expect(formSetFor('2025-10-01', '2025-11-01').circular.id).toBe('circular-01-2018');
    expect(formSetFor('2025-11-01', '2025-11-01').circular.id).toBe('circular-03-2025');
    expect(() => formSetFor('2025-11-01', '1/11/2025')).toThrow('YYYY-MM-DD');
  });

  it('routes /forms/01…07 by the new numbering, each to a form the new set prints under that number', () => {
    const set = formSetFor('2026-01-05').forms;
    for (const [no, kind] of Object.entries(FORM_ROUTES)) expect(set[kind].number).toBe(no);
  });

  it('keeps the acts in one table with the dates hand-checked from their texts', () => {
    expect(LEGAL_ACTS['decree-118-2025']).toMatchObject({ issued: '2025-06-09', effective: '2025-07-01', effectiveVerified: true });
    expect(LEGAL_ACTS['circular-03-2025']).toMatchObject({ issued: '2025-09-15', effectiveVerified: false });
  });
});
