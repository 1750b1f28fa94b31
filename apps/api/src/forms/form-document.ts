import { formLabel, type FormSet, type FormSpec } from '../../../../libs/domain/src';

/*
 * A printed one-stop-shop form as data: the national header, the agency, the form's number in the
 * set of its time, its title and its body. The HTML and the PDF renderers read this alone, so the
 * two print the same words; every value is plain text (the renderers escape it).
 */

export type FormBlock =
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'paragraph'; text: string; italic?: boolean }
  | { kind: 'table'; head: string[]; rows: string[][]; widths?: (number | '*')[] };

export interface FormDocument {
  /** "Mẫu số 06" or, for a form its set does not number, its title. */
  label: string;
  spec: FormSpec;
  set: FormSet;
  agencyName: string;
  /** The issuing unit under the agency (the one-stop desk). */
  unit: string;
  /** "Số: …" line (the dossier code), when the form carries one. */
  number?: string;
  /** "…, ngày dd tháng mm năm yyyy" of issue, in the agency's time zone. */
  dateLine: string;
  title: string;
  blocks: FormBlock[];
  signatures: { title: string; note: string }[];
  landscape?: boolean;
  /** Plain-ASCII identification for the PDF's metadata (the dossier code or the period). */
  subject: string;
}

/** "Mẫu số 06 — ban hành kèm theo Thông tư số 03/2025/TT-VPCP", printed under the title. */
export function issuedWith(doc: Pick<FormDocument, 'spec' | 'set'>): string {
  return doc.spec.number
    ? `(${formLabel(doc.spec)}, ban hành kèm theo ${doc.set.circular.citeVi})`
    : `(${doc.set.circular.citeVi} không ban hành mẫu riêng cho văn bản này)`;
}

export function pdfSubject(doc: FormDocument): string {
  const no = doc.spec.number ? `Mau so ${doc.spec.number}` : doc.spec.kind;
  return `${no} - ${doc.set.circular.cite} - ${doc.subject}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "ngày 02 tháng 12 năm 2026" for a local 'YYYY-MM-DD'. */
export function dateWords(localDay: string): string {
  const m = DAY.exec(localDay);
  if (!m) return localDay;
  return `ngày ${m[3]} tháng ${m[2]} năm ${m[1]}`;
}
