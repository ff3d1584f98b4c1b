import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteRange, sliceBytes } from '../../../shared/http-range';

describe('parseByteRange', () => {
  it.each([
    [undefined, 10, null],
    ['bytes=0-4', 10, { start: 0, end: 4 }],
    ['bytes=5-', 10, { start: 5, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=-30', 10, { start: 0, end: 9 }],
    ['bytes=8-100', 10, { start: 8, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=5-2', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=0-1,3-4', 10, null],
    ['items=0-1', 10, null],
    ['bytes=-', 10, null],
  ] as const)('%s of %i bytes → %o', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});

describe('sliceBytes', () => {
  it('yields exactly the asked bytes whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        fc.nat(),
        async (bytes, chunkSize, a, b) => {
          const start = a % bytes.length;
          const end = start + (b % (bytes.length - start));
          const chunks = [];
          for (let i = 0; i < bytes.length; i += chunkSize)
            chunks.push(bytes.subarray(i, i + chunkSize));
          const out: Uint8Array[] = [];
          for await (const chunk of sliceBytes(Readable.from(chunks), { start, end }))
            out.push(chunk);
          expect(Buffer.concat(out)).toEqual(Buffer.from(bytes.subarray(start, end + 1)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
