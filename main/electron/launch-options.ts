import { licenseRootsFromEnv } from '../core/license-roots';
import type { DemoCredentials } from './first-run-sign-in';
import { demoCredentialsFromEnv } from './first-run-sign-in';

/**
 * What the environment may change about a run of the desktop app. Every one of these exists for
 * development (`npm start`, tests): an installed app ignores them all, because whoever can set a
 * user's environment could otherwise make it load a native library of their choosing
 * (SHELF_SQLITE_BINDING), read another profile (SHELF_USER_DATA_DIR), talk to another server
 * (SHELF_SERVER_URL), sign in as someone (SHELF_DEMO_*), fetch updates from another feed
 * (SHELF_UPDATE_URL) or trust license keys the shipped root did not sign (SHELF_LICENSE_ROOT). `app.isPackaged` decides, as Electron sets it for installed builds only.
 */
export interface LaunchOptions {
  sqliteBinding?: string;
  userDataDir?: string;
  serverUrl?: string;
  demoCredentials: DemoCredentials | null;
  /** The update feed to use instead of the packaged one (resources/app-update.yml). */
  updateUrl?: string;
  /** Check for updates in a development run too (off by default: there is nothing to update). */
  forceUpdates: boolean;
  /** Chromium's developer tools in the app window. */
  devTools: boolean;
  /** The development server's root key instead of the shipped ones (build/license-roots.json). */
  licenseRoots?: readonly string[];
}

/** The environment variables read here, for the README's configuration table and its test. */
export const DEVELOPMENT_VARIABLES = [
  'SHELF_SQLITE_BINDING',
  'SHELF_USER_DATA_DIR',
  'SHELF_SERVER_URL',
  'SHELF_DEMO_EMAIL',
  'SHELF_DEMO_PASSWORD',
  'SHELF_UPDATE_URL',
  'SHELF_UPDATE_FORCE',
  'SHELF_LICENSE_ROOT',
] as const;

export function launchOptions(env: NodeJS.ProcessEnv, isPackaged: boolean): LaunchOptions {
  if (isPackaged) return { demoCredentials: null, forceUpdates: false, devTools: false };
  const set = (value: string | undefined) => (value ? value : undefined);
  const licenseRoots = licenseRootsFromEnv(env.SHELF_LICENSE_ROOT);
  return {
    sqliteBinding: set(env.SHELF_SQLITE_BINDING),
    userDataDir: set(env.SHELF_USER_DATA_DIR),
    serverUrl: set(env.SHELF_SERVER_URL),
    demoCredentials: demoCredentialsFromEnv(env),
    updateUrl: set(env.SHELF_UPDATE_URL),
    forceUpdates: env.SHELF_UPDATE_FORCE === '1',
    devTools: true,
    ...(licenseRoots ? { licenseRoots } : {}),
  };
}
