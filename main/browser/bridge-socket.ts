import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { BRIDGE_SOCKET_CHANNELS } from '../../shared/ipc/bridge-paths';
import type { IpcResult } from '../../shared/ipc/contract';
import { CLOSE, FrameReader, OPCODE, acceptKey, encodeFrame } from './websocket-frames';

/** The same limit as a call's HTTP body (read-json-body.ts). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface BridgeSocketOptions {
  /** The host's own origin: the only one whose pages may open the socket. */
  origin: string;
  /** The session check of every other request (cookie or bearer). */
  isAuthorized: (req: IncomingMessage) => boolean;
  /** The same dispatcher as `POST /bridge/invoke/:channel`: input validated, a result never a throw. */
  dispatch: (channel: string, input: unknown) => Promise<IpcResult>;
}

/**
 * The bridge's library reads over one WebSocket (docs/design.md §7.5): the worker sends
 * `{ id, channel, input }`, the host answers `{ id, result }` with what the HTTP route would
 * have answered. An HTTP request per call cost the keystroke's round trip about 5 ms more
 * (bench/findings.md, keystroke, fourth pass). The upgrade passes the same checks as every
 * call: the host's Host header, the session, and an Origin equal to the host's (a browser
 * always sends it on a WebSocket handshake; this is what stands in for the bridge header's
 * preflight). Only `BRIDGE_SOCKET_CHANNELS` are answered: another closes the socket. Returns
 * the open socket, or null when the upgrade was refused.
 */
export function acceptBridgeSocket(
  req: IncomingMessage,
  socket: Duplex,
  options: BridgeSocketOptions,
): Duplex | null {
  const refuse = (status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    return null;
  };
  if (req.headers.host !== new URL(options.origin).host) return refuse('403 Forbidden');
  if (req.headers.origin !== options.origin) return refuse('403 Forbidden');
  if (!options.isAuthorized(req)) return refuse('401 Unauthorized');
  const key = req.headers['sec-websocket-key'];
  if (
    req.method !== 'GET' ||
    req.headers.upgrade?.toLowerCase() !== 'websocket' ||
    req.headers['sec-websocket-version'] !== '13' ||
    typeof key !== 'string'
  )
    return refuse('400 Bad Request');

  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  const reader = new FrameReader(MAX_MESSAGE_BYTES);
  const send = (opcode: number, payload: Buffer) => {
    if (socket.writable) socket.write(encodeFrame(opcode, payload));
  };
  const close = (code: number) => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    send(OPCODE.close, payload);
    socket.end();
  };
  const answer = async (text: string) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return close(CLOSE.protocol);
    }
    const { id, channel, input } = (message ?? {}) as Record<string, unknown>;
    if (!Number.isSafeInteger(id) || typeof channel !== 'string') return close(CLOSE.protocol);
    // Any other channel goes over HTTP, each call with its own session check.
    if (!BRIDGE_SOCKET_CHANNELS.has(channel)) return close(CLOSE.policy);
    const result = await options.dispatch(channel, input);
    send(OPCODE.text, Buffer.from(JSON.stringify({ id, result })));
  };
  socket.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk)) {
      if (event.kind === 'text') answer(event.text).catch(() => socket.destroy());
      else if (event.kind === 'ping') send(OPCODE.pong, event.payload);
      else if (event.kind === 'close') close(CLOSE.normal);
      else if (event.kind === 'error') close(event.code);
    }
  });
  socket.on('error', () => socket.destroy());
  return socket;
}
