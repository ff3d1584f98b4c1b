import type { ImageType } from './image-types';

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * The longest side a cover may have, in pixels. A cover is shown a few hundred pixels tall, but
 * its decoded size is width × height × 4 bytes whatever its file size: a PNG of a few hundred
 * bytes can declare 100,000 × 100,000 pixels (40 GB to decode). 4096 × 4096 is 64 MiB decoded, the
 * most one cover may cost a page that shows hundreds of them (docs/design.md §12.4).
 */
export const MAX_COVER_SIDE = 4096;

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const ascii = (b: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...b.subarray(at, at + length));

/** PNG: the IHDR chunk comes first, right after the signature. */
function pngSize(b: Uint8Array): ImageSize | null {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** GIF: the logical screen's size, which every frame lies within. */
function gifSize(b: Uint8Array): ImageSize | null {
  return b.length < 10 ? null : { width: u16le(b, 6), height: u16le(b, 8) };
}

/** JPEG start-of-frame markers (SOF0–SOF15 but DHT, JPG and DAC, which share the range). */
const isSof = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: the segments are walked, by their lengths, up to the frame header (before any scan). */
function jpegSize(b: Uint8Array): ImageSize | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // a marker without a segment
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // the end, or a scan before any frame
    if (isSof(marker)) {
      return at + 9 <= b.length ? { width: u16be(b, at + 7), height: u16be(b, at + 5) } : null;
    }
    at += 2 + u16be(b, at + 2);
  }
  return null;
}

/** WebP: the first chunk is a lossy (VP8), lossless (VP8L) or extended (VP8X) header. */
function webpSize(b: Uint8Array): ImageSize | null {
  if (b.length < 30) return null;
  switch (ascii(b, 12, 4)) {
    case 'VP8 ':
      // A key frame's start code, then 14-bit width and height (2 bits of scale above them).
      if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
      return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    case 'VP8L': {
      if (b[20] !== 0x2f) return null;
      // Width − 1 and height − 1 in 14 bits each, least significant bits first.
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X':
      // The canvas: width − 1 and height − 1 in 24 bits each.
      return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    default:
      return null;
  }
}

const READERS: Record<ImageType, (bytes: Uint8Array) => ImageSize | null> = {
  'image/png': pngSize,
  'image/jpeg': jpegSize,
  'image/gif': gifSize,
  'image/webp': webpSize,
};

/**
 * An image's size in pixels as its header declares it, read without decoding; null when the
 * header cannot be read (cut short, or not what the type says).
 */
export function imageSize(type: ImageType, bytes: Uint8Array): ImageSize | null {
  try {
    return READERS[type](bytes);
  } catch {
    return null;
  }
}

/**
 * Why an image is not taken as a cover by its pixel size, or null when it may be: `unreadable`
 * when its header does not say (it says nothing about what decoding it would cost, so it is
 * refused as well), `tooLarge` above MAX_COVER_SIDE on a side.
 */
export function coverSizeProblem(
  type: ImageType,
  bytes: Uint8Array,
): { kind: 'unreadable' | 'tooLarge'; reason: string } | null {
  const size = imageSize(type, bytes);
  if (!size || size.width === 0 || size.height === 0) {
    return { kind: 'unreadable', reason: 'its size in pixels cannot be read' };
  }
  if (size.width > MAX_COVER_SIDE || size.height > MAX_COVER_SIDE) {
    return {
      kind: 'tooLarge',
      reason: `${size.width}×${size.height} pixels is over ${MAX_COVER_SIDE} on a side`,
    };
  }
  return null;
}
