import { imageTypeOf } from '../../../shared/images/image-types';

/**
 * Chapter marks and embedded artwork read from an audio file's own bytes, in main (the decrypted
 * bytes never leave memory): a WAV's `cue ` points named by `LIST/adtl` `labl` chunks, and ID3v2
 * `CHAP`/`CTOC`/`APIC` frames, at the head of an MP3 or in a WAV's `id3 ` chunk. Malformed or
 * truncated structures are skipped, never thrown: a file that plays keeps playing, without marks.
 */

export interface AudioChapter {
  title: string;
  /** Seconds from the start. */
  start: number;
}

export interface AudioPicture {
  mime: string;
  bytes: Uint8Array;
}

export interface AudioMarks {
  chapters: AudioChapter[];
  picture: AudioPicture | null;
}

/** More chapters than this are dropped (the list stays usable, the IPC result bounded). */
export const MAX_CHAPTERS = 500;
export const MAX_CHAPTER_TITLE = 200;

const NONE: AudioMarks = { chapters: [], picture: null };

const latin1 = new TextDecoder('latin1');
const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  latin1.decode(bytes.subarray(start, start + length));

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The marks an audio file carries; a file of another shape (or none) has none. */
export function readAudioMarks(bytes: Uint8Array): AudioMarks {
  try {
    if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') {
      return readWav(bytes);
    }
    if (bytes.length >= 10 && ascii(bytes, 0, 3) === 'ID3') return readId3(bytes);
  } catch {
    // A structure that lied about its sizes: no marks rather than a broken player.
  }
  return NONE;
}

const cleanTitle = (title: string, n: number): string => {
  // Control characters would show as boxes; an empty title gets a number.
  // eslint-disable-next-line no-control-regex
  const clean = title.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return (clean || `Chapter ${n}`).slice(0, MAX_CHAPTER_TITLE);
};

const finish = (chapters: AudioChapter[]): AudioChapter[] =>
  chapters
    .filter((chapter) => Number.isFinite(chapter.start) && chapter.start >= 0)
    .slice(0, MAX_CHAPTERS)
    .map((chapter, i) => ({ start: chapter.start, title: cleanTitle(chapter.title, i + 1) }));

/** RIFF/WAVE: `fmt ` for the sample rate, `cue ` points, `LIST`/`adtl` labels, an `id3 ` tag. */
function readWav(bytes: Uint8Array): AudioMarks {
  const data = view(bytes);
  const end = Math.min(bytes.length, 8 + data.getUint32(4, true));
  let sampleRate = 0;
  const cues: { id: number; sample: number }[] = [];
  const labels = new Map<number, string>();
  let tag: AudioMarks = NONE;
  for (let at = 12; at + 8 <= end;) {
    const id = ascii(bytes, at, 4);
    const size = data.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > end) break;
    if (id === 'fmt ' && size >= 8) sampleRate = data.getUint32(body + 4, true);
    else if (id === 'cue ' && size >= 4) {
      const count = data.getUint32(body, true);
      for (let i = 0; i < count && body + 4 + (i + 1) * 24 <= body + size; i++) {
        const point = body + 4 + i * 24;
        // dwSampleOffset: the sample the point marks in the (single) data chunk.
        cues.push({ id: data.getUint32(point, true), sample: data.getUint32(point + 20, true) });
      }
    } else if (id === 'LIST' && size >= 4 && ascii(bytes, body, 4) === 'adtl') {
      for (let sub = body + 4; sub + 8 <= body + size;) {
        const subId = ascii(bytes, sub, 4);
        const subSize = data.getUint32(sub + 4, true);
        if (sub + 8 + subSize > body + size) break;
        if ((subId === 'labl' || subId === 'note') && subSize >= 4) {
          const cueId = data.getUint32(sub + 8, true);
          const text = bytes.subarray(sub + 12, sub + 8 + subSize);
          const nul = text.indexOf(0);
          // A label wins over a note for the same point.
          if (subId === 'labl' || !labels.has(cueId))
            labels.set(cueId, new TextDecoder().decode(nul < 0 ? text : text.subarray(0, nul)));
        }
        sub += 8 + subSize + (subSize & 1);
      }
    } else if (id === 'id3 ' || id === 'ID3 ') {
      tag = readId3(bytes.subarray(body, body + size));
    }
    at = body + size + (size & 1);
  }
  const cueChapters =
    sampleRate > 0
      ? cues
          .map((cue) => ({ title: labels.get(cue.id) ?? '', start: cue.sample / sampleRate }))
          .sort((a, b) => a.start - b.start)
      : [];
  // Cue points are the WAV's own marks; an ID3 tag's chapters only when there are none.
  return {
    chapters: cueChapters.length > 0 ? finish(cueChapters) : tag.chapters,
    picture: tag.picture,
  };
}

