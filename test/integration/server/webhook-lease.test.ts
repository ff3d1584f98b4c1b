import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database';
import { enqueueDeliveries, insertTarget } from '../../../server/db/webhooks';
import type { BackoffPolicy } from '../../../server/webhooks/backoff';
import { WebhookWorker } from '../../../server/webhooks/worker';
import type { PgDatabase } from '../../fixtures/pg-database';
import { ENGINES, createPgDatabase } from '../../fixtures/server-harness';

/**
 * A worker whose lease ran out (a stalled process) while its request was still out: another
 * worker claimed the delivery again and delivered it. The first worker's late failure must not
 * move the delivery's state: it is another worker's (docs/design.md §5.5, §6.3).
 */

const TIMEOUT_MS = 60_000;
/** One attempt only: a failure ends the delivery as failed, so a late one would show at once. */
const ONE_ATTEMPT: BackoffPolicy = { baseMs: 1000, maxMs: 1000, maxAttempts: 1 };

/** A receiver that holds every request until the test answers it. */
async function startHoldingReceiver() {
  const held: ServerResponse[] = [];
  const arrived: Array<() => void> = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      held.push(response);
      arrived.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    /** Resolves once `count` requests arrived. */
    async arrived(count: number): Promise<void> {
      while (held.length < count) await new Promise<void>((wake) => arrived.push(wake));
    },
    /** Answers the `index`-th request (from 0) with `status`. */
    answer(index: number, status: number): void {
      held[index]?.writeHead(status).end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(ENGINES)('webhook leases on %s', (engine) => {
  let dataDir: string | undefined;
  let handle: DatabaseHandle | undefined;
  let pgDatabase: PgDatabase | undefined;
  let receiver: Awaited<ReturnType<typeof startHoldingReceiver>> | undefined;
  const workers: WebhookWorker[] = [];
  afterEach(async () => {
    // Each left undefined for the next test: a set-up that failed early closes nothing twice.
    for (const worker of workers.splice(0)) await worker.stop();
    await receiver?.close();
    await handle?.close();
    await pgDatabase?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    receiver = handle = pgDatabase = dataDir = undefined;
  });

  /** One target on a holding receiver, one delivery due at `start`, and a worker factory. */
  async function setUp(start: number) {
    dataDir = mkdtempSync(join(tmpdir(), 'shelf-webhook-lease-'));
    pgDatabase = engine === 'postgres' ? await createPgDatabase() : undefined;
    const database = await openDatabase({
      databaseUrl: pgDatabase?.url,
      sqlitePath: join(dataDir, 'server.db'),
    });
    handle = database;
    const { db } = database;
    receiver = await startHoldingReceiver();
    await insertTarget(db, {
      id: 'target',
      url: receiver.url,
      secret: 'lease-secret-0123456789',
      created_at: new Date(start).toISOString(),
    });
    await enqueueDeliveries(db, 'event-1', '{"n":1}', new Date(start).toISOString());
    const worker = (now: number) => {
      const made = new WebhookWorker({
        database,
        clock: () => now,
        logger: pino({ level: 'silent' }),
        backoff: ONE_ATTEMPT,
        pollMs: 60_000,
        timeoutMs: TIMEOUT_MS,
        batchSize: 1,
      });
      workers.push(made);
      return made;
    };
    const row = () =>
      db
        .selectFrom('webhook_deliveries')
        .select(['delivered_at', 'failed_at', 'last_status', 'locked_until'])
        .executeTakeFirstOrThrow();
    return { db, receiver, worker, row };
  }

  it("a worker's late failure after its lease ran out leaves the delivery delivered by another", async () => {
    const start = Date.now();
    const { db, receiver, worker, row } = await setUp(start);
    // The first worker claims the delivery (a lease of 2 × TIMEOUT_MS) and its request hangs.
    worker(start).start();
    await receiver.arrived(1);
    // Past that lease, a second worker claims it again and delivers it.
    worker(start + 3 * TIMEOUT_MS).start();
    await receiver.arrived(2);
    receiver.answer(1, 204);
    await vi.waitFor(async () => expect((await row()).delivered_at).not.toBeNull());
    // Then the first request fails: its attempt is recorded, the delivery stays delivered.
    receiver.answer(0, 503);
    await vi.waitFor(async () => {
      const attempts = await db.selectFrom('webhook_attempts').select('status').execute();
      expect(attempts.map((a) => a.status).sort()).toEqual([204, 503]);
    });
    expect(await row()).toMatchObject({ failed_at: null, last_status: 204, locked_until: null });
  });

  it("a worker stopped after its lease ran out leaves the other worker's claim in place", async () => {
    const start = Date.now();
    const { receiver, worker, row } = await setUp(start);
    const first = worker(start);
    first.start();
    await receiver.arrived(1);
    const later = start + 3 * TIMEOUT_MS;
    worker(later).start();
    await receiver.arrived(2);
    // The first worker shuts down mid-request and gives its claim back: that claim is gone,
    // and the second worker's (still sending) must stay, or a third could send it at once.
    await first.stop();
    expect((await row()).locked_until).toBe(new Date(later + 2 * TIMEOUT_MS).toISOString());
    receiver.answer(1, 204);
    await vi.waitFor(async () => expect((await row()).delivered_at).not.toBeNull());
  });
});
