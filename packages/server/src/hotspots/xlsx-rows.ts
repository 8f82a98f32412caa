/**
 * Reads the first sheet of an .xlsx file as rows keyed by the header row (for the evaluations of
 * bench/). Dates become `Date`; Excel serial numbers in a column of date strings are left as numbers
 * for the caller to convert with {@link excelSerialToDate}.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | Date | boolean | null;

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as ExcelJS.CellValue);
  return String(v);
}

export async function readSheet(file: string): Promise<Record<string, Cell>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const header: string[] = [];
  ws.getRow(1).eachCell((c, col) => {
    header[col] = String(cellValue(c.value) ?? '').trim();
  });
  const rows: Record<string, Cell>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const r: Record<string, Cell> = {};
    header.forEach((h, col) => {
      if (h) r[h] = cellValue(row.getCell(col).value);
    });
    rows.push(r);
  });
  return rows;
}

/** Excel's serial day number (1900 date system, days since 1899-12-30) as a UTC date-time. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/** 「2019/4/25 9:32:09」 (China Standard Time), a Date, or an Excel serial → Date; null if unreadable. */
export function toDate(v: Cell): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return excelSerialToDate(v - 8 / 24);
  if (typeof v !== 'string') return null;
  const m = v.trim().match(/^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 8, +mi, +s));
}
