import type { ServerResponse } from 'node:http';
import { BASE_HEADERS } from './http-replies';

/**
 * The server-sent event stream of `GET /bridge/events`: every core event goes to every open
 * page as `data: {"seq": n, "event": name, "payload": …}`, numbered from 1 for the host's life;
 * a stream opens with `data: {"seq": n}`, the number of the last event sent before it. Call
 * answers carry the same count (`seq`), which is what lets the worker keep answers and events in
 * the order the host made them (page-bridge/event-order.ts). A comment line every 15 s keeps
 * proxies and idle timeouts from closing the stream.
 */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private sent = 0;

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
    res.write(`retry: 2000\ndata: ${JSON.stringify({ seq: this.sent })}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  publish(event: string, payload: unknown): void {
    this.sent += 1;
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
