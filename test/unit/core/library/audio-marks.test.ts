import { describe, expect, it } from 'vitest';
import {
  AudioMarksScanner,
  readAudioMarks,
  MAX_CHAPTER_TITLE,
} from '../../../../main/core/library/audio-marks';
import { audioCover, coverOf, mayHaveCover } from '../../../../main/core/library/covers';
import { buildId3 } from '../../../../server/seed/files/id3';
import { encodePng } from '../../../../server/seed/files/png';
import { jpegDeclaring, pngDeclaring } from '../../../fixtures/images';
import { buildWav } from '../../../../server/seed/files/wav';

const png = encodePng(3, 3, (x, y) => [x * 80, y * 80, 120]);

/** An ID3v2.3 frame (32-bit plain size), as older taggers write them. */
const frame23 = (id: string, body: Buffer) => {
  const head = Buffer.alloc(10);
  head.write(id, 0, 'latin1');
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};
const synchsafe = (n: number) =>
  Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
const tag23 = (frames: Buffer[], flags = 0) => {
  const body = Buffer.concat(frames);
  return Buffer.concat([
    Buffer.from('ID3'),
    Buffer.from([3, 0, flags]),
    synchsafe(body.length),
    body,
  ]);
};
const utf16Title = (title: string) =>
  frame23('TIT2', Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(title, 'utf16le')]));
const chap23 = (id: string, startMs: number, title: string) => {
  const times = Buffer.alloc(16, 0xff);
  times.writeUInt32BE(startMs, 0);
  times.writeUInt32BE(startMs + 1000, 4);
  return frame23('CHAP', Buffer.concat([Buffer.from(`${id}\0`), times, utf16Title(title)]));
};
/** A stand-in for MPEG audio after the tag: frame sync words, which the reader must not parse. */
const mpegFrames = Buffer.from([0xff, 0xfb, 0x90, 0x64, ...new Array<number>(60).fill(0x55)]);

describe('audio chapter marks', () => {
  it('reads a WAV’s cue points, named by their LIST/adtl labels, in time order', () => {
    const wav = buildWav([440, 494, 523, 587], 0.5, 8000, {
      cues: [
        { title: 'Noodle Stall', at: 1 },
        { title: 'Lanterns', at: 0 },
        { title: 'Odd', at: 1.5 }, // an odd-sized label: the pad byte is skipped
      ],
    });
    expect(readAudioMarks(wav)).toEqual({
      chapters: [
        { title: 'Lanterns', start: 0 },
        { title: 'Noodle Stall', start: 1 },
        { title: 'Odd', start: 1.5 },
      ],
      picture: null,
    });
  });

  it('reads the chapters and artwork of an ID3v2.4 tag in a WAV’s id3 chunk, in CTOC order', () => {
    const wav = buildWav([523, 659], 0.25, 8000, {
      id3: buildId3({
        title: 'Chimes',
        chapters: [
          { title: 'Bell one', startMs: 0, endMs: 250 },
          { title: 'Bell two — ☀', startMs: 250, endMs: 500 },
        ],
        picture: { mime: 'image/png', bytes: png },
      }),
    });
    const marks = readAudioMarks(wav);
    expect(marks.chapters).toEqual([
      { title: 'Bell one', start: 0 },
      { title: 'Bell two — ☀', start: 0.25 },
    ]);
    expect(marks.picture).toEqual({ mime: 'image/png', bytes: new Uint8Array(png) });
    expect(coverOf('audio/wav', wav)).toEqual({ mime: 'image/png', bytes: new Uint8Array(png) });
    expect(mayHaveCover('audio/mpeg', 1_000)).toBe(true);
  });

  it('reads an MP3’s ID3v2.3 tag: UTF-16 titles, CHAPs sorted by time without a CTOC', () => {
    const mp3 = Buffer.concat([
      tag23([chap23('b', 90_000, 'Second'), chap23('a', 0, 'First'), utf16Title('Book')]),
      mpegFrames,
    ]);
    expect(readAudioMarks(mp3).chapters).toEqual([
      { title: 'First', start: 0 },
      { title: 'Second', start: 90 },
    ]);
  });

  it('undoes v2.3 unsynchronisation and prefers the front cover to another picture', () => {
    const apic = (type: number, image: Buffer) =>
      frame23(
        'APIC',
        Buffer.concat([
          Buffer.from([0]),
          Buffer.from('image/png\0'),
          Buffer.from([type, 0]),
          image,
        ]),
      );
    const jpeg = jpegDeclaring(8, 8);
    const plain = tag23([apic(0, jpeg), apic(3, Buffer.from(png))]);
    // Unsynchronise the frames: every 0xFF gets a 0x00 after it.
    const frames = plain.subarray(10);
    const out: number[] = [];
    for (const byte of frames) out.push(...(byte === 0xff ? [0xff, 0x00] : [byte]));
    const unsynced = Buffer.concat([
      Buffer.from('ID3'),
      Buffer.from([3, 0, 0x80]),
      synchsafe(out.length),
      Buffer.from(out),
    ]);
    expect(readAudioMarks(Buffer.concat([unsynced, mpegFrames])).picture).toEqual({
      mime: 'image/png',
      bytes: new Uint8Array(png),
    });
    const onlyJpeg = tag23([apic(0, jpeg)]);
    expect(audioCover(onlyJpeg)).toEqual({ mime: 'image/jpeg', bytes: new Uint8Array(jpeg) });
    // Artwork whose header declares a huge image, or no size at all, is no cover.
    const huge = pngDeclaring(100_000, 100_000);
    expect(readAudioMarks(tag23([apic(3, huge)])).picture?.mime).toBe('image/png');
    expect(audioCover(tag23([apic(3, huge)]))).toBeNull();
    expect(audioCover(tag23([apic(3, Buffer.from([0xff, 0xd8, 0xff, 0xd9]))]))).toBeNull();
  });

  it('takes a picture only for what its bytes are, not what the tag claims', () => {
    const fake = frame23(
      'APIC',
      Buffer.concat([
        Buffer.from([0]),
        Buffer.from('image/png\0'),
        Buffer.from([3, 0]),
        Buffer.from('<svg/>'),
      ]),
    );
    expect(readAudioMarks(tag23([fake])).picture).toBeNull();
  });

  it('prefers a WAV’s own cue points to its tag’s chapters, and names an unnamed one', () => {
    const wav = buildWav([440], 1, 8000, {
      cues: [{ title: '', at: 0.5 }],
      id3: buildId3({ chapters: [{ title: 'From the tag', startMs: 0, endMs: 100 }] }),
    });
    expect(readAudioMarks(wav).chapters).toEqual([{ title: 'Chapter 1', start: 0.5 }]);
  });

  it('caps a long title and strips control characters', () => {
    const wav = buildWav([440], 0.25, 8000, {
      cues: [{ title: `a\u0007b${'x'.repeat(500)}`, at: 0 }],
    });
    const [chapter] = readAudioMarks(wav).chapters;
    expect(chapter?.title.startsWith('a b')).toBe(true);
    expect(chapter?.title).toHaveLength(MAX_CHAPTER_TITLE);
  });

  it('has no marks for a file without them, or one whose sizes lie', () => {
    expect(readAudioMarks(buildWav([440]))).toEqual({ chapters: [], picture: null });
    expect(readAudioMarks(mpegFrames)).toEqual({ chapters: [], picture: null });
    expect(readAudioMarks(new Uint8Array(0))).toEqual({ chapters: [], picture: null });
    const wav = buildWav([440], 0.25, 8000, { cues: [{ title: 'A', at: 0 }] });
    // Every truncation of a chaptered file and a tag, and a cue count far past the chunk.
    for (let n = 0; n < wav.length; n += 97)
      expect(() => readAudioMarks(wav.subarray(0, n))).not.toThrow();
    const tag = buildId3({
      chapters: [{ title: 'A', startMs: 0, endMs: 1 }],
      picture: { mime: 'image/png', bytes: png },
    });
    for (let n = 0; n < tag.length; n++)
      expect(() => readAudioMarks(tag.subarray(0, n))).not.toThrow();
    const lying = Buffer.from(wav);
    lying.writeUInt32LE(0xffffffff, lying.indexOf('cue ') + 8);
    expect(readAudioMarks(lying).chapters).toHaveLength(1);
  });
});

