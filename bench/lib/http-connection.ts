import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface ConnectionAnswer {
  /** 0 = network error (refused, reset, closed before the whole answer, malformed, timed out). */
  status: number;
  /** The body as text (UTF-8); '' when there is none. */
  text: string;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const NETWORK_ERROR: ConnectionAnswer = { status: 0, text: '' };

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: what a load client needs and no
 * more. `send()` (node:http) spends more of the load generator's CPU than the answer it waits
 * for is worth to the figures (bench/findings.md, issue 17: a ClientRequest, header validation,
 * an agent and an IncomingMessage stream per request); this writes each request as one string
 * and reads the answer's status line, headers and body (Content-Length or chunked) off the
 * socket's bytes. The connection is opened on the first request and again after the server
 * closes it (`Connection: close`, or idle), as any keep-alive client does.
 */
export class HttpConnection {
  private socket: Socket | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly fixedHeaders: string;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: ((answer: ConnectionAnswer) => void) | undefined;
  /** The answer being read: -1 until its head is in, then its body's length (-2 = chunked). */
  private bodyLength = -1;
  private bodyStart = 0;
  private status = 0;
  private closeAfter = false;

  constructor(
    base: string,
    private readonly timeoutMs = 15_000,
  ) {
    const url = new URL(base);
    if (url.protocol !== 'http:') throw new Error(`HttpConnection speaks plain http, not ${base}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.fixedHeaders = `Host: ${url.host}\r\nConnection: keep-alive\r\n`;
  }

  /**
   * `head` is the request's own header lines, each ending in CRLF (built once by the caller
   * where they do not change); `body` is sent as UTF-8 with its Content-Length.
   */
  request(method: string, path: string, head: string, body?: string): Promise<ConnectionAnswer> {
    if (this.pending) throw new Error('HttpConnection: one request at a time');
    const socket = this.socket ?? this.open();
    const length = body === undefined ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    const promise = new Promise<ConnectionAnswer>((resolve) => (this.pending = resolve));
    socket.write(
      `${method} ${path} HTTP/1.1\r\n${this.fixedHeaders}${head}${length}\r\n${body ?? ''}`,
      'utf8',
    );
    return promise;
  }

  /** Ends the connection; a request still waiting is answered as a network error. */
  close(): void {
    this.drop();
    this.settle(NETWORK_ERROR);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.buffered = Buffer.alloc(0);
    this.bodyLength = -1;
    socket?.destroy();
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    // One idle timer per connection, not one per request: a server that stops answering ends
    // the pending request as a network error instead of hanging the run.
    socket.setTimeout(this.timeoutMs, () => socket.destroy());
    // A socket this connection has already let go (answered `Connection: close`) may still
    // report: it must not touch the request sent on the next socket.
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.onData(chunk);
    });
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => {
      if (this.socket === socket) this.close();
    });
    this.socket = socket;
    return socket;
  }

  private settle(answer: ConnectionAnswer): void {
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.(answer);
  }

  /** The answer cannot be read: the connection is out of step, so it is ended. */
  private fail(): void {
    this.close();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    if (!this.pending) return this.fail(); // bytes nobody asked for: the stream is out of step
    if (this.bodyLength === -1 && !this.readHead()) return;
    if (this.bodyLength === -2) return this.readChunked();
    const end = this.bodyStart + this.bodyLength;
    if (this.buffered.length < end) return;
    if (this.buffered.length > end) return this.fail(); // one request at a time: no extra bytes
    this.finish(this.buffered.toString('utf8', this.bodyStart, end));
  }

  /** Parses the status line and headers once they are all in; false while they are not. */
  private readHead(): boolean {
    const headEnd = this.buffered.indexOf(CRLF_CRLF);
    if (headEnd < 0) return false;
    const lines = this.buffered.toString('latin1', 0, headEnd).split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!statusLine) {
      this.fail();
      return false;
    }
    this.status = Number(statusLine[1]);
    let length = -1;
    let chunked = false;
    this.closeAfter = (lines[0] ?? '').startsWith('HTTP/1.0');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().endsWith('chunked');
      else if (name === 'connection') this.closeAfter = value.toLowerCase() === 'close';
    }
    this.buffered = this.buffered.subarray(headEnd + 4);
    this.bodyStart = 0;
    if (this.status < 200) {
      // 1xx (100 Continue): an interim answer, the real one follows.
      this.bodyLength = -1;
      return this.buffered.length > 0 && this.readHead();
    }
    if (chunked) this.bodyLength = -2;
    else if (this.status === 204 || this.status === 304) this.bodyLength = 0;
    else if (Number.isSafeInteger(length) && length >= 0) this.bodyLength = length;
    else {
      // A body that ends when the connection does: not what this server sends; refused.
      this.fail();
      return false;
    }
    return true;
  }

  /** A chunked body: answered once the last (empty) chunk and the final CRLF are in. */
  private readChunked(): void {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = this.buffered.indexOf('\r\n', at);
      if (lineEnd < 0) return;
      const size = parseInt(this.buffered.toString('latin1', at, lineEnd), 16);
      if (!Number.isSafeInteger(size) || size < 0) return this.fail();
      if (size === 0) {
        // No trailers are expected: the body ends with an empty line.
        const end = this.buffered.indexOf('\r\n', lineEnd + 2);
        if (end < 0) return;
        if (end !== lineEnd + 2 || this.buffered.length > end + 2) return this.fail();
        return this.finish(Buffer.concat(parts).toString('utf8'));
      }
      const dataEnd = lineEnd + 2 + size;
      if (this.buffered.length < dataEnd + 2) return;
      parts.push(this.buffered.subarray(lineEnd + 2, dataEnd));
      at = dataEnd + 2;
    }
  }

  private finish(text: string): void {
    this.buffered = Buffer.alloc(0);
    this.bodyLength = -1;
    if (this.closeAfter) this.drop();
    this.settle({ status: this.status, text });
  }
}
