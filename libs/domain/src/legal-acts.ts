import { localDate, parseYmd } from './local-time';

/*
 * The one-stop-shop acts and their effective dates: the one table every user-visible citation reads
 * through, so a dossier is printed and explained under the act in force on the date it concerns
 * (its receipt for forms; the instant a rule applies to for reasons).
 *
 * Sources and what could be checked (search of public texts, 2026-12):
 * - Decree 118/2025/NĐ-CP of 09/6/2025, in force from 01/7/2025 (quoted with both dates by several
 *   provincial procedure publications); it replaced Decree 61/2018/NĐ-CP and Decree 107/2021/NĐ-CP.
 * - Decree 61/2018/NĐ-CP of 23/4/2018; in force from 21/6/2018 (not verified here).
 * - Decree 107/2021/NĐ-CP of 06/12/2021, amending Decree 61; in force date not verified here
 *   (taken as its date of issue).
 * - Circular 01/2018/TT-VPCP of 23/11/2018 (forms 01–06, e.g. "Mẫu số 02, ban hành kèm theo Thông tư
 *   số 01/2018/TT-VPCP, ngày 23/11/2018"); in force from 08/01/2019 (not verified here).
 * - Circular 03/2025/TT-VPCP of 15/9/2025 guiding Decree 118 (forms 01–07 in its Appendix I). Its
 *   effective date could not be verified: the cut-over is a setting (FORMS_CIRCULAR_03_2025_FROM)
 *   defaulting to the date of issue.
 */

export type LegalActId = 'decree-61-2018' | 'decree-107-2021' | 'decree-118-2025' | 'circular-01-2018' | 'circular-03-2025';

export interface LegalAct {
  id: LegalActId;
  /** As cited in English text: "Decree 118/2025/NĐ-CP". */
  cite: string;
  /** As cited on Vietnamese forms: "Nghị định số 118/2025/NĐ-CP". */
  citeVi: string;
  issued: string;
  /** First local day (YYYY-MM-DD, Asia/Ho_Chi_Minh) the act applies to. */
  effective: string;
  /** Whether `effective` was checked against a published text (see the header). */
  effectiveVerified: boolean;
}

/** Circular 03/2025/TT-VPCP's date of issue, the default cut-over of the forms. */
export const CIRCULAR_03_2025_ISSUED = '2025-09-15';

export const LEGAL_ACTS: Readonly<Record<LegalActId, LegalAct>> = {
  'decree-61-2018': { id: 'decree-61-2018', cite: 'Decree 61/2018/NĐ-CP', citeVi: 'Nghị định số 61/2018/NĐ-CP', issued: '2018-04-23', effective: '2018-06-21', effectiveVerified: false },
  'decree-107-2021': { id: 'decree-107-2021', cite: 'Decree 107/2021/NĐ-CP', citeVi: 'Nghị định số 107/2021/NĐ-CP', issued: '2021-12-06', effective: '2021-12-06', effectiveVerified: false },
  'decree-118-2025': { id: 'decree-118-2025', cite: 'Decree 118/2025/NĐ-CP', citeVi: 'Nghị định số 118/2025/NĐ-CP', issued: '2025-06-09', effective: '2025-07-01', effectiveVerified: true },
  'circular-01-2018': { id: 'circular-01-2018', cite: 'Circular 01/2018/TT-VPCP', citeVi: 'Thông tư số 01/2018/TT-VPCP', issued: '2018-11-23', effective: '2019-01-08', effectiveVerified: false },
  'circular-03-2025': { id: 'circular-03-2025', cite: 'Circular 03/2025/TT-VPCP', citeVi: 'Thông tư số 03/2025/TT-VPCP', issued: CIRCULAR_03_2025_ISSUED, effective: CIRCULAR_03_2025_ISSUED, effectiveVerified: false },
};

/** The zone the acts' dates are read in (they take effect on a Vietnamese calendar day). */
export const LEGAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

