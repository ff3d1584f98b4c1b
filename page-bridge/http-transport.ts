import type { BridgeTransport } from '../shared/ipc/bridge';
import type { IpcResult } from '../shared/ipc/contract';
import {
  BRIDGE_EVENT_SEQ_HEADER,
  BRIDGE_EVENTS_PATH,
  BRIDGE_HEADER,
  BRIDGE_INVOKE_PATH,
} from '../shared/ipc/bridge-paths';
import type { LateListeners, ReplayedEvent } from '../shared/ipc/late-listeners';
import { createLateListeners } from '../shared/ipc/late-listeners';
import type { EventOrder } from './event-order';
import { createEventOrder } from './event-order';

/**
 * The browser host's bridge transport: calls go to `POST /bridge/invoke/:channel`, events come
 * from one server-sent event stream, each answer handed on after the events the host sent
 * before it (event-order.ts). The stream opens with the page's first message (the boot's batch:
 * a subscription or a call, whichever comes first), before any answer can reach the page, and
 * what comes for a name nobody listens to yet is kept for its first listener
 * (shared/ipc/late-listeners.ts, docs/design.md §7.5); the host may still answer a call before it
 * attaches the stream, so the stream's opening message replays the newest events it sent, which
 * the same keeper decides. Not as the worker starts: the stream then
 * held one of the host's 6 connections while the page's own scripts still loaded (bench/findings.md,
 * events-gap). The session cookie (HttpOnly, SameSite=Strict) carries the
 * host's secret; page scripts never see it. The custom header makes every call a non-simple
 * request, so another site cannot forge one even without the cookie rule.
 *
 * Written against the few browser globals it needs (fetch, EventSource), passed in and declared
 * structurally, so a unit test can hand it a fake of each.
 */
export interface EventSourceLike {
  onmessage: ((message: { data: string }) => void) | null;
  /** The stream broke; the browser opens it again by itself (`retry`). */
  onerror: (() => void) | null;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export function createHttpTransport(options: {
  fetch: typeof fetch;
  EventSource: EventSourceConstructor;
  baseUrl?: string;
  /**
   * The host refused this page's session (401: it was restarted, or the cookie is gone). The
   * page reloads, and the host answers the reload with its signed-out page, which says how to
   * get back in; the app's own "sign in again" would send the user to the license server's
   * sign-in, which cannot help.
   */
  onSignedOut?: () => void;
  /** Shared with the socket transport, whose answers come in the same order. */
  order?: EventOrder;
  /** Shared with the socket transport, whose calls count as the page's state too. */
  late?: LateListeners;
}): BridgeTransport {
  const base = options.baseUrl ?? '';
  const order = options.order ?? createEventOrder();
  const late = options.late ?? createLateListeners();

  let source: EventSourceLike | null = null;
  const connect = () => {
    if (source) return;
    try {
      source = new options.EventSource(base + BRIDGE_EVENTS_PATH);
    } catch {
      // No stream here: calls still work (each tries again), events wait for one that opens.
      return;
    }
    source.onmessage = (message) => {
      let parsed: { seq?: unknown; event?: unknown; payload?: unknown; replay?: unknown };
      try {
        parsed = JSON.parse(message.data) as typeof parsed;
      } catch {
        return;
      }
      const seq = typeof parsed.seq === 'number' ? parsed.seq : null;
      if (typeof parsed.event === 'string') late.event(parsed.event, seq, parsed.payload);
      else if (seq !== null) late.stream(seq, replayed(parsed.replay));
      if (seq !== null) order.delivered(seq);
    };
    source.onerror = () => {
      order.closed();
      late.stream(null);
    };
  };

  return {
    async invoke(channel, input): Promise<IpcResult> {
      const answered = late.call();
      let response: Response;
      try {
        const request = options.fetch(
          `${base}${BRIDGE_INVOKE_PATH}${encodeURIComponent(channel)}`,
          {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', [BRIDGE_HEADER]: '1' },
            body: JSON.stringify(input ?? {}),
          },
        );
        connect(); // cannot throw: a call never fails for the event stream's sake
        response = await request;
      } catch {
        answered();
        return failure('INTERNAL', 'The app is not running. Start it again and reload this page.');
      }
      if (response.ok) {
        const seq = Number(response.headers.get(BRIDGE_EVENT_SEQ_HEADER) ?? NaN);
        answered(seq);
        const result = (await response.json()) as IpcResult;
        await order.after(seq);
        return result;
      }
      answered();
      if (response.status === 401) options.onSignedOut?.();
      const problem = (await response.json().catch(() => ({}))) as {
        code?: unknown;
        detail?: unknown;
        title?: unknown;
      };
      const code = typeof problem.code === 'string' ? problem.code : 'INTERNAL';
      const message =
        typeof problem.detail === 'string'
          ? problem.detail
          : String(problem.title ?? response.statusText);
      return failure(code, message);
    },
    subscribe(event, listener) {
      connect();
      return late.subscribe(event, listener);
    },
  };
}

/** The opening message's `replay` (main/browser/event-hub.ts), what of it is well formed. */
function replayed(replay: unknown): ReplayedEvent[] {
  if (!Array.isArray(replay)) return [];
  return replay.filter(
    (event: Partial<ReplayedEvent> | null): event is ReplayedEvent =>
      typeof event?.seq === 'number' && typeof event.event === 'string',
  );
}

function failure(code: string, message: string): IpcResult {
  // The bridge factory validates this result, so an unknown code still surfaces as an error.
  return { ok: false, error: { code: code as 'INTERNAL', message } };
}
