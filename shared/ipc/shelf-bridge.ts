import { AppError } from '../app-error';
import type * as BridgeSchemasModule from './bridge-schemas';
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

/**
 * The bridge over a transport, with its schemas from `load` (asked once). The preload and the
 * browser host's worker both use this, so the renderer has one code path. Unknown channels and
 * events are refused by name before anything is sent; every result and event payload is
 * validated against the contract, so a bad main process cannot feed the UI malformed data. A call
 * is sent before the schemas are awaited: in the browser host's worker, building them (about
 * 100 ms of CPU, bench/findings.md) runs while the host answers.
 */
export function createBridgeOver(
  transport: BridgeTransport,
  load: () => BridgeSchemas | Promise<BridgeSchemas>,
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
  return Object.freeze({
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      if (!(CHANNEL_NAMES as readonly string[]).includes(channel))
        throw new AppError('UNKNOWN_CHANNEL', `Unknown channel ${String(channel)}`);
      const [s, raw] = await Promise.all([schemas(), transport.invoke(channel, input)]);
      const result = s.parseOrThrow(s.ipcResultSchema, raw, `result of ${channel}`);
      if (!result.ok) {
        throw new AppError(result.error.code, result.error.message, {
          ...(result.error.issues ? { issues: result.error.issues } : {}),
        });
      }
      return s.parseOrThrow(
        s.channels[channel].output,
        result.value,
        `result of ${channel}`,
      ) as ChannelOutput<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!(EVENT_NAMES as readonly string[]).includes(event))
        throw new AppError('UNKNOWN_CHANNEL', `Unknown event ${String(event)}`);
      const deliver = (loaded: BridgeSchemas, payload: unknown) => {
        const parsed = loaded.events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      };
      const pending = schemas();
      return transport.subscribe(event, (payload) => {
        // In order: events that came before the schemas wait on the same promise, in turn.
        if (ready) deliver(ready, payload);
        else void pending.then((loaded) => deliver(loaded, payload));
      });
    },
  });
}
