import ExcelJS from 'exceljs';
import { issuedWith } from './form-document';
import { TRACKING_BOOK_HEAD, trackingCells, type TrackingBook } from './forms.service';

/** Header rows above the data (title, basis, period, headings); tests read the data from here on. */
export const TRACKING_FIRST_DATA_ROW = 5;

/** Form 07 as a worksheet: one row per dossier, the same cells as the printed book. */
export async function trackingBookWorkbook(book: TrackingBook): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dossier-flow';
  const ws = wb.addWorksheet(book.doc.label, { views: [{ state: 'frozen', ySplit: TRACKING_FIRST_DATA_ROW - 1 }] });
  ws.addRow([`${book.doc.title.toUpperCase()} — ${book.doc.agencyName}`]);
  ws.addRow([issuedWith(book.doc)]);
  ws.addRow([`${book.doc.dateLine} (${book.timeZone})`]);
  ws.addRow(TRACKING_BOOK_HEAD);
  book.rows.forEach((r, i) => ws.addRow(trackingCells(r, i)));
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.getRow(4).font = { bold: true };
  ws.getRow(4).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  TRACKING_BOOK_HEAD.forEach((_, i) => (ws.getColumn(i + 1).width = i === 0 ? 5 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
