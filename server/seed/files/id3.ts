/**
 * An ID3v2.4 tag (UTF-8 text) with chapters (`CHAP` frames named by a `TIT2`, listed in order by
 * a top-level `CTOC`) and a front-cover picture (`APIC`): what podcast and audiobook tools
 * write, here for the demo's audio (in an MP3's head or a WAV's `id3 ` chunk).
 */
export interface Id3Chapter {
  title: string;
  startMs: number;
  endMs: number;
}

export interface Id3Tag {
  title?: string;
  chapters?: Id3Chapter[];
  picture?: { mime: string; bytes: Uint8Array };
}

const synchsafe = (n: number): Buffer =>
  Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);

const frame = (id: string, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from(id, 'latin1'), synchsafe(body.length), Buffer.alloc(2), body]);

const text = (id: string, value: string): Buffer =>
  frame(id, Buffer.concat([Buffer.from([3]), Buffer.from(value, 'utf8')]));

const cstring = (value: string): Buffer => Buffer.from(`${value}\0`, 'latin1');

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

export function buildId3(tag: Id3Tag): Buffer {
  const frames: Buffer[] = [];
  if (tag.title) frames.push(text('TIT2', tag.title));
  const chapters = tag.chapters ?? [];
  if (chapters.length > 0) {
    const ids = chapters.map((_, i) => `ch${i + 1}`);
    frames.push(
      frame(
        'CTOC',
        Buffer.concat([
          cstring('toc'),
          Buffer.from([0x03, ids.length]), // top-level, ordered
          ...ids.map(cstring),
        ]),
      ),
    );
    chapters.forEach((chapter, i) =>
      frames.push(
        frame(
          'CHAP',
          Buffer.concat([
            cstring(ids[i] ?? ''),
            u32(chapter.startMs),
            u32(chapter.endMs),
            u32(0xffffffff), // no byte offsets: the times are what counts
            u32(0xffffffff),
            text('TIT2', chapter.title),
          ]),
        ),
      ),
    );
  }
  if (tag.picture) {
    frames.push(
      frame(
        'APIC',
        Buffer.concat([
          Buffer.from([3]),
          cstring(tag.picture.mime),
          Buffer.from([3]), // front cover
          Buffer.from('Cover\0', 'utf8'),
          Buffer.from(tag.picture.bytes),
        ]),
      ),
    );
  }
  const body = Buffer.concat(frames);
  return Buffer.concat([
    Buffer.from('ID3', 'latin1'),
    Buffer.from([4, 0, 0]),
    synchsafe(body.length),
    body,
  ]);
}