const synchsafe = (bytes: Uint8Array, at: number): number =>
  ((bytes[at]! & 0x7f) << 21) |
  ((bytes[at + 1]! & 0x7f) << 14) |
  ((bytes[at + 2]! & 0x7f) << 7) |
  (bytes[at + 3]! & 0x7f);

/** Undoes ID3 unsynchronisation: every 0xFF 0x00 was written for a 0xFF. */
function resync(bytes: Uint8Array): Uint8Array {
  // Never longer than its input: one typed array, not a JS array of one number per byte.
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    out[n++] = bytes[i]!;
    if (bytes[i] === 0xff && bytes[i + 1] === 0x00) i++;
  }
  return out.subarray(0, n);
}

interface Frame {
  id: string;
  body: Uint8Array;
}

/** The frames of a tag (or of a CHAP/CTOC's embedded frames), for ID3v2.3 and v2.4. */
function frames(bytes: Uint8Array, major: number): Frame[] {
  const data = view(bytes);
  const found: Frame[] = [];
  for (let at = 0; at + 10 <= bytes.length;) {
    const id = ascii(bytes, at, 4);
    if (!/^[A-Z0-9]{4}$/.test(id)) break; // padding, or garbage
    const size = major === 4 ? synchsafe(bytes, at + 4) : data.getUint32(at + 4, false);
    const flags = data.getUint16(at + 8, false);
    let body = bytes.subarray(at + 10, at + 10 + size);
    at += 10 + size;
    if (body.length < size) break;
    if (major === 4) {
      if (flags & 0x000c) continue; // compressed or encrypted: not read
      if (flags & 0x0040) body = body.subarray(1); // grouping identity
      if (flags & 0x0001) body = body.subarray(4); // data length indicator
      if (flags & 0x0002) body = resync(body);
    } else {
      if (flags & 0x00c0) continue; // compressed or encrypted
      if (flags & 0x0020) body = body.subarray(1);
    }
    found.push({ id, body });
  }
  return found;
}

/** Where a string in `encoding` ends (its terminator) from `start`, and where the next begins. */
function terminated(bytes: Uint8Array, start: number, encoding: number): [number, number] {
  if (encoding === 1 || encoding === 2) {
    for (let i = start; i + 1 < bytes.length; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) return [i, i + 2];
    }
    return [bytes.length, bytes.length];
  }
  const nul = bytes.indexOf(0, start);
  return nul < 0 ? [bytes.length, bytes.length] : [nul, nul + 1];
}

function decodeText(bytes: Uint8Array, encoding: number): string {
  if (encoding === 0) return latin1.decode(bytes);
  if (encoding === 3) return new TextDecoder('utf-8').decode(bytes);
  if (encoding === 2) return new TextDecoder('utf-16be').decode(bytes);
  // UTF-16 with a byte order mark (little-endian without one, as most writers do).
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-16le').decode(bytes);
}

/** A text frame's first value (TIT2). */
function textFrame(body: Uint8Array): string {
  const encoding = body[0] ?? 0;
  const [end] = terminated(body, 1, encoding);
  return decodeText(body.subarray(1, end), encoding);
}

