import type { ServerResponse } from 'node:http';
import { keptForFirstListener } from '../../shared/ipc/event-names';
import { BASE_HEADERS } from './http-replies';

/**
 * The server-sent event stream of `GET /bridge/events`: every core event goes to every open
 * page as `data: {"seq": n, "event": name, "payload": …}`, numbered from 1 for the host's life;
 * a stream opens with `data: {"seq": n}`, the number of the last event sent before it. Call
 * answers carry the same count (`seq`), which is what lets the worker keep answers and events in
 * the order the host made them (page-bridge/event-order.ts). A comment line every 15 s keeps
 * proxies and idle timeouts from closing the stream.
 *
 * The opening message also carries `replay`: the newest event published of each name the contract
 * keeps as `newest` for a first listener (EVENT_KEPT_FOR_FIRST_LISTENER), with its own number. A
 * page's stream request leaves before its first calls, but the host may answer a call before it
 * attaches the stream, and an event published in between was on no stream: the page kept the
 * older state until the next change (docs/design.md §7.5). The worker hands a replayed event only
 * when an answer the page holds or awaits is older than it and it has not seen it
 * (shared/ipc/late-listeners.ts). Never a return notice (`each`): one must not come twice.
 */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private sent = 0;
  private readonly newest = new Map<string, { seq: number; event: string; payload: unknown }>();

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    const opening = { seq: this.sent, replay: [...this.newest.values()] };
    res.write(`retry: 2000\ndata: ${JSON.stringify(opening)}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  publish(event: string, payload: unknown): void {
    this.sent += 1;
    // A sign-in or sign-out starts another account's state: the last one's is never replayed.
    if (event === 'library.changed' && isAccountChange(payload)) this.newest.clear();
    if (keptForFirstListener(event) === 'newest')
      this.newest.set(event, { seq: this.sent, event, payload });
    this.write(`data: ${JSON.stringify({ seq: this.sent, event, payload })}\n\n`);
  }

  /** The number of the last event published: what an answer made now comes after. */
  get seq(): number {
    return this.sent;
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

function isAccountChange(payload: unknown): boolean {
  const reason = (payload as { reason?: unknown } | null)?.reason;
  return reason === 'signIn' || reason === 'signOut';
}
