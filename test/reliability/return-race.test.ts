import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnKind } from '../../shared/api/returns';
import { receiptSchema } from '../../shared/api/returns';
import { clientAgent, send } from '../fixtures/http-client';
import type { PgDatabase } from '../fixtures/pg-database';
import { createPgDatabase } from '../fixtures/pg-database';
import type { ServerProcess } from '../fixtures/server-process';
import { spawnServer } from '../fixtures/server-process';
import type { ReturnLoadSeed, SeededLicense } from '../fixtures/server-seed';
import { seedServerData } from '../fixtures/server-seed';
import { ENGINES } from '../fixtures/server-harness';
import { halfDone, licenseStates, scale, shuffled, walletProblems } from '../fixtures/reliability';

/**
 * The race: two server processes on one PostgreSQL, 64 clients returning overlapping licenses.
 * Every license is attempted four times at the same moment: twice with one shared return id (a
 * replay racing itself) and twice with fresh ids (two devices racing), half on each process.
 * Exactly one attempt per license may win; everyone else learns the winner's receipt; the
 * database must show one return and one privilege per license, balances equal to the ledgers.
 */
interface Attempt {
  item: SeededLicense;
  returnId: string;
  kind: ReturnKind;
  /** Sent this long after its client takes it (a head start for the license's other attempts). */
  delayMs?: number;
}

interface Outcome {
  attempt: Attempt;
  status: number;
  receiptReturnId: string | null;
  text: string;
}

