/** A named point in a WAV, written as a `cue ` point and its `LIST`/`adtl` `labl`. */
export interface WavCue {
  title: string;
  /** Seconds from the start. */
  at: number;
}

/** Marks written after the samples: cue points with labels, and an `id3 ` chunk (a tag). */
export interface WavMarks {
  cues?: WavCue[];
  id3?: Buffer;
}

const chunk = (id: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  // RIFF chunks are word-aligned: an odd body is followed by a pad byte.
  return Buffer.concat([head, body, Buffer.alloc(body.length & 1)]);
};

function cueChunks(cues: WavCue[], sampleRate: number): Buffer[] {
  if (cues.length === 0) return [];
  const points = Buffer.alloc(4 + cues.length * 24);
  points.writeUInt32LE(cues.length, 0);
  cues.forEach((cue, i) => {
    const at = 4 + i * 24;
    const sample = Math.round(cue.at * sampleRate);
    points.writeUInt32LE(i + 1, at); // cue point id
    points.writeUInt32LE(sample, at + 4); // play order position
    points.write('data', at + 8, 'ascii');
    points.writeUInt32LE(0, at + 12); // chunk start
    points.writeUInt32LE(0, at + 16); // block start
    points.writeUInt32LE(sample, at + 20); // sample offset
  });
  const labels = cues.map((cue, i) => {
    const id = Buffer.alloc(4);
    id.writeUInt32LE(i + 1);
    return chunk('labl', Buffer.concat([id, Buffer.from(`${cue.title}\0`, 'utf8')]));
  });
  return [chunk('cue ', points), chunk('LIST', Buffer.concat([Buffer.from('adtl'), ...labels]))];
}

/**
 * A mono 16-bit PCM WAV of the given notes (Hz, each `noteSeconds` long), with a short fade
 * at each note's ends so it does not click; `marks` adds chapters and a tag after the samples.
 */
export function buildWav(
  notes: number[],
  noteSeconds = 0.25,
  sampleRate = 8000,
  marks: WavMarks = {},
): Buffer {
  const perNote = Math.round(noteSeconds * sampleRate);
  const samples = notes.length * perNote;
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16); // fmt chunk size
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28); // byte rate
  buffer.writeUInt16LE(2, 32); // block align
  buffer.writeUInt16LE(16, 34); // bits per sample
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  const fade = Math.min(200, perNote / 4);
  notes.forEach((hz, n) => {
    for (let i = 0; i < perNote; i++) {
      const envelope = Math.min(1, i / fade, (perNote - i) / fade);
      const value = Math.sin((2 * Math.PI * hz * i) / sampleRate) * 0.4 * envelope;
      buffer.writeInt16LE(Math.round(value * 32767), 44 + (n * perNote + i) * 2);
    }
  });
  const whole = Buffer.concat([
    buffer,
    ...cueChunks(marks.cues ?? [], sampleRate),
    ...(marks.id3 ? [chunk('id3 ', marks.id3)] : []),
  ]);
  whole.writeUInt32LE(whole.length - 8, 4);
  return whole;
}
