import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_SOCKET_CHANNELS } from '../../shared/ipc/bridge-paths';
import type { IpcResult } from '../../shared/ipc/contract';

/** The same limit as a call's HTTP body (read-json-body.ts). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Close codes (RFC 6455 §7.4.1) the host sends. */
const CLOSE = { protocol: 1002, unsupported: 1003, policy: 1008 } as const;

export interface BridgeSocketOptions {
  /** The host's own origin (known once it listens): the only one whose pages may open the socket. */
  origin: () => string;
  /** The session check of every other request (cookie or bearer). */
  isAuthorized: (req: IncomingMessage) => boolean;
  /** The same dispatcher as `POST /bridge/invoke/:channel`: input validated, a result never a throw. */
  dispatch: (channel: string, input: unknown) => Promise<IpcResult>;
  /** The event stream's count when an answer is made (event-hub.ts), sent with the answer. */
  eventSeq: () => number;
}

/**
 * The bridge's library reads over one WebSocket (docs/design.md §7.5): the worker sends
 * `{ id, channel, input }`, the host answers `{ id, result, seq }` with what the HTTP route would
 * have answered. An HTTP request per call cost the keystroke's round trip about 5 ms more
 * (bench/findings.md, keystroke, fourth pass). The upgrade passes the same checks as every
 * call: the host's Host header, the session, and an Origin equal to the host's (a browser
 * always sends it on a WebSocket handshake; this is what stands in for the bridge header's
 * preflight). Only `BRIDGE_SOCKET_CHANNELS` are answered: another closes the socket. The
 * protocol itself is the `ws` package's (framing, masking, UTF-8, size limit, close handshake).
 */
export function bridgeSocketServer(options: BridgeSocketOptions) {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: true,
  });

  const serve = (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.close(CLOSE.unsupported);
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return socket.close(CLOSE.protocol);
      }
      const { id, channel, input } = (message ?? {}) as Record<string, unknown>;
      if (!Number.isSafeInteger(id) || typeof channel !== 'string')
        return socket.close(CLOSE.protocol);
      // Any other channel goes over HTTP, each call with its own session check.
      if (!BRIDGE_SOCKET_CHANNELS.has(channel)) return socket.close(CLOSE.policy);
      options
        .dispatch(channel, input)
        .then((result) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(JSON.stringify({ id, result, seq: options.eventSeq() }));
        })
        .catch(() => socket.terminate());
    });
    // A protocol error (bad frame, too large) is ws's to answer with a close; nothing to log.
    socket.on('error', () => socket.terminate());
  };

  return {
    /**
     * Takes an HTTP upgrade to the bridge socket: refused with a plain HTTP status when a check
     * fails, else handed to ws for the handshake.
     */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const refuse = (status: string) =>
        void socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      const origin = options.origin();
      if (req.headers.host !== new URL(origin).host) return refuse('403 Forbidden');
      if (req.headers.origin !== origin) return refuse('403 Forbidden');
      if (!options.isAuthorized(req)) return refuse('401 Unauthorized');
      server.handleUpgrade(req, socket, head, serve);
    },
    /** Ends every open socket (the host is closing). */
    close(): void {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
