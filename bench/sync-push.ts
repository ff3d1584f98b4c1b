import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore } from '../main/core/app-core';
import { jsonSettingsStore } from '../main/core/json-settings-store';
import { envKeyProvider } from '../main/core/key-provider';
import { SEND_BATCH } from '../main/core/returns/return-flow';
import type { CpuSnapshot } from './lib/cpu-usage';
import { cpuShare, cpuSnapshot } from './lib/cpu-usage';
import type { Figure } from './lib/results';
import { formatValue } from './lib/results';
import type { ServerProcess } from '../test/fixtures/server-process';
import { spawnServer } from '../test/fixtures/server-process';
import { SEED_PASSWORD, seedServerData } from '../test/fixtures/server-seed';
import { median } from './lib/stats';
import { TEST_LICENSE_ROOT } from '../test/fixtures/license-root';

/**
 * Benchmark 4: an app core with `returns` returns queued while offline pushes them to a local
 * license server (a child process on SQLite) once it is reachable again. Each run is a fresh
 * core signed in as its own user: it pulls that user's library (the licenses' events), queues a
 * buyback of every item against an unreachable URL, then is pointed back at the server and
 * `sync.now` runs: the time until the outbox is empty is the push; the whole run also pulls the
 * returned events back.
 */
const DEAD_URL = 'http://127.0.0.1:9';

interface RunFigures {
  pullSeconds: number;
  queueSeconds: number;
  pushSeconds: number;
  syncSeconds: number;
  /** `library.changed` events delivered to a subscriber during the sync run. */
  refreshSignals: number;
  /** CPU ms per pushed return (until the outbox was empty): the server's and the app's. */
  serverCpuMs: number;
  appCpuMs: number;
  left: number;
}

