import type { ShelfBridge } from '../shared/ipc/bridge';
import type { BridgeFailure } from '../shared/ipc/bridge-failure';
import { EVENT_NAMES } from '../shared/ipc/event-names';
import { deliverToEach } from '../shared/ipc/late-listeners';
import type { MessageEnd, PageBatch, PageMessage, WorkerMessage } from './worker-messages';

/**
 * The page's `window.shelf` in the browser host: every call and subscription goes to the bridge
 * worker, which sends it to the host and validates the answer against the contract before it
 * comes back (docs/design.md §7.5). So this half carries no schema and no zod: building the
 * contract's schemas cost the page's main thread more than 100 ms of CPU before the renderer
 * could run (bench/findings.md, first paint, third pass); in the worker it runs beside it.
 *
 * A failure rejects with a plain BridgeFailure, as through Electron's context bridge. Until the
 * first answer comes back, messages posted in one turn go as one batch (PageBatch), so the boot's
 * calls are not split around the worker's build of its schemas; after it the worker has built
 * them, and each message is posted at once: a search box's call leaves before React renders the
 * keystroke that asked it (a controlled input's update is rendered inside its event handler,
 * before any microtask; bench/findings.md, keystroke, fifth pass).
 *
 * Events are subscribed in the worker once per name, at the name's first listener, and kept for
 * the page's life; the page hands each event to the listeners that name has here when it
 * arrives. A listener is thus in place the moment `on` returns: with a worker subscription per
 * listener, an event the worker got before the new subscription reached it went only to the
 * listeners it already had (the boot's, which unsubscribes at its first event, lib/boot.ts), and
 * a screen that had just taken the boot's answers lost it (docs/design.md §7.5).
 */
export function createWorkerBridge(
  end: MessageEnd<PageBatch, WorkerMessage>,
  onSignedOut: () => void,
  /** Settles when the worker could not start: every call then fails with it, none hangs. */
  failed?: Promise<BridgeFailure>,
): ShelfBridge {
  let nextId = 1;
  let batch: PageBatch | null = null;
  let answered = false;
  const post = (message: PageMessage) => {
    if (answered && !batch) return end.postMessage([message]);
    if (!batch) {
      batch = [];
      void Promise.resolve().then(() => {
        const out = batch ?? [];
        batch = null;
        end.postMessage(out);
      });
    }
    batch.push(message);
  };
  const calls = new Map<number, { resolve(value: never): void; reject(reason: unknown): void }>();
  let broken: BridgeFailure | null = null;
  void failed?.then((failure) => {
    broken = failure;
    for (const call of calls.values()) call.reject(failure);
    calls.clear();
  });
  /** The page's listeners by event name, and the name of each worker subscription. */
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const subscribed = new Map<number, string>();
  end.onmessage = ({ data }) => {
    answered = true;
    if (data.type === 'signedOut') return onSignedOut();
    if (data.type === 'event')
      return deliverToEach(
        listeners.get(subscribed.get(data.id) ?? '') ?? [],
        data.payload as never,
      );
    const call = calls.get(data.id);
    if (!call) return;
    calls.delete(data.id);
    if (data.ok) call.resolve(data.value as never);
    else call.reject(data.failure);
  };
  return Object.freeze({
    invoke: ((channel: string, input: unknown) =>
      new Promise((resolve, reject) => {
        if (broken) return reject(broken);
        const id = nextId++;
        calls.set(id, { resolve, reject });
        post({ type: 'invoke', id, channel, input });
      })) as ShelfBridge['invoke'],
    on: ((event: string, listener: (payload: never) => void) => {
      if (!(EVENT_NAMES as readonly string[]).includes(event)) {
        const failure: BridgeFailure = {
          name: 'AppError',
          code: 'UNKNOWN_CHANNEL',
          message: `Unknown event ${event}`,
        };
        throw failure;
      }
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        const id = nextId++;
        subscribed.set(id, event);
        post({ type: 'on', id, event });
      }
      // A wrapper of its own, so the same function subscribed twice is two listeners.
      const entry = (payload: never) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    }) as ShelfBridge['on'],
  });
}
