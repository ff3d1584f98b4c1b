import { describe, expect, it, vi } from 'vitest';
import {
  channelNames,
  eventNames,
  IPC_CHANNEL_PREFIX,
  IPC_EVENT_PREFIX,
} from '../../../shared/ipc/contract';

vi.mock('electron', () => import('../electron/fake-electron'));
const electron = await import('../electron/fake-electron');
await import('../../../preload/preload');

const exposed = electron.recorded.exposed;
const shelf = exposed[0]?.api as {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

describe('the preload', () => {
  it('exposes one global, `shelf`, with only invoke and on', () => {
    expect(exposed.map((entry) => entry.key)).toEqual(['shelf']);
    expect(Object.keys(shelf).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(shelf)).toBe(true);
    // Nothing of ipcRenderer leaks: no send/sendSync/invoke of arbitrary channels.
    expect(Object.values(shelf)).not.toContain(electron.ipcRenderer.invoke);
  });

  it('sends each contract channel, and only those, with the channel prefix', async () => {
    electron.ipcRenderer.invoked.length = 0;
    electron.ipcRenderer.reply = () => ({
      ok: false,
      error: { code: 'NOT_SIGNED_IN', message: 'Please sign in first.' },
    });
    for (const name of channelNames) await shelf.invoke(name, {}).catch(() => undefined);
    expect(electron.ipcRenderer.invoked.map((call) => call.channel)).toEqual(
      channelNames.map((n) => IPC_CHANNEL_PREFIX + n),
    );

    electron.ipcRenderer.invoked.length = 0;
    await expect(shelf.invoke('electron-store-get-data', {})).rejects.toMatchObject({
      code: 'UNKNOWN_CHANNEL',
    });
    await expect(shelf.invoke('__proto__', {})).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(electron.ipcRenderer.invoked).toEqual([]);
  });

  it('keeps the error code of a failed call as plain data (it must cross the context bridge)', async () => {
    electron.ipcRenderer.reply = () => ({
      ok: false,
      error: { code: 'LICENSE_LOCKED', message: 'locked' },
    });
    const failure = await shelf
      .invoke('content.open', { contentId: '0b7c6d0e-1111-4222-8333-444455556666' })
      .catch((e: unknown) => e);
    expect(failure).toEqual({ name: 'AppError', code: 'LICENSE_LOCKED', message: 'locked' });
  });

  it('validates results against the contract', async () => {
    electron.ipcRenderer.reply = () => ({ ok: true, value: { signedIn: 'yes' } });
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('subscribes to contract events only, passing the payload without the IPC event', () => {
    const seen: unknown[] = [];
    const off = shelf.on('library.changed', (payload) => seen.push(payload));
    electron.ipcRenderer.emit(
      IPC_EVENT_PREFIX + 'library.changed',
      { sender: 'secret' },
      { reason: 'sync' },
    );
    electron.ipcRenderer.emit(IPC_EVENT_PREFIX + 'library.changed', {}, { reason: 'not-a-reason' });
    expect(seen).toEqual([{ reason: 'sync' }]);
    off();
    electron.ipcRenderer.emit(IPC_EVENT_PREFIX + 'library.changed', {}, { reason: 'tags' });
    expect(seen).toEqual([{ reason: 'sync' }]);
    expect(() => shelf.on('not.an.event', () => {})).toThrow();
    for (const name of eventNames) shelf.on(name, () => {})();
  });
});
