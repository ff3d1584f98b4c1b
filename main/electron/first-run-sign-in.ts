import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../../shared/ipc/bridge';

export interface DemoCredentials {
  email: string;
  password: string;
}

/** Reads demo credentials that `npm start` passes through the environment, if any. */
export function demoCredentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): DemoCredentials | null {
  const email = env.SHELF_DEMO_EMAIL;
  const password = env.SHELF_DEMO_PASSWORD;
  return email && password ? { email, password } : null;
}

/**
 * Signs the demo user in on the first run only: a marker file records that it was done, so a
 * user who signs out later stays signed out. Returns whether it signed in now. Plain Node (no
 * electron), so the browser host's start script uses it too.
 */
export async function signInOnFirstRun(
  handlers: Pick<Handlers, 'account.get' | 'account.signIn'>,
  credentials: DemoCredentials,
  markerFile: string,
): Promise<boolean> {
  if (existsSync(markerFile)) return false;
  const account = await handlers['account.get']({});
  if (!account.signedIn) await handlers['account.signIn'](credentials);
  await mkdir(path.dirname(markerFile), { recursive: true });
  await writeFile(markerFile, `${new Date().toISOString()}\n`);
  return !account.signedIn;
}