function dayOf(at: Date | string): string {
  if (typeof at === 'string' && parseYmd(at)) return at;
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${String(at)}`);
  return localDate(d, LEGAL_TIME_ZONE);
}

/**
 * The decree(s) on the one-stop-shop mechanism in force on `at`: Decree 118/2025 from 01/7/2025,
 * before it Decree 61/2018 (as amended by Decree 107/2021 once that applies).
 */
export function oneStopDecrees(at: Date | string): LegalAct[] {
  const day = dayOf(at);
  const acts = LEGAL_ACTS;
  if (day >= acts['decree-118-2025'].effective) return [acts['decree-118-2025']];
  if (day >= acts['decree-107-2021'].effective) return [acts['decree-61-2018'], acts['decree-107-2021']];
  return [acts['decree-61-2018']];
}

/**
 * Cites the one-stop-shop decree in force on `at` for a rule, with the article where it is known
 * for that act: e.g. the 15:00 paper cut-off is Decree 61/2018 Art. 19(1); its article in Decree 118
 * was not verified, so that citation names the decree alone.
 */
export function citeOneStop(at: Date | string, articles: Partial<Record<LegalActId, string>> = {}): string {
  const [main, amending] = oneStopDecrees(at);
  const art = articles[main.id];
  return `${main.cite}${art ? ` ${art}` : ''}${amending ? `, as amended by ${amending.cite}` : ''}`;
}

/** The 15:00 rule for paper dossiers, cited for the day it applies to. */
export function citePaperCutoff(at: Date | string): string {
  return citeOneStop(at, { 'decree-61-2018': 'Art. 19(1)' });
}

// ---------------------------------------------------------------------------------------------
// Forms

/** What each form is, independent of its number in one circular or another. */
export type FormKind = 'receipt' | 'supplement' | 'refusal' | 'apology' | 'stopNotice' | 'controlSheet' | 'trackingBook';

export interface FormSpec {
  kind: FormKind;
  /** Printed as "Mẫu số 06"; absent when the set has no numbered form for it. */
  number?: string;
  title: string;
}

export interface FormSet {
  circular: LegalAct;
  forms: Readonly<Record<FormKind, FormSpec>>;
}

/*
 * Circular 03/2025/TT-VPCP, Appendix I (titles as quoted by a 2026 study of Hà Nội's one-stop
 * system, "Bảng 2.3: Bộ biểu mẫu theo Phụ lục I Thông tư 03/2025/TT-VPCP"): 01 receipt, 02 supplement,
 * 03 refusal, 04 apology, 05 stop notice, 06 control sheet, 07 tracking book.
 * Circular 01/2018/TT-VPCP: 01–04 the same, 05 control sheet, 06 tracking book; a stop notice had no
 * numbered form (DOMAIN.md, Forms).
 */
const SET_2025: FormSet = {
  circular: LEGAL_ACTS['circular-03-2025'],
  forms: {
    receipt: { kind: 'receipt', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
    supplement: { kind: 'supplement', number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
    refusal: { kind: 'refusal', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
    apology: { kind: 'apology', number: '04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' },
    stopNotice: { kind: 'stopNotice', number: '05', title: 'Thông báo dừng giải quyết hồ sơ' },
    controlSheet: { kind: 'controlSheet', number: '06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
    trackingBook: { kind: 'trackingBook', number: '07', title: 'Sổ theo dõi hồ sơ' },
  },
};

const SET_2018: FormSet = {
  circular: LEGAL_ACTS['circular-01-2018'],
  forms: {
    receipt: { kind: 'receipt', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
    supplement: { kind: 'supplement', number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
    refusal: { kind: 'refusal', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
    apology: { kind: 'apology', number: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' },
    stopNotice: { kind: 'stopNotice', title: 'Thông báo dừng giải quyết hồ sơ' },
    controlSheet: { kind: 'controlSheet', number: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
    trackingBook: { kind: 'trackingBook', number: '06', title: 'Sổ theo dõi hồ sơ' },
  },
};

/** The API's form numbers (`/forms/01` … `/07`) are Circular 03/2025's; the printed number follows the set. */
export const FORM_ROUTES: Readonly<Record<string, FormKind>> = {
  '01': 'receipt',
  '02': 'supplement',
  '03': 'refusal',
  '04': 'apology',
  '05': 'stopNotice',
  '06': 'controlSheet',
  '07': 'trackingBook',
};

/**
 * The form set a dossier prints: that of the circular in force on its receipt day. `circular03From`
 * is the cut-over day (setting FORMS_CIRCULAR_03_2025_FROM; default the circular's date of issue).
 */
export function formSetFor(receivedAt: Date | string, circular03From: string = CIRCULAR_03_2025_ISSUED): FormSet {
  if (!parseYmd(circular03From)) throw new Error(`circular03From must be YYYY-MM-DD, got ${JSON.stringify(circular03From)}`);
  return dayOf(receivedAt) >= circular03From ? SET_2025 : SET_2018;
}

/** "Mẫu số 06" (or, for a form the set does not number, its title alone). */
export function formLabel(spec: FormSpec): string {
  return spec.number ? `Mẫu số ${spec.number}` : spec.title;
}
