import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_VARIABLES, launchOptions } from '../../../main/electron/launch-options';

const everything: NodeJS.ProcessEnv = {
  SHELF_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node',
  SHELF_USER_DATA_DIR: '/tmp/other-profile',
  SHELF_SERVER_URL: 'http://127.0.0.1:8787',
  SHELF_DEMO_EMAIL: 'demo@shelfkeeper.dev',
  SHELF_DEMO_PASSWORD: 'demo-password',
  SHELF_UPDATE_URL: 'http://127.0.0.1:9999/feed',
  SHELF_UPDATE_FORCE: '1',
  SHELF_LICENSE_ROOT: 'A'.repeat(43),
};

describe('launch options', () => {
  it('lists every variable it reads', () => {
    expect(Object.keys(everything).sort()).toEqual([...DEVELOPMENT_VARIABLES].sort());
  });

  it('honours the development variables in a development run', () => {
    expect(launchOptions(everything, false)).toEqual({
      sqliteBinding: '/tmp/evil/better_sqlite3.node',
      userDataDir: '/tmp/other-profile',
      serverUrl: 'http://127.0.0.1:8787',
      demoCredentials: { email: 'demo@shelfkeeper.dev', password: 'demo-password' },
      updateUrl: 'http://127.0.0.1:9999/feed',
      forceUpdates: true,
      devTools: true,
      licenseRoots: ['A'.repeat(43)],
    });
  });

  it('refuses a development root that is not an Ed25519 public key', () => {
    expect(() => launchOptions({ SHELF_LICENSE_ROOT: 'not-a-key' }, false)).toThrow(
      'SHELF_LICENSE_ROOT must be an Ed25519 public key',
    );
  });

  it('ignores every one of them, and turns devTools off, in an installed build', () => {
    expect(launchOptions(everything, true)).toEqual({
      demoCredentials: null,
      forceUpdates: false,
      devTools: false,
    });
  });

  it('treats empty values as unset', () => {
    expect(launchOptions({ SHELF_SQLITE_BINDING: '', SHELF_USER_DATA_DIR: '' }, false)).toEqual({
      demoCredentials: null,
      forceUpdates: false,
      devTools: true,
    });
  });
});
