import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore } from '../main/core/app-core';
import { jsonSettingsStore } from '../main/core/json-settings-store';
import { envKeyProvider } from '../main/core/key-provider';
import type { Figure } from './lib/results';
import type { ServerProcess } from '../test/fixtures/server-process';
import { spawnServer } from '../test/fixtures/server-process';
import { SEED_PASSWORD, seedServerData } from '../test/fixtures/server-seed';
import { median } from './lib/stats';

/**
 * Benchmark 6: the library's multi-select return. An app core signed in to a local license
 * server (child process, SQLite) holds `licenses` licenses; `returns.bulkQuote` prices them
 * all, then the timed part: `returns.bulkConfirm` of every item until each is confirmed (its
 * receipt stored, its rows deleted) in the app. Each run is a fresh core and user.
 */
export async function benchBulkReturn(options: {
  runs: number;
  licenses: number;
}): Promise<Figure[]> {
  const serverDir = mkdtempSync(join(tmpdir(), 'shelf-bench-bulk-server-'));
  let server: ServerProcess | undefined;
  const quotes: number[] = [];
  const confirms: number[] = [];
  let notConfirmed = 0;
  try {
    const seed = await seedServerData(
      { dataDir: serverDir, sqlitePath: join(serverDir, 'shelf.sqlite') },
      { users: options.runs, contents: options.licenses, events: true },
    );
    server = await spawnServer({ SHELF_DATA_DIR: serverDir, DATABASE_URL: '', LOG_LEVEL: 'error' });
    for (const user of seed.users) {
      const coreDir = mkdtempSync(join(tmpdir(), 'shelf-bench-bulk-core-'));
      const core = await openAppCore({
        dataDir: coreDir,
        keyProvider: envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') }),
        settings: jsonSettingsStore(join(coreDir, 'settings.json'), {
          serverUrl: server.url,
          theme: 'system',
        }),
        contentUrl: (id) => `shelf://content/${id}`,
        syncIntervalMs: 0,
        syncOnStart: false,
      });
      try {
        const h = core.handlers;
        await h['account.signIn']({ email: user.email, password: SEED_PASSWORD });
        await h['sync.now']({});
        const page = await h['library.list']({
          sort: 'addedAt',
          direction: 'asc',
          offset: 0,
          limit: 100,
        });
        const contentIds = page.items.map((item) => item.contentId);
        if (contentIds.length !== options.licenses) {
          throw new Error(`the core holds ${contentIds.length} of ${options.licenses} licenses`);
        }
        let t = performance.now();
        const offer = await h['returns.bulkQuote']({ contentIds, kind: 'buyback' });
        quotes.push((performance.now() - t) / 1000);
        const items = offer.items.flatMap((item) =>
          item.choice && item.quote
            ? [{ contentId: item.contentId, kind: item.choice.kind, quoteId: item.quote.quoteId }]
            : [],
        );
        t = performance.now();
        const result = await h['returns.bulkConfirm']({ items });
        confirms.push((performance.now() - t) / 1000);
        notConfirmed += result.items.filter((item) => item.status !== 'confirmed').length;
        const left = await h['library.counts']({});
        notConfirmed += left.total;
      } finally {
        await core.close();
        rmSync(coreDir, { recursive: true, force: true });
      }
    }
  } finally {
    await server?.stop();
    rmSync(serverDir, { recursive: true, force: true });
  }
  const group = `Bulk return, ${options.licenses} licenses`;
  const confirm = median(confirms);
  return [
    {
      group,
      name: `bulk return of ${options.licenses} licenses, confirm → all confirmed in the app`,
      value: confirm * 1000,
      unit: 'ms',
      target: '< 1000 ms',
      met: confirm < 1 && notConfirmed === 0,
      note: notConfirmed
        ? `${notConfirmed} items not confirmed`
        : `${confirms.length} runs; one batch request, one local receipt transaction`,
    },
    {
      group,
      name: `bulk quote of ${options.licenses} licenses (one combined offer)`,
      value: median(quotes) * 1000,
      unit: 'ms',
    },
  ];
}