export async function benchSyncPush(options: {
  runs: number;
  returns: number;
  /** Extra node flags for the server process (e.g. `--cpu-prof` to profile the push). */
  serverNodeArgs?: string[];
}): Promise<Figure[]> {
  const serverDir = mkdtempSync(join(tmpdir(), 'shelf-bench-sync-server-'));
  let server: ServerProcess | undefined;
  const runs: RunFigures[] = [];
  try {
    const seed = await seedServerData(
      { dataDir: serverDir, sqlitePath: join(serverDir, 'shelf.sqlite') },
      { users: options.runs, contents: options.returns, events: true },
    );
    server = await spawnServer(
      { SHELF_DATA_DIR: serverDir, DATABASE_URL: '', LOG_LEVEL: 'error' },
      { nodeArgs: options.serverNodeArgs ?? [] },
    );
    for (const user of seed.users) {
      const coreDir = mkdtempSync(join(tmpdir(), 'shelf-bench-sync-core-'));
      const settings = jsonSettingsStore(join(coreDir, 'settings.json'), {
        serverUrl: server.url,
        theme: 'system',
      });
      const core = await openAppCore({
        dataDir: coreDir,
        keyProvider: envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') }),
        settings,
        contentUrl: (id) => `shelf://content/${id}`,
        syncIntervalMs: 0,
        syncOnStart: false,
        backoff: { baseMs: 60_000, maxMs: 60_000 },
        licenseRoots: [TEST_LICENSE_ROOT],
      });
      try {
        const h = core.handlers;
        let t = performance.now();
        await h['account.signIn']({ email: user.email, password: SEED_PASSWORD });
        await h['sync.now']({});
        const pullSeconds = (performance.now() - t) / 1000;
        const page = await h['library.list']({
          sort: 'addedAt',
          direction: 'asc',
          offset: 0,
          limit: 500,
        });
        if (page.total !== options.returns) {
          throw new Error(`the core pulled ${page.total} of ${options.returns} licenses`);
        }
        const contentIds: string[] = [];
        for (let offset = 0; offset < page.total; offset += 500) {
          const next = await h['library.list']({
            sort: 'addedAt',
            direction: 'asc',
            offset,
            limit: 500,
          });
          contentIds.push(...next.items.map((item) => item.contentId));
        }

        settings.set({ serverUrl: DEAD_URL });
        t = performance.now();
        for (const contentId of contentIds) {
          await h['returns.request']({ contentId, kind: 'buyback' });
        }
        const queueSeconds = (performance.now() - t) / 1000;
        const queued = (await h['sync.status']({})).queuedReturns;
        if (queued !== options.returns) throw new Error(`queued ${queued} of ${options.returns}`);

        // What a window would be told to ask its library again for, during the sync run.
        let refreshSignals = 0;
        const unsubscribe = core.subscribe((event) => {
          if (event === 'library.changed') refreshSignals += 1;
        });
        settings.set({ serverUrl: server.url });
        const pids = server.child.pid ? [server.child.pid] : [];
        const cpuBefore = cpuSnapshot(pids);
        let cpuAfter: CpuSnapshot | null = null;
        t = performance.now();
        let pushSeconds = Number.NaN;
        const poll = setInterval(() => {
          // Handlers may answer synchronously or with a promise.
          void Promise.resolve(h['sync.status']({})).then((s) => {
            if (s.queuedReturns === 0 && Number.isNaN(pushSeconds)) {
              pushSeconds = (performance.now() - t) / 1000;
              cpuAfter = cpuSnapshot(pids);
            }
          });
        }, 100);
        const status = await h['sync.now']({});
        clearInterval(poll);
        unsubscribe();
        const syncSeconds = (performance.now() - t) / 1000;
        if (Number.isNaN(pushSeconds) && status.queuedReturns === 0) pushSeconds = syncSeconds;
        cpuAfter ??= cpuSnapshot(pids);
        const cpu = cpuBefore && cpuAfter ? cpuShare(cpuBefore, cpuAfter, options.returns) : null;
        runs.push({
          pullSeconds,
          queueSeconds,
          pushSeconds,
          syncSeconds,
          refreshSignals,
          serverCpuMs: cpu?.perOperation.servers ?? Number.NaN,
          appCpuMs: cpu?.perOperation.loadGenerator ?? Number.NaN,
          left: status.queuedReturns,
        });
      } finally {
        await core.close();
        rmSync(coreDir, { recursive: true, force: true });
      }
    }
  } finally {
    await server?.stop();
    rmSync(serverDir, { recursive: true, force: true });
  }
  const group = `Sync, ${options.returns.toLocaleString('en')} returns`;
  const push = median(runs.map((r) => r.pushSeconds));
  const left = runs.reduce((sum, r) => sum + r.left, 0);
  return [
    {
      group,
      name: `sync push of ${options.returns.toLocaleString('en')} queued returns (embedded SQLite server)`,
      value: push,
      unit: 's',
      target: '< 5 s',
      met: push < 5 && left === 0,
      note: left
        ? `${left} returns still queued after the runs`
        : `${runs.length} runs; ${SEND_BATCH} per request; 22.7 s sent one per request (2026-11-25)`,
    },
    {
      group,
      name: 'CPU per pushed return: license server + app core (ms)',
      value: median(runs.map((r) => r.serverCpuMs)) + median(runs.map((r) => r.appCpuMs)),
      unit: 'ms',
      note: `server ${formatValue(median(runs.map((r) => r.serverCpuMs)))} + app ${formatValue(
        median(runs.map((r) => r.appCpuMs)),
      )} ms; on a busy machine the push waits for cores, this does not`,
    },
    {
      group,
      name: 'whole sync run (push + pull of the returned events)',
      value: median(runs.map((r) => r.syncSeconds)),
      unit: 's',
    },
    {
      group,
      name: 'sign-in + first sync: pull of the library (license.issued events)',
      value: median(runs.map((r) => r.pullSeconds)),
      unit: 's',
    },
    {
      group,
      name: 'queueing the returns offline (returns.request, one by one)',
      value: median(runs.map((r) => r.queueSeconds)),
      unit: 's',
    },
    {
      group,
      name: '`library.changed` signals sent to the windows during the sync run',
      value: median(runs.map((r) => r.refreshSignals)),
      unit: 'events',
      note: 'each makes the library screen ask for its pages again',
    },
  ];
}
