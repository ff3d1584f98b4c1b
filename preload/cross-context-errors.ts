import type { ShelfBridge } from '../shared/ipc/bridge';
import { toBridgeFailure } from '../shared/ipc/bridge-failure';

/**
 * contextBridge copies an Error's message and stack but drops its own fields, so the `code` the
 * renderer maps to a sentence would be lost. Failures are therefore rejected as plain objects
 * carrying `code`, `message` and `issues`. The shape of the bridge (`invoke`, `on`) is unchanged.
 */
export function crossContextErrors(bridge: ShelfBridge): ShelfBridge {
  return Object.freeze({
    invoke: ((channel, input) =>
      bridge
        .invoke(channel, input)
        .catch((error: unknown) =>
          Promise.reject(toBridgeFailure(error)),
        )) as ShelfBridge['invoke'],
    on: bridge.on,
  });
}