const latin1Id = (body: Uint8Array, start: number): [string, number] => {
  const [end, next] = terminated(body, start, 0);
  return [latin1.decode(body.subarray(start, end)), next];
};

/** APIC: encoding, MIME, picture type, description, then the image. */
function picture(body: Uint8Array): { type: number; picture: AudioPicture } | null {
  const encoding = body[0] ?? 0;
  const [, afterMime] = latin1Id(body, 1);
  const type = body[afterMime] ?? 0;
  const [, afterDescription] = terminated(body, afterMime + 1, encoding);
  const image = body.subarray(afterDescription);
  // Typed by its own bytes: a tag's MIME is only a claim.
  const mime = imageTypeOf(image);
  // A copy: the picture outlives the decrypted file it came from, which is then overwritten.
  return mime ? { type, picture: { mime, bytes: new Uint8Array(image) } } : null;
}

/** An ID3v2 tag at the start of `bytes`: its chapters (CTOC order, else by time) and artwork. */
function readId3(bytes: Uint8Array): AudioMarks {
  if (bytes.length < 10 || ascii(bytes, 0, 3) !== 'ID3') return NONE;
  const major = bytes[3]!;
  if (major !== 3 && major !== 4) return NONE; // v2.2 uses three-letter frames: not read
  const flags = bytes[5]!;
  let tag = bytes.subarray(10, 10 + synchsafe(bytes, 6));
  // v2.3 unsynchronises the whole tag; v2.4 marks it per frame (and in this flag too).
  if (major === 3 && flags & 0x80) tag = resync(tag);
  if (flags & 0x40) {
    const extended =
      major === 4 ? synchsafe(tag, 0) : view(tag).getUint32(0, false) + 4; /* v2.3 excludes it */
    tag = tag.subarray(extended);
  }
  const all = frames(tag, major);

  const chapters = new Map<string, AudioChapter>();
  const order: string[] = [];
  let cover: { type: number; picture: AudioPicture } | null = null;
  for (const frame of all) {
    if (frame.id === 'CHAP') {
      const [elementId, next] = latin1Id(frame.body, 0);
      if (next + 16 > frame.body.length) continue;
      const startMs = view(frame.body).getUint32(next, false);
      const title = frames(frame.body.subarray(next + 16), major).find((f) => f.id === 'TIT2');
      chapters.set(elementId, { title: title ? textFrame(title.body) : '', start: startMs / 1000 });
    } else if (frame.id === 'CTOC') {
      const [, next] = latin1Id(frame.body, 0);
      const tocFlags = frame.body[next] ?? 0;
      const count = frame.body[next + 1] ?? 0;
      // The top-level table of contents gives the order; a nested one is a sub-list.
      if (!(tocFlags & 0x02) || order.length > 0) continue;
      let at = next + 2;
      for (let i = 0; i < count && at < frame.body.length; i++) {
        const [child, after] = latin1Id(frame.body, at);
        order.push(child);
        at = after;
      }
    } else if (frame.id === 'APIC') {
      const found = picture(frame.body);
      // The front cover (type 3) wins; else the first picture.
      if (found && (!cover || (found.type === 3 && cover.type !== 3))) cover = found;
    }
  }
  const listed = order
    .map((id) => chapters.get(id))
    .filter((chapter): chapter is AudioChapter => chapter !== undefined);
  const ordered =
    listed.length > 0 ? listed : [...chapters.values()].sort((a, b) => a.start - b.start);
  return { chapters: finish(ordered), picture: cover?.picture ?? null };
}

/** A marks chunk larger than this is skipped by the scanner (a tag with huge artwork, say). */
const SCAN_CHUNK_MAX = 16 * 1024 * 1024;
const WAV_MARK_CHUNKS = new Set(['fmt ', 'cue ', 'LIST', 'id3 ', 'ID3 ']);

