/**
 * A mono 16-bit PCM WAV of the given notes (Hz, each `noteSeconds` long), with a short fade
 * at each note's ends so it does not click.
 */
export function buildWav(notes: number[], noteSeconds = 0.25, sampleRate = 8000): Buffer {
  const perNote = Math.round(noteSeconds * sampleRate);
  const samples = notes.length * perNote;
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
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
  return buffer;
}
