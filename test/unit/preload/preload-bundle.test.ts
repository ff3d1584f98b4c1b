import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { preloadBuildOptions } from '../../../scripts/lib/build-steps';
import { channelNames, IPC_CHANNEL_PREFIX } from '../../../shared/ipc/contract';

/**
 * The preload as Electron loads it: the built CommonJS file, run where `require` knows only
 * `electron` (a sandboxed preload's world). An ESM build, or a bundle reaching for Node or an
 * npm package at run time, fails here instead of leaving the window without `window.shelf`.
 */
describe('the preload bundle', () => {
  it('is CommonJS that needs nothing but electron, and exposes window.shelf', async () => {
    const result = await build({
      ...preloadBuildOptions,
      write: false,
      sourcemap: false,
      outfile: 'preload.cjs',
    });
    const code = result.outputFiles?.[0]?.text ?? '';
    const exposed: { key: string; api: { invoke(c: string, i: unknown): Promise<unknown> } }[] = [];
    const invoked: string[] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: (typeof exposed)[number]['api']) =>
          exposed.push({ key, api }),
      },
      ipcRenderer: {
        invoke: (channel: string) => {
          invoked.push(channel);
          return Promise.resolve({ ok: true, value: { cancelled: true } });
        },
        on: () => {},
        removeListener: () => {},
      },
    };
    const required: string[] = [];
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    expect(exposed.map((entry) => entry.key)).toEqual(['shelf']);
    await exposed[0]!.api.invoke('content.cancelDownload', {
      contentId: '0b7c6d0e-1111-4222-8333-444455556666',
    });
    expect(invoked).toEqual([IPC_CHANNEL_PREFIX + 'content.cancelDownload']);
    expect(channelNames).toContain('content.cancelDownload');
  });
});
