import type { ShelfBridge } from '../shared/ipc/bridge';
import { toBridgeFailure } from '../shared/ipc/bridge-failure';
import type { Channel, EventName } from '../shared/ipc/contract';
import type { MessageEnd, PageBatch, PageMessage, WorkerMessage } from './worker-messages';

/**
 * The worker's half: answers the page's calls and subscriptions with `bridge` (the same
 * validating bridge the preload builds), each failure as a plain BridgeFailure.
 */
export function serveBridge(end: MessageEnd<WorkerMessage, PageBatch>, bridge: ShelfBridge) {
  const serve = (data: PageMessage) => {
    switch (data.type) {
      case 'invoke':
        bridge.invoke(data.channel as Channel, data.input as never).then(
          (value) => end.postMessage({ type: 'result', id: data.id, ok: true, value }),
          (error: unknown) =>
            end.postMessage({
              type: 'result',
              id: data.id,
              ok: false,
              failure: toBridgeFailure(error),
            }),
        );
        return;
      case 'on':
        // For the page's life: the page hands each event to its listeners of the name.
        bridge.on(data.event as EventName, (payload) =>
          end.postMessage({ type: 'event', id: data.id, payload }),
        );
        return;
    }
  };
  end.onmessage = ({ data }) => {
    for (const message of data) serve(message);
  };
}
