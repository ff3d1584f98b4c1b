import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * Draws the app icon (build/icon.png, 512×512, what electron-builder turns into .ico/.icns and
 * Linux icons) by code, so it needs no design tool: four book spines on a shelf, on a rounded
 * square. Run `npx tsx scripts/make-icon.ts` after changing it; the PNG is committed.
 */
const SIZE = 512;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

type Rgb = [number, number, number];

function fill(x0: number, y0: number, x1: number, y1: number, [r, g, b]: Rgb, radius = 0): void {
  for (let y = Math.max(0, y0); y < Math.min(SIZE, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(SIZE, x1); x++) {
      // Rounded corners: skip pixels outside the corner circles.
      const cx = x < x0 + radius ? x0 + radius : x >= x1 - radius ? x1 - radius - 1 : x;
      const cy = y < y0 + radius ? y0 + radius : y >= y1 - radius ? y1 - radius - 1 : y;
      if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) continue;
      const at = (y * SIZE + x) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = 255;
    }
  }
}

fill(16, 16, 496, 496, [27, 58, 75], 96); // background
fill(88, 392, 424, 416, [233, 196, 106], 6); // the shelf
const books: [number, number, number, Rgb][] = [
  [112, 172, 52, [231, 111, 81]],
  [176, 132, 60, [244, 162, 97]],
  [248, 200, 44, [42, 157, 143]],
  [304, 150, 56, [138, 177, 125]],
];
for (const [x, top, width, colour] of books) {
  fill(x, top, x + width, 388, colour, 8);
  fill(x + 10, top + 28, x + width - 10, top + 40, [250, 243, 221], 3); // label band
}
// A thin cream spine closes the row, so the shape still reads at 16×16.
fill(372, 214, 404, 388, [250, 243, 221], 6);

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  rows[y * (SIZE * 4 + 1)] = 0; // filter: none
  pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.resolve(import.meta.dirname, '..', 'build', 'icon.png');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
