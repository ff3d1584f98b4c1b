import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envKeyProvider } from '../main/core/key-provider';
import { openStore } from '../main/core/store/store';
import type { Figure } from './lib/results';
import { median } from './lib/stats';

/**
 * The outbox's size as the header and the return limit read it at every return request: a
 * count(*) over the table, against the size its triggers keep (store migration 13), on the app's
 * encrypted store with `queued` returns in the outbox. Both in one process, each round timing
 * both back to back (order flipped each round); the figure is the median of the rounds.
 */
export interface OutboxCountOptions {
  queued: number;
  calls: number;
  rounds: number;
}

export async function benchOutboxCount(options: OutboxCountOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-bench-outbox-'));
  const keyProvider = envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') });
  const store = await openStore(dir, keyProvider);
  try {
    store.transaction(() => {
      for (let i = 0; i < options.queued; i++) {
        store.outbox.enqueue({
          returnId: randomUUID(),
          licenseId: randomUUID(),
          contentId: randomUUID(),
          kind: 'buyback',
          quoteId: null,
          createdAt: new Date().toISOString(),
        });
      }
    });
    const countAll = store.db.prepare<[], number>('SELECT count(*) FROM outbox').pluck();
    const kinds = { 'count(*)': () => countAll.get(), kept: () => store.outbox.count() };
    if (kinds['count(*)']() !== kinds.kept()) throw new Error('the kept size is not the count');
    const us: Record<keyof typeof kinds, number[]> = { 'count(*)': [], kept: [] };
    const time = (kind: keyof typeof kinds) => {
      const read = kinds[kind];
      const started = process.hrtime.bigint();
      for (let i = 0; i < options.calls; i++) read();
      us[kind].push(Number(process.hrtime.bigint() - started) / 1000 / options.calls);
    };
    // The first read after an open (the header's first status): the pages not yet in the cache.
    const firstUs: Record<keyof typeof kinds, number[]> = { 'count(*)': [], kept: [] };
    for (let round = 0; round < Math.min(options.rounds, 10); round++) {
      for (const kind of round % 2 === 0
        ? (['count(*)', 'kept'] as const)
        : (['kept', 'count(*)'] as const)) {
        const fresh = await openStore(dir, keyProvider);
        const read =
          kind === 'kept'
            ? () => fresh.outbox.count()
            : () => fresh.db.prepare('SELECT count(*) FROM outbox').pluck().get();
        const started = process.hrtime.bigint();
        read();
        firstUs[kind].push(Number(process.hrtime.bigint() - started) / 1000);
        fresh.close();
      }
    }
    for (let i = 0; i < 100; i++) {
      time('count(*)');
      time('kept');
    }
    us['count(*)'] = [];
    us.kept = [];
    for (let round = 0; round < options.rounds; round++) {
      const order =
        round % 2 === 0 ? (['count(*)', 'kept'] as const) : (['kept', 'count(*)'] as const);
      for (const kind of order) time(kind);
    }
    const group = `app store: the outbox's size, ${options.queued} queued`;
    const note = `median of ${options.rounds} rounds of ${options.calls} reads, alternated`;
    return [
      { group, name: 'count(*) over the outbox', value: median(us['count(*)']), unit: 'µs', note },
      { group, name: 'the size its triggers keep', value: median(us.kept), unit: 'µs', note },
      {
        group,
        name: 'count(*), first read after an open',
        value: median(firstUs['count(*)']),
        unit: 'µs',
        note: 'median of 10 opens, alternated',
      },
      {
        group,
        name: 'the kept size, first read after an open',
        value: median(firstUs.kept),
        unit: 'µs',
        note: 'median of 10 opens, alternated',
      },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
