import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, isAppError } from '../../../shared/errors';
import { isTransient } from '../api/api-error';
import type { StreamResponse } from '../api/api-client';

/** Attempts in a row that may bring no new byte before the download gives up. */
export const MAX_STALLED_ATTEMPTS = 3;
/** Attempts in all, however much each brings: a link that drops every few bytes is not usable. */
export const MAX_ATTEMPTS = 200;
const STALL_DELAY_MS = 250;

export type FetchBody = (range: string | undefined) => Promise<StreamResponse>;

/** Whether `Content-Range` is exactly `bytes start-(size−1)/size`: the rest of this file. */
function isRestFrom(header: unknown, start: number, size: number): boolean {
  const match = typeof header === 'string' ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header) : null;
  return (
    match !== null &&
    Number(match[1]) === start &&
    Number(match[2]) === size - 1 &&
    Number(match[3]) === size
  );
}

/**
 * A content file's bytes, in order, across network failures: when the connection drops midway
 * (or an answer ends short), asks for the rest (`Range: bytes=N-`) and carries on from byte N, so
 * the vault's encryption and running hash continue as if nothing happened. Gives up after
 * MAX_STALLED_ATTEMPTS attempts in a row that brought nothing, after MAX_ATTEMPTS in all, on any
 * non-transient error, and when the server answers a resume with anything but the rest asked for.
 * Ends at `size` bytes: the vault checks the size and the hash.
 */
export async function* resumableBody(
  fetchBody: FetchBody,
  size: number,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  let received = 0;
  let stalled = 0;
  let started = false;
  for (let attempt = 1; ; attempt++) {
    const before = received;
    let failure: unknown = new AppError('DOWNLOAD_FAILED', 'The download ended early');
    try {
      const resume = received > 0 ? `bytes=${received}-` : undefined;
      const response = await fetchBody(resume);
      if (
        resume &&
        (response.status !== 206 || !isRestFrom(response.headers['content-range'], received, size))
      ) {
        response.body.destroy();
        throw new AppError('DOWNLOAD_FAILED', 'The server could not resume the download');
      }
      started = true;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        received += chunk.length;
        yield chunk;
      }
    } catch (error) {
      // A first request that fails (offline, 404, session ended) is answered as it is.
      const cut = started && (!isAppError(error) || isTransient(error));
      if (signal.aborted || !cut) throw error;
      failure = error;
    }
    // Every byte arrived (a reset after the last one changes nothing), or more than promised:
    // the vault decides.
    if (received >= size) return;
    stalled = received > before ? 0 : stalled + 1;
    if (stalled >= MAX_STALLED_ATTEMPTS || attempt >= MAX_ATTEMPTS) throw failure;
    if (stalled > 0) await sleep(STALL_DELAY_MS * stalled, undefined, { signal });
  }
}
