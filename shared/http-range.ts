/**
 * HTTP byte ranges (RFC 9110 §14) for every place that serves content: the license server's
 * downloads, Electron's `shelf://` protocol and the browser host. Pure so all three share it;
 * only one range per request is served (what downloads and media elements ask for), never
 * multipart.
 */
export type ByteRange = { start: number; end: number };

/**
 * Parses a `Range` header against a body of `size` bytes.
 * - `null`: no usable range (absent, another unit, several ranges): serve the whole body (200).
 * - `'unsatisfiable'`: a syntactically valid range outside the body (416).
 */
export function parseByteRange(
  header: string | null | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Yields only bytes `start..end` (inclusive) of `source`, then stops reading it. */
export async function* sliceBytes(
  source: AsyncIterable<Uint8Array>,
  { start, end }: ByteRange,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for await (const chunk of source) {
    const chunkStart = offset;
    offset += chunk.byteLength;
    if (offset <= start) continue;
    const from = Math.max(0, start - chunkStart);
    const to = Math.min(chunk.byteLength, end + 1 - chunkStart);
    if (to > from) yield chunk.subarray(from, to);
    if (offset > end) return;
  }
}
