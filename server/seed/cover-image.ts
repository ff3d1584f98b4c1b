import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Demo catalog covers drawn by code (no image library is installed, and none is needed for
 * flat shapes): a PNG with a colour taken from the title, a band, and the title's initials in a
 * 5×7 pixel font scaled up. Same title, same bytes.
 */

const WIDTH = 240;
const HEIGHT = 360;

// A 5×7 font for A–Z and 0–9: each glyph is seven rows of five bits.
const GLYPHS: Record<string, string> = {
  A: '01110 10001 10001 11111 10001 10001 10001',
  B: '11110 10001 10001 11110 10001 10001 11110',
  C: '01110 10001 10000 10000 10000 10001 01110',
  D: '11110 10001 10001 10001 10001 10001 11110',
  E: '11111 10000 10000 11110 10000 10000 11111',
  F: '11111 10000 10000 11110 10000 10000 10000',
  G: '01110 10001 10000 10111 10001 10001 01111',
  H: '10001 10001 10001 11111 10001 10001 10001',
  I: '01110 00100 00100 00100 00100 00100 01110',
  J: '00111 00010 00010 00010 00010 10010 01100',
  K: '10001 10010 10100 11000 10100 10010 10001',
  L: '10000 10000 10000 10000 10000 10000 11111',
  M: '10001 11011 10101 10101 10001 10001 10001',
  N: '10001 10001 11001 10101 10011 10001 10001',
  O: '01110 10001 10001 10001 10001 10001 01110',
  P: '11110 10001 10001 11110 10000 10000 10000',
  Q: '01110 10001 10001 10001 10101 10010 01101',
  R: '11110 10001 10001 11110 10100 10010 10001',
  S: '01111 10000 10000 01110 00001 00001 11110',
  T: '11111 00100 00100 00100 00100 00100 00100',
  U: '10001 10001 10001 10001 10001 10001 01110',
  V: '10001 10001 10001 10001 10001 01010 00100',
  W: '10001 10001 10001 10101 10101 10101 01010',
  X: '10001 10001 01010 00100 01010 10001 10001',
  Y: '10001 10001 01010 00100 00100 00100 00100',
  Z: '11111 00001 00010 00100 01000 10000 11111',
  '0': '01110 10001 10011 10101 11001 10001 01110',
  '1': '00100 01100 00100 00100 00100 00100 01110',
  '2': '01110 10001 00001 00010 00100 01000 11111',
  '3': '11110 00001 00001 01110 00001 00001 11110',
  '4': '00010 00110 01010 10010 11111 00010 00010',
  '5': '11111 10000 11110 00001 00001 10001 01110',
  '6': '00110 01000 10000 11110 10001 10001 01110',
  '7': '11111 00001 00010 00100 01000 01000 01000',
  '8': '01110 10001 10001 01110 10001 10001 01110',
  '9': '01110 10001 10001 01111 00001 00010 01100',
};

type Rgb = readonly [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGB pixels (row-major, 3 bytes each) as a PNG: no filter, one IDAT. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(
      rows,
      y * (width * 3 + 1) + 1,
    );
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The initials of a title's words (up to three), in the font's letters. */
export function initialsOf(title: string): string {
  return title
    .toUpperCase()
    .split(/\s+/)
    .map((word) => [...word].find((ch) => ch in GLYPHS) ?? '')
    .join('')
    .slice(0, 3);
}

/** A cover for a title: a PNG, 240×360. */
export function drawCover(title: string): Buffer {
  const digest = createHash('sha256').update(title).digest();
  const hue = ((digest[0] ?? 0) * 360) / 256;
  const background = hsl(hue, 0.45, 0.32);
  const band = hsl((hue + 30) % 360, 0.55, 0.55);
  const ink: Rgb = [250, 248, 240];
  const pixels = new Uint8Array(WIDTH * HEIGHT * 3);
  const fill = (x0: number, y0: number, w: number, h: number, colour: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(HEIGHT, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(WIDTH, x0 + w); x++) {
        pixels.set(colour, (y * WIDTH + x) * 3);
      }
    }
  };
  fill(0, 0, WIDTH, HEIGHT, background);
  // A band and a thin rule, placed by the title's hash so the covers differ beyond colour.
  const bandTop = 40 + ((digest[1] ?? 0) % 60);
  fill(0, bandTop, WIDTH, 120, band);
  fill(20, HEIGHT - 40, WIDTH - 40, 4, ink);
  const letters = initialsOf(title);
  const scale = letters.length > 2 ? 10 : 14;
  const advance = 6 * scale;
  let x = Math.round((WIDTH - (letters.length * advance - scale)) / 2);
  const y = bandTop + Math.round((120 - 7 * scale) / 2);
  for (const letter of letters) {
    const rows = (GLYPHS[letter] ?? '').split(' ');
    rows.forEach((row, r) => {
      [...row].forEach((bit, c) => {
        if (bit === '1') fill(x + c * scale, y + r * scale, scale, scale, ink);
      });
    });
    x += advance;
  }
  return encodePng(WIDTH, HEIGHT, pixels);
}
