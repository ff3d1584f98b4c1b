import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, isAppError } from '../../../shared/errors';
import { isTransient } from '../api/api-error';
import type { StreamResponse } from '../api/api-client';

/** Attempts in a row that may bring no new byte before the download gives up. */
export const MAX_STALLED_ATTEMPTS = 3;
const STALL_DELAY_MS = 250;

export type FetchBody = (range: string | undefined) => Promise<StreamResponse>;

/** `bytes start-end/size` → start, or null when the header is missing or malformed. */
function rangeStart(header: unknown): number | null {
  const match = typeof header === 'string' ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header) : null;
  return match ? Number(match[1]) : null;
}

/**
 * A content file's bytes, in order, across network failures: when the connection drops midway,
 * asks again for the rest (`Range: bytes=N-`) and carries on from byte N, so the vault's
 * encryption and running hash continue as if nothing happened. Gives up after
 * MAX_STALLED_ATTEMPTS attempts in a row that brought nothing, on any non-transient error, and
 * when the server answers a resume with anything but the part asked for.
 */
export async function* resumableBody(
  fetchBody: FetchBody,
  size: number,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  let received = 0;
  let stalled = 0;
  let started = false;
  for (;;) {
    const before = received;
    try {
      const resume = received > 0 ? `bytes=${received}-` : undefined;
      const response = await fetchBody(resume);
      if (
        resume &&
        (response.status !== 206 || rangeStart(response.headers['content-range']) !== received)
      ) {
        response.body.destroy();
        throw new AppError('DOWNLOAD_FAILED', 'The server could not resume the download');
      }
      started = true;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        received += chunk.length;
        yield chunk;
      }
      return;
    } catch (error) {
      // A first request that fails (offline, 404, session ended) is answered as it is.
      const cut = started && (!isAppError(error) || isTransient(error));
      if (signal.aborted || !cut || received >= size) throw error;
      stalled = received > before ? 0 : stalled + 1;
      if (stalled >= MAX_STALLED_ATTEMPTS) throw error;
      if (stalled > 0) await sleep(STALL_DELAY_MS * stalled, undefined, { signal });
    }
  }
}
