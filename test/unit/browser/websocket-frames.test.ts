import { describe, expect, it } from 'vitest';
import {
  CLOSE,
  FrameReader,
  OPCODE,
  acceptKey,
  encodeFrame,
} from '../../../main/browser/websocket-frames';

/** A client frame: masked, as every browser sends them. */
function clientFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = data.length;
  const head =
    length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) head[1] = 0x80 | length;
  else if (length < 65_536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= mask[i & 3]!;
  return Buffer.concat([head, mask, masked]);
}

describe('the bridge socket framing (RFC 6455, server side)', () => {
  it('answers the handshake with the RFC example accept key', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('reads masked text messages, whole or split across chunks and frames', () => {
    const reader = new FrameReader(1024 * 1024);
    const long = 'x'.repeat(70_000);
    const bytes = Buffer.concat([
      clientFrame(OPCODE.text, '{"id":1}'),
      clientFrame(OPCODE.text, 'hel', false),
      clientFrame(OPCODE.ping, 'p'),
      clientFrame(OPCODE.continuation, 'lo'),
      clientFrame(OPCODE.text, long),
    ]);
    const events = [];
    // One byte at a time: every length form has to wait for its bytes.
    for (let i = 0; i < bytes.length; i += 7) events.push(...reader.push(bytes.subarray(i, i + 7)));
    expect(events).toEqual([
      { kind: 'text', text: '{"id":1}' },
      { kind: 'ping', payload: Buffer.from('p') },
      { kind: 'text', text: 'hello' },
      { kind: 'text', text: long },
    ]);
  });

  it('refuses unmasked frames, binary messages, and messages over the limit', () => {
    const unmasked = encodeFrame(OPCODE.text, Buffer.from('hi'));
    expect(new FrameReader(100).push(unmasked)).toEqual([
      { kind: 'error', code: CLOSE.protocol, reason: 'unmasked client frame' },
    ]);
    expect(new FrameReader(100).push(clientFrame(OPCODE.binary, 'hi'))[0]).toMatchObject({
      kind: 'error',
      code: CLOSE.unsupported,
    });
    // Counted over the fragments, before the whole message is held.
    const reader = new FrameReader(100);
    expect(reader.push(clientFrame(OPCODE.text, 'a'.repeat(60), false))).toEqual([]);
    expect(reader.push(clientFrame(OPCODE.continuation, 'a'.repeat(60)))[0]).toMatchObject({
      kind: 'error',
      code: CLOSE.tooBig,
    });
    // Nothing more is read after an error.
    expect(reader.push(clientFrame(OPCODE.text, 'ok'))).toEqual([]);
  });

  it('reads close frames with their code', () => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(1001, 0);
    expect(new FrameReader(100).push(clientFrame(OPCODE.close, payload))).toEqual([
      { kind: 'close', code: 1001 },
    ]);
  });

  it('writes unmasked frames in each length form', () => {
    for (const length of [5, 300, 70_000]) {
      const frame = encodeFrame(OPCODE.text, Buffer.alloc(length, 0x61));
      expect(frame[0]).toBe(0x81);
      expect(frame[1]! & 0x80).toBe(0);
      const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      expect(frame.length).toBe(head + length);
    }
  });
});
