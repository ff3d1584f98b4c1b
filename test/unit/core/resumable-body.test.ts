import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { StreamResponse } from '../../../main/core/api/api-client';
import { MAX_STALLED_ATTEMPTS, resumableBody } from '../../../main/core/library/resumable-body';

const FILE = Buffer.from('0123456789abcdefghij');

/** A body that sends `bytes` and then fails like a dropped connection (or ends, if whole). */
function body(bytes: Buffer, cut: boolean): Readable {
  return new Readable({
    read() {
      this.push(bytes);
      if (cut) this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      else this.push(null);
    },
  });
}

/** Serves FILE, cutting every answer after `perAnswer` bytes; records the Range asked. */
function server(perAnswer: number, options: { ignoreRange?: boolean } = {}) {
  const ranges: Array<string | undefined> = [];
  const fetchBody = (range: string | undefined): Promise<StreamResponse> => {
    ranges.push(range);
    const start = range && !options.ignoreRange ? Number(/bytes=(\d+)-/.exec(range)?.[1]) : 0;
    const part = FILE.subarray(start, start + perAnswer);
    const whole = start + part.length >= FILE.length;
    return Promise.resolve({
      status: start > 0 ? 206 : 200,
      headers:
        start > 0 ? { 'content-range': `bytes ${start}-${FILE.length - 1}/${FILE.length}` } : {},
      body: body(part, !whole),
    });
  };
  return { ranges, fetchBody };
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

describe('resumable download body', () => {
  it('asks for the rest after each cut and yields every byte once, in order', async () => {
    const { ranges, fetchBody } = server(7);
    const bytes = await collect(
      resumableBody(fetchBody, FILE.length, new AbortController().signal),
    );
    expect(bytes.equals(FILE)).toBe(true);
    expect(ranges).toEqual([undefined, 'bytes=7-', 'bytes=14-']);
  });

  it('resumes an answer that ends short without an error, and ignores a reset after the end', async () => {
    const ranges: Array<string | undefined> = [];
    const fetchBody = (range: string | undefined): Promise<StreamResponse> => {
      ranges.push(range);
      if (!range)
        return Promise.resolve({
          status: 200,
          headers: {},
          body: body(FILE.subarray(0, 7), false),
        });
      // The rest, then a connection reset once every byte is out.
      return Promise.resolve({
        status: 206,
        headers: { 'content-range': `bytes 7-${FILE.length - 1}/${FILE.length}` },
        body: body(FILE.subarray(7), true),
      });
    };
    const bytes = await collect(
      resumableBody(fetchBody, FILE.length, new AbortController().signal),
    );
    expect(bytes.equals(FILE)).toBe(true);
    expect(ranges).toEqual([undefined, 'bytes=7-']);
  });

  it('refuses a resume whose range is not exactly the rest of this file', async () => {
    for (const contentRange of [
      `bytes 7-10/${FILE.length}`,
      `bytes 7-${FILE.length - 1}/999`,
      'bytes */20',
    ]) {
      const fetchBody = (range: string | undefined): Promise<StreamResponse> =>
        Promise.resolve(
          range
            ? {
                status: 206,
                headers: { 'content-range': contentRange },
                body: body(FILE.subarray(7), false),
              }
            : { status: 200, headers: {}, body: body(FILE.subarray(0, 7), true) },
        );
      await expect(
        collect(resumableBody(fetchBody, FILE.length, new AbortController().signal)),
      ).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
    }
  });

  it('refuses a resume the server answers with the whole file', async () => {
    const { fetchBody } = server(7, { ignoreRange: true });
    await expect(
      collect(resumableBody(fetchBody, FILE.length, new AbortController().signal)),
    ).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
  });

  it('gives up after attempts in a row that bring nothing, and never retries a refusal', async () => {
    let calls = 0;
    const stalled = (range: string | undefined): Promise<StreamResponse> => {
      calls += 1;
      if (range) return Promise.reject(new AppError('SERVER_UNREACHABLE'));
      return Promise.resolve({ status: 200, headers: {}, body: body(FILE.subarray(0, 5), true) });
    };
    await expect(
      collect(resumableBody(stalled, FILE.length, new AbortController().signal)),
    ).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect(calls).toBe(1 + MAX_STALLED_ATTEMPTS);

    calls = 0;
    const refused = (): Promise<StreamResponse> => {
      calls += 1;
      return Promise.reject(new AppError('NOT_FOUND'));
    };
    await expect(
      collect(resumableBody(refused, FILE.length, new AbortController().signal)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls).toBe(1);
  });
});
