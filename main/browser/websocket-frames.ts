import { createHash } from 'node:crypto';

/**
 * The server's half of RFC 6455 framing, only what the bridge socket needs (docs/design.md §7.5):
 * text messages (fragmented or not), ping/pong and close; no extensions, no binary messages.
 * Written here rather than taken from a package: a hundred lines, and the host adds no
 * dependency for it.
 */
export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The Sec-WebSocket-Accept answer to a client's Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + HANDSHAKE_GUID)
    .digest('base64');
}

/** One unmasked frame from the server (FIN set: the server never fragments). */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (length < 126) head[1] = length;
  else if (length < 65_536) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

export type FrameEvent =
  | { kind: 'text'; text: string }
  | { kind: 'ping'; payload: Buffer }
  | { kind: 'pong' }
  | { kind: 'close'; code: number }
  /** The peer broke the protocol or the size limit: close with `code` and drop the socket. */
  | { kind: 'error'; code: number; reason: string };

/** Close codes (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  protocol: 1002,
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
} as const;

/**
 * Parses a client's byte stream into messages. Every client frame must be masked (§5.1); a
 * message (all its fragments) may hold at most `maxMessageBytes`, counted before it is buffered.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private inMessage = false;
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const events: FrameEvent[] = [];
    for (;;) {
      const event = this.next();
      if (event === null) break;
      events.push(event);
      if (event.kind === 'error') {
        this.failed = true;
        break;
      }
    }
    return events;
  }

  /** The next whole message or control frame's event; null when more bytes are needed. */
  private next(): FrameEvent | null {
    for (;;) {
      const data = this.buffered;
      if (data.length < 2) return null;
      const fin = (data[0]! & 0x80) !== 0;
      const opcode = data[0]! & 0x0f;
      if ((data[0]! & 0x70) !== 0) return fail(CLOSE.protocol, 'reserved bits set');
      if ((data[1]! & 0x80) === 0) return fail(CLOSE.protocol, 'unmasked client frame');
      let length = data[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (data.length < 4) return null;
        length = data.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (data.length < 10) return null;
        const long = data.readBigUInt64BE(2);
        if (long > BigInt(this.maxMessageBytes)) return fail(CLOSE.tooBig, 'message too large');
        length = Number(long);
        offset = 10;
      }
      const control = opcode >= 8;
      if (control && (!fin || length > 125)) return fail(CLOSE.protocol, 'bad control frame');
      if (!control && this.fragmentBytes + length > this.maxMessageBytes)
        return fail(CLOSE.tooBig, 'message too large');
      if (data.length < offset + 4 + length) return null;
      const mask = data.subarray(offset, offset + 4);
      const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      this.buffered = data.subarray(offset + 4 + length);

      if (opcode === OPCODE.close)
        return { kind: 'close', code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005 };
      if (opcode === OPCODE.ping) return { kind: 'ping', payload };
      if (opcode === OPCODE.pong) return { kind: 'pong' };
      if (opcode === OPCODE.binary) return fail(CLOSE.unsupported, 'binary messages refused');
      if (opcode === OPCODE.text) {
        if (this.inMessage) return fail(CLOSE.protocol, 'new message inside a fragmented one');
        this.inMessage = true;
      } else if (opcode !== OPCODE.continuation || !this.inMessage) {
        return fail(CLOSE.protocol, 'unexpected opcode');
      }
      this.fragments.push(payload);
      this.fragmentBytes += payload.length;
      if (!fin) continue;
      const text = Buffer.concat(this.fragments).toString('utf8');
      this.fragments = [];
      this.fragmentBytes = 0;
      this.inMessage = false;
      return { kind: 'text', text };
    }
  }
}

function fail(code: number, reason: string): FrameEvent {
  return { kind: 'error', code, reason };
}