/**
 * Reads the marks of a file too large to hold whole (over the handoff size, §11.1), as its
 * decrypted bytes stream past once: an MP3's head is kept up to the end of its ID3 tag; a WAV's
 * chunks are walked, keeping only `fmt `, `cue `, `LIST` and `id3 ` (the samples are counted
 * and dropped). What it kept is then read by `readAudioMarks`, as a small WAV or the tag.
 */
export class AudioMarksScanner {
  private head: Buffer = Buffer.alloc(0);
  private mode: 'start' | 'id3' | 'wav' | 'done' = 'start';
  /** ID3: the bytes the tag takes, header included. */
  private id3Length = 0;
  /** WAV: bytes to drop before the next chunk header, or the chunk being kept. */
  private skip = 0;
  private keeping: { id: string; size: number; parts: Buffer[]; got: number } | null = null;
  private kept: Buffer[] = [];

  push(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.mode === 'done') return;
    if (this.mode === 'start') {
      this.head = Buffer.concat([this.head, data]);
      if (this.head.length < 12) return;
      data = this.head;
      this.head = Buffer.alloc(0);
      if (data.toString('latin1', 0, 3) === 'ID3') {
        this.mode = 'id3';
        this.id3Length = 10 + synchsafe(data, 6);
      } else if (
        data.toString('latin1', 0, 4) === 'RIFF' &&
        data.toString('latin1', 8, 12) === 'WAVE'
      ) {
        this.mode = 'wav';
        data = data.subarray(12);
      } else {
        this.mode = 'done';
        return;
      }
    }
    if (this.mode === 'id3') {
      const have = this.kept.reduce((sum, part) => sum + part.length, 0);
      const want = Math.min(this.id3Length, SCAN_CHUNK_MAX) - have;
      this.kept.push(Buffer.from(data.subarray(0, Math.max(0, want))));
      if (want <= data.length) this.mode = 'done';
      return;
    }
    this.walk(data);
  }

  private walk(data: Buffer): void {
    let at = 0;
    while (at < data.length) {
      if (this.skip > 0) {
        const drop = Math.min(this.skip, data.length - at);
        this.skip -= drop;
        at += drop;
        continue;
      }
      if (this.keeping) {
        const keeping = this.keeping;
        const take = Math.min(keeping.size - keeping.got, data.length - at);
        keeping.parts.push(Buffer.from(data.subarray(at, at + take)));
        keeping.got += take;
        at += take;
        if (keeping.got === keeping.size) {
          this.kept.push(wavChunk(keeping.id, Buffer.concat(keeping.parts)));
          this.keeping = null;
          this.skip = keeping.size & 1;
        }
        continue;
      }
      // A chunk header may straddle two pushes.
      const header = Buffer.concat([this.head, data.subarray(at, at + 8 - this.head.length)]);
      at += header.length - this.head.length;
      if (header.length < 8) {
        this.head = header;
        return;
      }
      this.head = Buffer.alloc(0);
      const id = header.toString('latin1', 0, 4);
      const size = header.readUInt32LE(4);
      if (WAV_MARK_CHUNKS.has(id) && size <= SCAN_CHUNK_MAX) {
        this.keeping = { id, size, parts: [], got: 0 };
        if (size === 0) {
          this.kept.push(wavChunk(id, Buffer.alloc(0)));
          this.keeping = null;
        }
      } else {
        this.skip = size + (size & 1);
      }
    }
  }

  marks(): AudioMarks {
    if (this.kept.length === 0) return NONE;
    const body = Buffer.concat(this.kept);
    if (this.id3Length > 0) return readAudioMarks(body);
    const riff = Buffer.alloc(12);
    riff.write('RIFF', 0, 'latin1');
    riff.writeUInt32LE(body.length + 4, 4);
    riff.write('WAVE', 8, 'latin1');
    return readAudioMarks(Buffer.concat([riff, body]));
  }
}

function wavChunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, Buffer.alloc(body.length & 1)]);
}
