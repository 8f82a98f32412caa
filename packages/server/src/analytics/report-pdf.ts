/**
 * The report as a PDF (pdfkit): the same sections as the printable page (reportSections), tables drawn
 * as simple ruled grids. Chinese needs an embedded CJK font (JIESU_PDF_FONT); without it the PDF is
 * refused with a clear message and the printable page still works.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../platform/errors.ts';
import { type Cell, formatCst, periodText, reportSections, type Table, type Tone } from './report-html.ts';
import type { Report } from './reports.ts';

export interface PdfFont {
  path: string;
  /** The face inside a collection (.ttc), e.g. NotoSansCJKsc-Regular. */
  name: string;
}

const TONE_COLOURS: Record<Tone, { fg: string; bg?: string }> = {
  red: { fg: '#ffffff', bg: '#cf1322' },
  yellow: { fg: '#613400', bg: '#fadb14' },
  bad: { fg: '#cf1322' },
  good: { fg: '#389e0d' },
};

export function renderReportPdf(r: Report, font: PdfFont): Promise<Buffer> {
  if (!existsSync(font.path))
    throw new AppError(
      'FORMAT_UNAVAILABLE',
      { field: 'querystring.format', setting: 'JIESU_PDF_FONT' },
      '服务器缺少中文字体，暂不能生成 PDF；请使用「打开打印版」并在浏览器中打印或另存为 PDF，或请管理员配置 JIESU_PDF_FONT',
    );
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 42, right: 42 },
    bufferPages: true,
    info: { Title: r.title, Author: 'Jiesu 接诉即办', CreationDate: new Date(r.generatedAt) },
  });
  try {
    doc.registerFont('cjk', font.path, font.name);
    doc.font('cjk');
  } catch (err) {
    throw new AppError(
      'FORMAT_UNAVAILABLE',
      { field: 'querystring.format', setting: 'JIESU_PDF_FONT', reason: String(err) },
      '服务器配置的中文字体无法使用，暂不能生成 PDF；请使用「打开打印版」',
    );
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.fillColor('#cc0000').fontSize(18).text(r.title, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  const compared = r.comparisons.map((c) => `${c.name}：${c.label}`).join('；');
  doc
    .fillColor('#595959')
    .fontSize(9)
    .text(`统计期间：${periodText(r)}`, { width, align: 'center' });
  if (compared) doc.text(`对比期间：${compared}`, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1.5)
    .strokeColor('#cc0000')
    .stroke();
  doc.moveDown(0.6);

  for (const s of reportSections(r)) {
    ensure(60);
    doc.fillColor('#1f1f1f').fontSize(13).text(s.title, left, doc.y, { width });
    doc.moveDown(0.3);
    doc.fontSize(10);
    for (const p of s.paragraphs) {
      ensure(20);
      doc.fillColor('#1f1f1f').text(p, left, doc.y, { width, indent: 20, lineGap: 2 });
      doc.moveDown(0.2);
    }
    for (const t of s.tables) drawTable(doc, t, { left, width, ensure, bottom });
    for (const note of s.notes) {
      ensure(14);
      doc.fillColor('#8c8c8c').fontSize(8).text(`注：${note}`, left, doc.y, { width });
    }
    doc.moveDown(0.8);
  }
  doc
    .fillColor('#8c8c8c')
    .fontSize(8)
    .text(`${r.cityName}12345政务服务便民热线　生成时间：${formatCst(r.generatedAt)}`, left, doc.y, {
      width,
      align: 'right',
    });

  // Page numbers, once all pages exist.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Text in the bottom margin would make pdfkit start a new page: lift the margin while writing.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + 14;
    doc
      .fillColor('#8c8c8c')
      .fontSize(8)
      .text(`第 ${i + 1} 页 / 共 ${range.count} 页`, left, y, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

function drawTable(
  doc: PDFKit.PDFDocument,
  t: Table,
  o: { left: number; width: number; ensure: (h: number) => void; bottom: () => number },
) {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => (w / total) * o.width);
  const pad = 3;
  const size = 8.5;
  const textOf = (c: Cell) => (typeof c === 'string' ? c : c.text);
  const heightOf = (row: Cell[]) => {
    doc.fontSize(size);
    return (
      Math.max(
        ...row.map((c, i) => doc.heightOfString(textOf(c) || ' ', { width: (cols[i] ?? 40) - 2 * pad })),
      ) +
      2 * pad
    );
  };
  const drawRow = (row: Cell[], header: boolean) => {
    const h = heightOf(row);
    let x = o.left;
    const y = doc.y;
    row.forEach((c, i) => {
      const w = cols[i] ?? 40;
      const tone = typeof c === 'string' ? undefined : c.tone;
      const colours = tone ? TONE_COLOURS[tone] : undefined;
      const bg = header ? '#f5f5f5' : colours?.bg;
      if (bg) doc.rect(x, y, w, h).fill(bg);
      doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#bfbfbf').stroke();
      doc
        .fillColor(colours?.fg ?? '#1f1f1f')
        .fontSize(size)
        .text(textOf(c), x + pad, y + pad, {
          width: w - 2 * pad,
          align: i === 1 && !header ? 'left' : 'center',
        });
      x += w;
    });
    doc.x = o.left;
    doc.y = y + h;
  };
  if (t.caption) {
    o.ensure(40);
    doc.fillColor('#1f1f1f').fontSize(10).text(t.caption, o.left, doc.y, { width: o.width });
    doc.moveDown(0.2);
  }
  o.ensure(heightOf(t.headers) * 2);
  drawRow(t.headers, true);
  if (t.rows.length === 0) {
    doc.rect(o.left, doc.y, o.width, 18).lineWidth(0.5).strokeColor('#bfbfbf').stroke();
    doc
      .fillColor('#8c8c8c')
      .fontSize(size)
      .text(t.empty, o.left, doc.y + 4, { width: o.width, align: 'center' });
    doc.y += 6;
  }
  for (const row of t.rows) {
    if (doc.y + heightOf(row) > o.bottom()) {
      doc.addPage();
      drawRow(t.headers, true);
    }
    drawRow(row, false);
  }
  doc.x = o.left;
  doc.moveDown(0.5);
}
