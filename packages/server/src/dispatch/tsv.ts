/** Tab-separated files with a header row and CSV-style quoting, as old hotline systems export them. */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export type Row = Record<string, string>;

/** Parses TSV text: first row is the header; fields may be quoted ("a\tb", "say ""hi""", line breaks). */
export function parseTsv(text: string): Row[] {
  return parse(text, {
    delimiter: '\t',
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    relax_quotes: true,
  }) as Row[];
}

export async function readTsv(file: string): Promise<Row[]> {
  return parseTsv(await readFile(file, 'utf8'));
}

/** Texts and labels from rows; a missing column is an error that names the columns there are. */
export function selectColumns(
  rows: readonly Row[],
  textColumns: readonly string[],
  labelColumn: string,
): { items: string[][]; labels: string[] } {
  const header = rows[0] ? Object.keys(rows[0]) : [];
  for (const c of [...textColumns, labelColumn])
    if (rows.length && !header.includes(c))
      throw new RangeError(`文件中没有列 ${c}；现有列: ${header.join(', ')}`);
  return {
    items: rows.map((r) => textColumns.map((c) => r[c] ?? '')),
    labels: rows.map((r) => (r[labelColumn] ?? '').trim()),
  };
}
