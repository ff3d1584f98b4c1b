import { writeSync } from 'node:fs';

// A pipe whose reader is slow answers EAGAIN; waiting up to this long for it keeps lines that a
// busy log collector would take a moment later, without ever blocking for long.
const EAGAIN_WAIT_MS = 100;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Where the server's log lines go: written synchronously to a file descriptor (stdout), and
 * dropped — counted, never retried forever — when the write fails (a full disk, a closed pipe,
 * an I/O error). pino's own destination retries a failed write at exit without end, which left
 * a process that answered nothing yet never died; this one keeps serving, and the count is in
 * `/metrics` (`shelf_log_lines_dropped_total`) for the operator to see.
 */
export class LogSink {
  readonly #fd: number;
  readonly #onDrop: () => void;

  constructor(fd: number, onDrop: () => void) {
    this.#fd = fd;
    this.#onDrop = onDrop;
  }

  write(line: string): void {
    if (!writeFully(this.#fd, Buffer.from(line))) this.#onDrop();
  }
}

/** Writes every byte or answers false; never throws. */
export function writeFully(fd: number, data: Buffer): boolean {
  let offset = 0;
  let waited = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN' || waited >= EAGAIN_WAIT_MS) {
        return false;
      }
      Atomics.wait(sleeper, 0, 0, 1);
      waited += 1;
    }
  }
  return true;
}
