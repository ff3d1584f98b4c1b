import { isAppError, toFieldIssues } from '../errors';
import * as bridgeSchemas from './bridge-schemas';
import type { Channel, ChannelOutput, ChannelParsedInput, IpcResult } from './contract';
import { channels } from './contract';
import type { BridgeTransport, ShelfBridge } from './shelf-bridge';
import { createBridgeOver } from './shelf-bridge';

export type { BridgeTransport, ShelfBridge } from './shelf-bridge';

/**
 * Builds `window.shelf` over a transport, its schemas built at once (the preload's). The browser
 * host's worker builds the same bridge with `createBridgeOver` and its schemas imported as a
 * module of their own (docs/design.md §7.5).
 */
export function createShelfBridge(transport: BridgeTransport): ShelfBridge {
  return createBridgeOver(transport, () => bridgeSchemas);
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
