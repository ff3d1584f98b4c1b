import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ParentAsk } from './browser-app-messages';

const ENTRY = fileURLToPath(new URL('./browser-app-process.ts', import.meta.url));

/** How long a close may take before the process is killed. */
const CLOSE_MS = 10_000;

export interface BrowserAppChild {
  /** A one-time sign-in link to the page, as the host prints it. */
  loginUrl(): Promise<string>;
  /** The process's CPU so far (user + system), ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

type Ask = ParentAsk['ask'];

/**
 * Starts the browser host and its app core in a child process (browser-app-process.ts, through
 * tsx) on a store seeded already; resolves once it serves.
 */
export async function startBrowserAppChild(options: {
  dataDir: string;
  storeKey: string;
  rendererDir: string;
  prerenderDir: string;
  bridgeScriptFile: string;
  serverUrl: string;
}): Promise<BrowserAppChild> {
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      SHELF_STORE_KEY: options.storeKey,
      BENCH_DATA_DIR: options.dataDir,
      BENCH_RENDERER_DIR: options.rendererDir,
      BENCH_PRERENDER_DIR: options.prerenderDir,
      BENCH_BRIDGE_SCRIPT: options.bridgeScriptFile,
      BENCH_SERVER_URL: options.serverUrl,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (reply: ChildReply) => void>();
  let exited: Error | null = null;
  const fail = (error: Error) => {
    exited = error;
    for (const settle of waiting.values()) settle({ id: -1, closed: true });
    waiting.clear();
  };
  child.on('message', (reply: ChildReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  // A send to a child that is gone: reported by its exit, not thrown.
  child.on('error', () => undefined);
  child.on('exit', (code, signal) =>
    fail(new Error(`the browser app process exited (${signal ?? `code ${code}`})`)),
  );
  let next = 1;
  const ask = (what: Ask): Promise<ChildReply> => {
    if (exited) return Promise.reject(exited);
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, (reply) => (reply.id === -1 ? reject(exited) : resolve(reply)));
      child.send({ id, ask: what } as ParentAsk);
    });
  };
  await new Promise<void>((resolve, reject) => {
    waiting.set(0, (reply) => (reply.id === -1 ? reject(exited) : resolve()));
  });
  return {
    async loginUrl() {
      const reply = await ask('login-url');
      if (!('loginUrl' in reply)) throw new Error('no login URL in the answer');
      return reply.loginUrl;
    },
    async cpuMs() {
      const reply = await ask('cpu');
      if (!('cpuMs' in reply)) throw new Error('no CPU figure in the answer');
      return reply.cpuMs;
    },
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      // A child that does not end within CLOSE_MS is killed: a bench never hangs on it.
      const kill = setTimeout(() => child.kill('SIGKILL'), CLOSE_MS);
      await ask('close').catch(() => undefined);
      await gone;
      clearTimeout(kill);
    },
  };
}
