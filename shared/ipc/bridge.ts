import { AppError, isAppError, parseOrThrow, toFieldIssues } from '../errors';
import type {
  Channel,
  ChannelInput,
  ChannelOutput,
  ChannelParsedInput,
  EventName,
  EventPayload,
  IpcResult,
} from './contract';
import { channels, events, ipcResultSchema } from './contract';

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

/**
 * Builds `window.shelf` over a transport. The preload and the browser host both use this, so the
 * renderer has one code path. Unknown channels are refused before anything is sent; results are
 * validated against the contract so a bad main process cannot feed the UI malformed data.
 */
export function createShelfBridge(transport: BridgeTransport): ShelfBridge {
  return Object.freeze({
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const spec = Object.hasOwn(channels, channel) ? channels[channel] : undefined;
      if (!spec) throw new AppError('UNKNOWN_CHANNEL', `Unknown channel ${String(channel)}`);
      const raw = await transport.invoke(channel, input);
      const result = parseOrThrow(ipcResultSchema, raw, `result of ${channel}`);
      if (!result.ok) {
        throw new AppError(result.error.code, result.error.message, {
          ...(result.error.issues ? { issues: result.error.issues } : {}),
        });
      }
      return parseOrThrow(spec.output, result.value, `result of ${channel}`) as ChannelOutput<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const schema = Object.hasOwn(events, event) ? events[event] : undefined;
      if (!schema) throw new AppError('UNKNOWN_CHANNEL', `Unknown event ${String(event)}`);
      return transport.subscribe(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
  });
}

export type Handler<C extends Channel> = (
  input: ChannelParsedInput<C>,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * The main-side half, shared by Electron IPC and the browser host: validates the input against
 * the contract, runs the handler, and turns every outcome into an IpcResult (never a throw, so a
 * bad call can't crash main or leak a stack trace to the renderer).
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  input: unknown,
  onUnexpected: (error: unknown, channel: string) => void = () => {},
): Promise<IpcResult> {
  if (!Object.hasOwn(channels, channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel ${channel}` } };
  }
  const name = channel as Channel;
  const parsed = channels[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `Invalid input for ${name}`,
        issues: toFieldIssues(parsed.error),
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (isAppError(error)) {
      return {
        ok: false,
        error: {
          code: error.code,
          message: error.message,
          ...(error.issues ? { issues: error.issues } : {}),
        },
      };
    }
    onUnexpected(error, name);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong. Please try again.' },
    };
  }
}
