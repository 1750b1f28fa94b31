import ExcelJS from 'exceljs';
import { RATING_CRITERIA } from '../../../../libs/contracts/src/ratings';
import { CRITERION_TITLE } from '../ratings/rating-criteria';
import type { TimelinessQueryDto, TimelinessRow } from './stats.dto';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const GROUP_TITLE: Record<NonNullable<TimelinessQueryDto['groupBy']> | 'total', string> = {
  total: 'Toàn cơ quan',
  procedure: 'Thủ tục',
  department: 'Phòng, ban',
  month: 'Tháng',
};

/** The Biểu 06 columns under their form headings: [heading, sub-column, value of a row]. */
const COLUMNS: [string, string, (r: TimelinessRow) => number | null][] = [
  ['Số hồ sơ nhận giải quyết', 'Tổng số', (r) => r.received.total],
  ['Số hồ sơ nhận giải quyết', 'Trực tuyến', (r) => r.received.online],
  ['Số hồ sơ nhận giải quyết', 'Trực tiếp, dịch vụ bưu chính', (r) => r.received.directOrPostal],
  ['Số hồ sơ nhận giải quyết', 'Từ kỳ trước chuyển qua', (r) => r.received.carriedOver],
  ['Số hồ sơ đã giải quyết', 'Tổng số', (r) => r.resolved.total],
  ['Số hồ sơ đã giải quyết', 'Trước hạn', (r) => r.resolved.early],
  ['Số hồ sơ đã giải quyết', 'Đúng hạn', (r) => r.resolved.onTime],
  ['Số hồ sơ đã giải quyết', 'Quá hạn', (r) => r.resolved.late],
  ['Số hồ sơ đang giải quyết', 'Tổng số', (r) => r.pending.total],
  ['Số hồ sơ đang giải quyết', 'Trong hạn', (r) => r.pending.withinDeadline],
  ['Số hồ sơ đang giải quyết', 'Quá hạn', (r) => r.pending.pastDeadline],
  ['Tỷ lệ đúng hạn', '(%)', (r) => (r.onTimeRate === null ? null : r.onTimeRate)],
];


/** Beside the rate: the citizens' ratings of the dossiers resolved (count, low, average per criterion 1–5). */
const SATISFACTION = 'Mức độ hài lòng của người dân (điểm trung bình 1–5)';
const SATISFACTION_COLUMNS: [string, string, (r: TimelinessRow) => number | null][] = [
  [SATISFACTION, 'Số lượt đánh giá', (r) => r.satisfaction.ratings],
  [SATISFACTION, 'Không hài lòng', (r) => r.satisfaction.low],
  ...RATING_CRITERIA.map((k): [string, string, (r: TimelinessRow) => number | null] => [SATISFACTION, CRITERION_TITLE[k], (r) => r.satisfaction.averages[k]]),
];

/** The sheet's column of the rate (1-based; the group's is 1): a percentage; the averages follow the two counts after it. */
const RATE_COLUMN = COLUMNS.length + 1;
const ALL_COLUMNS = [...COLUMNS, ...SATISFACTION_COLUMNS];

/** Header rows above the data: title, period, the two heading rows. Tests read the data from here on. */
export const FIRST_DATA_ROW = 5;

function day(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

/** `bieu-06_2026-01-01_2026-01-31_procedure.xlsx`: the days the report covers, in the agency's zone. */
export function workbookName(q: TimelinessQueryDto, timeZone: string): string {
  const iso = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  return `bieu-06_${iso(new Date(q.from))}_${iso(new Date(new Date(q.to).getTime() - 1))}_${q.groupBy ?? 'total'}.xlsx`;
}

/**
 * Biểu 06/VPCP/KSTT as a worksheet: one data row per JSON row (same order, same numbers), the rate
 * as a number formatted as a percentage so it stays computable in Excel.
 */
export async function timelinessWorkbook(rows: TimelinessRow[], q: TimelinessQueryDto, timeZone: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dossier-flow';
  const ws = wb.addWorksheet('Biểu 06', { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1, xSplit: 1 }] });
  const width = ALL_COLUMNS.length + 1;
  // The period ends before `to` (exclusive): the report names the last day it covers.
  const lastDay = new Date(new Date(q.to).getTime() - 1);
  ws.addRow(['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (Biểu 06/VPCP/KSTT)']);
  ws.addRow([`Kỳ báo cáo: từ ngày ${day(new Date(q.from), timeZone)} đến ngày ${day(lastDay, timeZone)} (${timeZone})`]);
  ws.addRow([GROUP_TITLE[q.groupBy ?? 'total'], ...ALL_COLUMNS.map((c) => c[0])]);
  ws.addRow(['', ...ALL_COLUMNS.map((c) => c[1])]);
  ws.mergeCells(1, 1, 1, width);
  ws.mergeCells(2, 1, 2, width);
  ws.mergeCells(3, 1, 4, 1);
  for (let start = 0; start < ALL_COLUMNS.length; ) {
    let end = start;
    while (end + 1 < ALL_COLUMNS.length && ALL_COLUMNS[end + 1][0] === ALL_COLUMNS[start][0]) end++;
    if (end > start) ws.mergeCells(3, start + 2, 3, end + 2);
    else ws.mergeCells(3, start + 2, 4, start + 2);
    start = end + 1;
  }
  for (const r of rows) ws.addRow([q.groupBy ? r.group : GROUP_TITLE.total, ...ALL_COLUMNS.map((c) => c[2](r))]);

  ws.getRow(1).font = { bold: true, size: 13 };
  for (const n of [3, 4]) {
    const row = ws.getRow(n);
    row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  }
  ws.getColumn(1).width = 24;
  for (let i = 2; i <= width; i++) ws.getColumn(i).width = 14;
  ws.getColumn(RATE_COLUMN).numFmt = '0.0%';
  for (let i = RATE_COLUMN + 3; i <= width; i++) ws.getColumn(i).numFmt = '0.00';
  for (let n = 3; n <= ws.rowCount; n++) {
    for (let i = 1; i <= width; i++) ws.getCell(n, i).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
