import { AppError } from '../app-error';
import type * as z from 'zod';
import type * as BridgeSchemasModule from './bridge-schemas';
import type * as FirstScreenSchemasModule from './bridge-schemas-first';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from './contract';
import { CHANNEL_NAMES } from './channel-names';
import { EVENT_NAMES } from './event-names';

/** How a bridge reaches main: Electron IPC in the preload, HTTP + SSE in the browser host. */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** The object the renderer sees as `window.shelf`. */
export interface ShelfBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type BridgeSchemas = typeof BridgeSchemasModule;
/** The first screen's schemas alone (bridge-schemas-first.ts): a part of BridgeSchemas. */
export type FirstScreenSchemas = typeof FirstScreenSchemasModule;

/**
 * The bridge over a transport, with its schemas from `load` (asked once). The preload and the
 * browser host's worker both use this, so the renderer has one code path. Unknown channels and
 * events are refused by name before anything is sent; every result and event payload is
 * validated against the contract, so a bad main process cannot feed the UI malformed data. A call
 * is sent before the schemas are awaited: in the browser host's worker, building them runs while
 * the host answers.
 *
 * With `loadFirst` (the worker's), the first screen's channels are validated with those schemas
 * as soon as they are built, without waiting for the rest of the contract, and the rest is asked
 * only when something needs it (another channel, an event) or once no call is in flight, so its
 * build does not hold back the boot's answers either (docs/design.md §7.5).
 */
export function createBridgeOver(
  transport: BridgeTransport,
  load: () => BridgeSchemas | Promise<BridgeSchemas>,
  loadFirst?: () => Promise<FirstScreenSchemas>,
  /**
   * With loadFirst: how long no call must be in flight before the rest of the contract is built
   * unasked. Its build is one long task of the worker, which a call that came meanwhile (the
   * user's first keystroke, once a seeded page has started its worker after its first paint)
   * waited for.
   */
  quietMs = 0,
): ShelfBridge {
  let ready: BridgeSchemas | null = null;
  let loading: Promise<BridgeSchemas> | null = null;
  const schemas = (): Promise<BridgeSchemas> => {
    if (!loading) {
      const loaded = load();
      // Built at once (the preload): events are then validated as they come, as before.
      if (loaded instanceof Promise) loading = loaded.then((done) => (ready = done));
      else loading = Promise.resolve((ready = loaded));
    }
    return loading;
  };
  let first: Promise<FirstScreenSchemas> | null = null;
  let inFlight = 0;
  /** The first screen's schemas while they are what validates (with loadFirst, until the rest is in). */
  const firstWhileAlone = async (): Promise<FirstScreenSchemas | null> =>
    !ready && loadFirst ? await (first ??= loadFirst()) : null;
  /** The schemas `channel`'s answer is validated with: the first screen's when they hold it. */
  const schemasFor = async (channel: Channel) => {
    const loaded = await firstWhileAlone();
    if (loaded && Object.hasOwn(loaded.channels, channel)) {
      const output = loaded.channels[channel as keyof FirstScreenSchemas['channels']].output;
      return { parse: loaded.parseOrThrow, envelope: loaded.ipcResultSchema, output };
    }
    const all = await schemas();
    const output: z.ZodType = all.channels[channel].output;
    return { parse: all.parseOrThrow, envelope: all.ipcResultSchema, output };
  };
  /** The schema `event`'s payloads are validated with: the first screen's when they hold it. */
  const eventSchemaFor = async (event: EventName): Promise<z.ZodType> => {
    const loaded = await firstWhileAlone();
    if (loaded && Object.hasOwn(loaded.events, event)) {
      return loaded.events[event as keyof FirstScreenSchemas['events']];
    }
    return (await schemas()).events[event];
  };
  /**
   * The last event still waiting for its schema (the first screen's or the contract's). An
   * answer validated with the first screen's schemas waits for it, so the page gets events and
   * answers in the order they came (the browser host's worker has already put them in the host's
   * order, page-bridge/event-order.ts).
   */
  let eventsWaiting: Promise<void> | null = null;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const settled = () => {
    inFlight -= 1;
    // Idle: the rest of the contract is built once quiet, in a task of its own. A failed import
    // is not this task's to report: the next call or event that needs it gets the failure.
    if (inFlight === 0 && !loading) {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        if (inFlight === 0) void schemas().catch(() => {});
      }, quietMs);
    }
  };
  return Object.freeze({
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      if (!(CHANNEL_NAMES as readonly string[]).includes(channel))
        throw new AppError('UNKNOWN_CHANNEL', `Unknown channel ${String(channel)}`);
      inFlight += 1;
      try {
        const [s, raw] = await Promise.all([schemasFor(channel), transport.invoke(channel, input)]);
        const result = s.parse(s.envelope, raw, `result of ${channel}`);
        if (!result.ok) {
          throw new AppError(result.error.code, result.error.message, {
            ...(result.error.issues ? { issues: result.error.issues } : {}),
          });
        }
        const value = s.parse(s.output, result.value, `result of ${channel}`) as ChannelOutput<C>;
        if (eventsWaiting) await eventsWaiting;
        return value;
      } finally {
        settled();
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!(EVENT_NAMES as readonly string[]).includes(event))
        throw new AppError('UNKNOWN_CHANNEL', `Unknown event ${String(event)}`);
      const deliver = (schema: z.ZodType, payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      };
      // Without loadFirst, asked now (the preload builds them at once); with it, when an event
      // the first screen's schemas do not hold comes, or once idle.
      if (!loadFirst) void schemas();
      return transport.subscribe(event, (payload) => {
        if (ready && !eventsWaiting) return deliver(ready.events[event], payload);
        // In order: each event waits for the one that came before it, then for its schema.
        // Neither a failed import nor a listener's throw is an answer's to carry.
        const delivered: Promise<void> = (eventsWaiting ?? Promise.resolve())
          .then(() => eventSchemaFor(event))
          .then((schema) => deliver(schema, payload))
          .catch(() => undefined);
        eventsWaiting = delivered;
        void delivered.then(() => {
          if (eventsWaiting === delivered) eventsWaiting = null;
        });
      });
    },
  });
}