async function race(urls: string[], attempts: Attempt[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async (_, index) => {
      const agent = clientAgent();
      const base = urls[index % urls.length] as string;
      try {
        for (let attempt = attempts[next++]; attempt; attempt = attempts[next++]) {
          if (attempt.delayMs) await new Promise((resolve) => setTimeout(resolve, attempt.delayMs));
          const answer = await send(agent, base, 'POST', '/v1/returns', {
            token: attempt.item.user.token,
            body: {
              returnId: attempt.returnId,
              licenseId: attempt.item.licenseId,
              kind: attempt.kind,
              deviceId: attempt.item.user.deviceId,
            },
          });
          const json = answer.json as { receipt?: unknown } | undefined;
          const receipt = receiptSchema.safeParse(answer.status === 409 ? json?.receipt : json);
          outcomes.push({
            attempt,
            status: answer.status,
            receiptReturnId: receipt.success ? receipt.data.returnId : null,
            text: answer.text.slice(0, 300),
          });
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return outcomes;
}

/** Exactly one 201 per license; 200 for the winner's id replayed, 409 for other ids; one receipt. */
function outcomeProblems(outcomes: Outcome[]): string[] {
  const byLicense = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const id = o.attempt.item.licenseId;
    byLicense.set(id, [...(byLicense.get(id) ?? []), o]);
  }
  const wrong: string[] = [];
  for (const o of outcomes) {
    if (![200, 201, 409].includes(o.status)) wrong.push(`${o.status} ${o.text}`);
  }
  for (const [licenseId, list] of byLicense) {
    const winners = list.filter((o) => o.status === 201);
    if (winners.length !== 1) {
      wrong.push(`${licenseId}: ${winners.length} winners`);
      continue;
    }
    const winnerId = winners[0]!.attempt.returnId;
    for (const o of list) {
      const expected = o.attempt.returnId === winnerId ? [200, 201] : [409];
      if (!expected.includes(o.status) || o.receiptReturnId !== winnerId) {
        wrong.push(`${licenseId}: ${o.status} with receipt ${o.receiptReturnId}`);
      }
    }
  }
  return wrong;
}

/**
 * Four attempts per license, side by side in the queue so four clients take them at once.
 * `late`: on every other license, attempts of this kind leave 25 ms after the others. A buyback's
 * path is shorter than a trade-in's (the upgrade is looked up and signed before its write), so in
 * a fair start the buyback won every license in some runs; the late half makes sure both kinds
 * win somewhere, while the other half races as it comes.
 */
function attemptsFor(
  seed: ReturnLoadSeed,
  kinds: [ReturnKind, ReturnKind, ReturnKind, ReturnKind],
  late?: ReturnKind,
) {
  return shuffled(seed.licenses, 7).flatMap((item, i): Attempt[] => {
    const shared = randomUUID();
    const delay = (kind: ReturnKind) => (late === kind && i % 2 === 1 ? { delayMs: 25 } : {});
    return [
      { item, returnId: shared, kind: kinds[0], ...delay(kinds[0]) },
      { item, returnId: randomUUID(), kind: kinds[1], ...delay(kinds[1]) },
      { item, returnId: shared, kind: kinds[2], ...delay(kinds[2]) },
      { item, returnId: randomUUID(), kind: kinds[3], ...delay(kinds[3]) },
    ];
  });
}

describe.runIf(ENGINES.includes('postgres'))('returns racing across two server processes', () => {
  let database: PgDatabase;
  let dataDir: string;
  let servers: ServerProcess[] = [];
  let buybacks: ReturnLoadSeed;
  let upgrades: ReturnLoadSeed;

  beforeAll(async () => {
    database = await createPgDatabase('shelf_rel_race');
    dataDir = mkdtempSync(join(tmpdir(), 'shelf-rel-race-'));
    const target = {
      dataDir,
      databaseUrl: database.url,
      sqlitePath: join(dataDir, 'unused.sqlite'),
    };
    buybacks = await seedServerData(target, {
      users: scale(16, 64),
      contents: scale(8, 40),
      priceCents: 1000,
      buybackRatePct: 70,
    });
    upgrades = await seedServerData(target, {
      users: scale(8, 32),
      contents: scale(8, 24),
      upgrades: true,
    });
    const env = { DATABASE_URL: database.url, SHELF_DATA_DIR: dataDir };
    servers.push(await spawnServer(env));
    servers.push(await spawnServer(env));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function checkDatabase(seed: ReturnLoadSeed) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const states = await licenseStates(
        client,
        seed.licenses.map((l) => l.licenseId),
      );
      expect(halfDone(states)).toEqual([]);
      expect([...states.values()].filter((s) => s.licenseRow)).toEqual([]);
      expect(
        await walletProblems(
          client,
          seed.users.map((u) => u.id),
        ),
      ).toEqual([]);
      return { client, states };
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  it('buybacks: one privilege per license, every loser gets the winner’s receipt, no 5xx', async () => {
    const attempts = attemptsFor(buybacks, ['buyback', 'buyback', 'buyback', 'buyback']);
    const outcomes = await race(
      servers.map((s) => s.url),
      attempts,
    );
    expect(outcomes).toHaveLength(attempts.length);
    expect(outcomeProblems(outcomes)).toEqual([]);
    const { client } = await checkDatabase(buybacks);
    try {
      // bigint: a string through a plain pg client.
      const balances = await client.query<{ balance: string }>(
        'SELECT balance FROM users WHERE id = ANY($1)',
        [buybacks.users.map((u) => u.id)],
      );
      // 70% of 1,000 cents per license, every license of every user returned once.
      const perUser =
        Math.floor((buybacks.priceCents * buybacks.buybackRatePct) / 100) *
        buybacks.contentIds.length;
      expect(new Set(balances.rows.map((r) => Number(r.balance)))).toEqual(new Set([perUser]));
    } finally {
      await client.end();
    }
  });

  it('trade-in upgrades racing buybacks: one privilege, of the winner’s kind', async () => {
    const attempts = attemptsFor(
      upgrades,
      ['trade_in', 'buyback', 'trade_in', 'trade_in'],
      'buyback',
    );
    const outcomes = await race(
      servers.map((s) => s.url),
      attempts,
    );
    expect(outcomeProblems(outcomes)).toEqual([]);
    const { client, states } = await checkDatabase(upgrades);
    try {
      const winners = new Map(
        outcomes.filter((o) => o.status === 201).map((o) => [o.attempt.item.licenseId, o]),
      );
      const mismatched = [...states.values()].filter((s) => {
        const kind = winners.get(s.licenseId)?.attempt.kind;
        return s.privileges[0] !== (kind === 'trade_in' ? 'upgrade' : 'points');
      });
      expect(mismatched).toEqual([]);
      // Both kinds won somewhere, or the race did not race.
      expect(new Set([...winners.values()].map((o) => o.attempt.kind))).toEqual(
        new Set(['trade_in', 'buyback']),
      );
      // Each user holds at most one license per content (the newest version, once).
      const doubles = await client.query(
        `SELECT user_id, content_id FROM licenses WHERE user_id = ANY($1)
          GROUP BY 1, 2 HAVING count(*) > 1`,
        [upgrades.users.map((u) => u.id)],
      );
      expect(doubles.rows).toEqual([]);
    } finally {
      await client.end();
    }
    for (const server of servers) {
      expect(server.child.exitCode, server.output()).toBeNull();
      expect(server.output()).not.toMatch(/unhandled error/);
    }
  });
});
