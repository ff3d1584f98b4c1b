/**
 * A minimal valid PDF 1.4: A5 pages of Helvetica text lines (the first line of each page as a
 * heading, a page number at the foot), with a correct cross-reference table (byte offsets
 * computed as the objects are written).
 */
export function buildPdf(title: string, pages: string[][]): Buffer {
  const escape = (text: string) =>
    text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const pageText = (lines: string[], n: number) =>
    [
      ...(n === 0 ? [`BT /F1 20 Tf 40 545 Td (${escape(title)}) Tj ET`] : []),
      ...lines.map((line, i) =>
        i === 0
          ? `BT /F1 15 Tf 40 ${n === 0 ? 505 : 540} Td (${escape(line)}) Tj ET`
          : `BT /F1 11 Tf 40 ${(n === 0 ? 480 : 515) - (i - 1) * 16} Td (${escape(line)}) Tj ET`,
      ),
      `BT /F1 9 Tf 200 30 Td (${n + 1}) Tj ET`,
    ].join('\n');
  // Objects: 1 catalog, 2 page tree, 3 font, 4 info, then a page and its content stream per page.
  const pageIds = pages.map((_, i) => 5 + i * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Title (${escape(title)}) /Producer (Shelfkeeper demo seed) >>`,
  ];
  pages.forEach((lines, n) => {
    const text = pageText(lines, n);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents ${pageIds[n]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    );
  });
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
