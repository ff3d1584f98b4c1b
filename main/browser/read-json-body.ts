import type { IncomingMessage } from 'node:http';
import type { ServerErrorCode } from '../../shared/errors';

const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult =
  { ok: true; value: unknown } | { ok: false; code: ServerErrorCode; detail: string };

/** Reads a JSON request body of at most 1 MiB; an empty body is `{}` (channels without input). */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return {
      ok: false,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'Send the input as application/json.',
    };
  }
  const tooLarge = {
    ok: false,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The input is larger than 1 MiB.',
  } as const;
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  // Reads to the end even past the limit (discarding): leaving the loop early would destroy the
  // socket before the 413 is written.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) return tooLarge;
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, code: 'VALIDATION_FAILED', detail: 'The input is not valid JSON.' };
  }
}