/** Feeds `bytes` to a scanner in pieces of `size` bytes. */
function scan(bytes: Uint8Array, size: number) {
  const scanner = new AudioMarksScanner();
  for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
  return scanner.marks();
}

describe('the marks of a file too large to hold, read as it streams', () => {
  const wav = buildWav([440, 494], 0.5, 8000, {
    cues: [
      { title: 'One', at: 0 },
      { title: 'Two', at: 0.5 },
    ],
    id3: buildId3({ picture: { mime: 'image/png', bytes: png } }),
  });
  const mp3 = Buffer.concat([
    buildId3({ chapters: [{ title: 'Intro', startMs: 0, endMs: 10 }] }),
    mpegFrames,
  ]);

  it.each([1, 7, 12, 13, 4096, 1 << 20])(
    'finds what a whole read finds, in %i-byte pieces',
    (size) => {
      expect(scan(wav, size)).toEqual(readAudioMarks(wav));
      expect(scan(mp3, size)).toEqual(readAudioMarks(mp3));
    },
  );

  it('walks past a data chunk it never holds (40 MB of samples, then the cue points)', () => {
    const marks = buildWav([440], 0.25, 8000, { cues: [{ title: 'Late', at: 3600 }] });
    const dataAt = marks.indexOf('data');
    const dataSize = marks.readUInt32LE(dataAt + 4);
    const scanner = new AudioMarksScanner();
    const header = Buffer.from(marks.subarray(0, dataAt + 8));
    const bigData = 40 * 1024 * 1024;
    header.writeUInt32LE(bigData, dataAt + 4);
    scanner.push(header);
    const zeros = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 40; i++) scanner.push(zeros);
    scanner.push(marks.subarray(dataAt + 8 + dataSize));
    expect(scanner.marks().chapters).toEqual([{ title: 'Late', start: 3600 }]);
  });

  it('keeps nothing from a file that is neither', () => {
    expect(scan(mpegFrames, 5)).toEqual({ chapters: [], picture: null });
  });
});
