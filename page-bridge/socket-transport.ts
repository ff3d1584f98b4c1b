import type { BridgeTransport } from '../shared/ipc/bridge';
import type { IpcResult } from '../shared/ipc/contract';
import type { LateListeners } from '../shared/ipc/late-listeners';
import type { EventOrder } from './event-order';

/** What the transport needs of the browser's WebSocket, declared so a unit test can fake it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

/**
 * Library reads over one WebSocket to the browser host once it is open, over `fallback` (the HTTP
 * transport) until then and whenever it is closed (docs/design.md §7.5). An HTTP request per
 * call cost about 5 ms of the keystroke's round trip more than a message on an open socket
 * (bench/findings.md, keystroke, fourth pass). The socket is opened once the first call over
 * HTTP has its answer: the first paint's calls neither wait for its handshake nor share the
 * host with it. Events stay on the fallback's stream.
 *
 * Only `channels` go over the socket, reads: every other call, every write among them, keeps
 * its own HTTP request and session check. A read whose socket closes before its answer is asked
 * again over HTTP, which sees a 401 if the host's session is gone; the next call opens a new
 * socket; a socket refused at its handshake is not tried again.
 */
export function createSocketTransport(options: {
  WebSocket: WebSocketConstructor;
  url: string;
  /** The channels sent over the socket (the host answers no other there). */
  channels: ReadonlySet<string>;
  fallback: BridgeTransport;
  /** The fallback's event order: an answer here waits for the events sent before it too. */
  order?: EventOrder;
  /** The fallback's event listeners: an answer here is state the page holds too. */
  late?: LateListeners;
}): BridgeTransport {
  let socket: WebSocketLike | null = null;
  /** A handshake refused (no such route, the CSP, no session): HTTP for this page's life. */
  let refused = false;
  let nextId = 1;
  const pending = new Map<
    number,
    {
      channel: string;
      input: unknown;
      done: (result: Promise<unknown> | IpcResult) => void;
      answered?: (seq?: number) => void;
    }
  >();

  const connect = () => {
    if (socket || refused) return;
    let opened: WebSocketLike;
    try {
      opened = new options.WebSocket(options.url);
    } catch {
      return;
    }
    socket = opened;
    opened.onmessage = ({ data }) => {
      if (typeof data !== 'string') return;
      let message: { id?: unknown; result?: unknown; seq?: unknown };
      try {
        message = JSON.parse(data) as { id?: unknown; result?: unknown; seq?: unknown };
      } catch {
        return;
      }
      const call = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (!call) return;
      pending.delete(message.id as number);
      // Validated by the bridge against the contract, as an HTTP answer is.
      const result = message.result as IpcResult;
      call.answered?.(typeof message.seq === 'number' ? message.seq : NaN);
      const wait = options.order?.after(message.seq);
      call.done(wait ? wait.then(() => result) : result);
    };
    let wasOpen = false;
    opened.onopen = () => {
      wasOpen = true;
    };
    opened.onclose = () => {
      if (socket === opened) socket = null;
      if (!wasOpen) refused = true;
      // Reads only: asked again over HTTP, which also tells a page whose session is gone.
      for (const call of pending.values()) {
        call.answered?.();
        call.done(options.fallback.invoke(call.channel, call.input));
      }
      pending.clear();
    };
  };

  return {
    invoke(channel, input) {
      if (!options.channels.has(channel)) return options.fallback.invoke(channel, input);
      const open = socket;
      if (!open || open.readyState !== OPEN) {
        const answer = options.fallback.invoke(channel, input);
        void answer.finally(connect).catch(() => undefined);
        return answer;
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const answered = options.late?.call();
        pending.set(id, { channel, input, done: resolve, ...(answered ? { answered } : {}) });
        open.send(JSON.stringify({ id, channel, input: input ?? {} }));
      });
    },
    subscribe: (event, listener) => options.fallback.subscribe(event, listener),
  };
}
