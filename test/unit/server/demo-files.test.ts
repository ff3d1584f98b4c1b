import { inflateSync } from 'node:zlib';
import '../../fixtures/promise-with-resolvers';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { quietShelfEpub, typesettingPdf } from '../../../server/seed/demo-books';
import { buildPdf } from '../../../server/seed/files/pdf';
import { crc32, encodePng } from '../../../server/seed/files/png';
import { buildWav } from '../../../server/seed/files/wav';

describe('demo file encoders', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('encodes a PNG whose chunks and pixels read back', () => {
    const png = encodePng(2, 2, (x, y) => [x * 255, y * 255, 7]);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(2); // IHDR width
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...raw]).toEqual([0, 0, 0, 7, 255, 0, 7, 0, 0, 255, 7, 255, 255, 7]);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });

  it('builds a PDF whose xref offsets point at its objects', () => {
    const pdf = buildPdf('Title (with parens)', [['line one'], ['page two']]).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) =>
      expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true),
    );
  });

  it('builds a PCM WAV with a consistent header', () => {
    const wav = buildWav([440], 0.1, 8000);
    expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(800 * 2);
  });

  it('builds an EPUB 3 whose mimetype entry comes first, stored, with no extra field', () => {
    const epub = quietShelfEpub(1);
    expect(epub.readUInt32LE(0)).toBe(0x04034b50); // local file header
    expect(epub.readUInt16LE(8)).toBe(0); // compression: stored
    expect(epub.readUInt16LE(26)).toBe('mimetype'.length);
    expect(epub.readUInt16LE(28)).toBe(0); // no extra field
    expect(epub.subarray(30, 38).toString('ascii')).toBe('mimetype');
    expect(epub.subarray(38, 58).toString('ascii')).toBe('application/epub+zip');
    expect(quietShelfEpub(1).equals(epub)).toBe(true); // deterministic: same sha256 every seed
  });

  it('puts a container, an OPF, a nav TOC, an NCX and every chapter in the EPUB', () => {
    const files = unzipSync(new Uint8Array(quietShelfEpub(2)));
    const read = (name: string) => strFromU8(files[name] ?? new Uint8Array());
    expect(read('META-INF/container.xml')).toContain('full-path="OEBPS/content.opf"');
    const opf = read('OEBPS/content.opf');
    expect(opf).toContain('version="3.0"');
    expect(opf).toContain('properties="nav"');
    expect(opf).toContain('properties="cover-image"');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine).toEqual(['cover', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    const nav = read('OEBPS/nav.xhtml');
    const links = [...nav.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)];
    expect(links.map((m) => m[2])).toContain('The Revised Ending');
    for (const [, href] of links) expect(files[`OEBPS/${href}`]).toBeDefined();
    expect(read('OEBPS/toc.ncx').match(/<navPoint /g)).toHaveLength(6);
    expect(files['OEBPS/cover.png']?.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
    expect(read('OEBPS/chapter-03.xhtml')).toContain('<h1>The Ladder</h1>');
  });

  it('builds a multi-page PDF that pdf.js opens, with the text on each page', async () => {
    const task = getDocument({ data: new Uint8Array(typesettingPdf()) });
    const pdf = await task.promise;
    expect(pdf.numPages).toBe(8);
    const page = await pdf.getPage(3);
    const text = await page.getTextContent();
    const strings = text.items.map((item) => ('str' in item ? item.str : ''));
    expect(strings).toContain('2 Kerning');
    expect(strings).toContain('3');
    await task.destroy();
  });
});
