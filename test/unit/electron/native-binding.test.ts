import { describe, expect, it } from 'vitest';
import { redirectNativeAddon } from '../../../main/electron/native-binding';

describe('redirectNativeAddon', () => {
  it('swaps only the named addon for the replacement', () => {
    const opened: string[] = [];
    const target = { dlopen: (_module: object, filename: string) => void opened.push(filename) };
    redirectNativeAddon('better_sqlite3.node', '/cache/electron-39/better_sqlite3.node', target);
    target.dlopen(
      {},
      '/app/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
    );
    target.dlopen({}, '/app/node_modules/other/build/Release/other.node');
    expect(opened).toEqual([
      '/cache/electron-39/better_sqlite3.node',
      '/app/node_modules/other/build/Release/other.node',
    ]);
  });
});
