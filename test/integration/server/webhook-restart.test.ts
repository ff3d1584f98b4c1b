import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAttempts } from '../../../server/db/webhooks';
import { verifyWebhook } from '../../../server/index';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import type { EngineName } from '../../fixtures/server-harness';
import { createPgDatabase } from '../../fixtures/pg-database';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import { startWebhookReceiver } from '../../fixtures/server-webhook-receiver';

const SECRET = 'restart-secret-0123456789';

describe.each(ENGINES)('webhook outbox on %s', (engine: EngineName) => {
  it('a delivery that failed before a restart is retried and delivered after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shelf-server-restart-'));
    const database = engine === 'postgres' ? await createPgDatabase() : undefined;
    const keep = { dataDir, databaseUrl: database?.url };
    // Down until the restart: the attempts fail on the network, on a port the test holds all
    // along (one given up and bound again later may meanwhile be another process's).
    const receiver = await startWebhookReceiver({ down: true });
    try {
      const first = await startTestServer(engine, {
        keep,
        webhooks: { pollMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
      });
      await ok(first.url, 'adminAddWebhook', {
        token: first.adminToken,
        body: { url: receiver.url, secret: SECRET },
      });
      const product = await publishProduct(first);
      const user = await newUser(first);
      const bought = await buy(first, user, product.contentIds[0] ?? '');
      const returnId = randomUUID();
      await ok(first.url, 'createReturn', {
        token: user.token,
        body: {
          returnId,
          licenseId: bought.license.licenseId,
          kind: 'buyback',
          deviceId: user.deviceId,
        },
      });
      // The receiver cuts every connection: wait until at least two attempts failed and were recorded.
      const deliveryId = await (async () => {
        for (let i = 0; i < 400; i++) {
          const rows = await first.server.context.db
            .selectFrom('webhook_deliveries')
            .select(['id', 'attempts'])
            .execute();
          const row = rows[0];
          if (row && row.attempts >= 2) return row.id;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('no failed attempts recorded');
      })();
      await first.close();

      receiver.up();
      const second = await startTestServer(engine, { keep, adminToken: first.adminToken });
      try {
        const [hook] = await receiver.waitFor(1);
        expect(
          hook && verifyWebhook(SECRET, hook, hook.rawBody, Math.floor(Date.now() / 1000)),
        ).toBe(true);
        expect(hook?.rawBody).toContain(returnId);
        const attempts = await listAttempts(second.server.context.db, deliveryId);
        for (let i = 0; i < 200 && attempts.at(-1)?.status !== 204; i++) {
          await new Promise((r) => setTimeout(r, 50));
          attempts.splice(
            0,
            attempts.length,
            ...(await listAttempts(second.server.context.db, deliveryId)),
          );
        }
        expect(attempts.length).toBeGreaterThanOrEqual(3);
        expect(attempts.slice(0, -1).every((a) => a.status === null && a.error)).toBe(true);
        expect(attempts.at(-1)?.status).toBe(204);
        const metrics = await fetch(`${second.url}/metrics`).then((r) => r.text());
        expect(metrics).toContain('shelf_webhook_backlog 0');
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
