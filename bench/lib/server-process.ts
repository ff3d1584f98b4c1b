import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerChild {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** SIGTERM (graceful) and wait. */
  stop(): Promise<number | string | null>;
  /** SIGKILL (a crash) and wait. */
  kill(): Promise<number | string | null>;
}

/**
 * `server/bin/server.ts` (what `npm run server` runs) in a child process through tsx, on its own
 * port (PORT=0: the kernel picks a free one) on 127.0.0.1. Resolves once it printed its URL.
 */
export async function spawnServerChild(
  env: Record<string, string>,
  timeoutMs = 60_000,
  /** Extra node flags, e.g. `--cpu-prof` for profiling (not allowed in NODE_OPTIONS). */
  nodeArgs: string[] = [],
): Promise<ServerChild> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/bin/server.ts'], {
    cwd: ROOT,
    // SHELF_DEMO=1: the suites built on this harness measure and break the demo catalog.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
      SHELF_DEMO: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    // Bounded: a long run's warnings must not grow without limit.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const match = /license server: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
