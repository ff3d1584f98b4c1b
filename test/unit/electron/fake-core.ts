import { Readable } from 'node:stream';
import type { AppCore, AppCoreOptions } from '../../../main/core/app-core-api';
import type { Handlers } from '../../../shared/ipc/bridge';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { channelNames } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/errors';

/**
 * A stand-in core for the shell's unit tests (the real one is tested in test/unit/core and used
 * by the browser host's integration and e2e tests). Every handler records its input.
 */
export function fakeCore(content: Record<string, { mime: string; bytes: Buffer }> = {}) {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      (input: unknown) => {
        calls.push({ channel: name, input });
        return { handled: name };
      },
    ]),
  ) as unknown as Handlers;
  let closed = false;
  let options: AppCoreOptions | null = null;
  const core: AppCore = {
    handlers,
    subscribe(listener) {
      const wrapped = listener as (event: EventName, payload: unknown) => void;
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    async openContent(contentId) {
      const found = content[contentId];
      if (!found) throw new AppError('CONTENT_NOT_DOWNLOADED');
      return {
        kind: 'ebook',
        mime: found.mime,
        size: found.bytes.length,
        title: contentId,
        stream: Readable.from([found.bytes]),
      };
    },
    async close() {
      closed = true;
    },
  };
  return {
    core,
    calls,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) =>
      listeners.forEach((l) => l(event, payload)),
    listenerCount: () => listeners.size,
    isClosed: () => closed,
    open: async (given: AppCoreOptions) => {
      options = given;
      return core;
    },
    options: () => options,
  };
}
