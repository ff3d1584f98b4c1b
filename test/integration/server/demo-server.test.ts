import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_BALANCE, DEMO_USER } from '../../../server/index';
import { call, http, ok } from '../../fixtures/server-harness';
import { spawnServer } from '../../fixtures/server-process';
import { offered } from '../../fixtures/server-catalog';

describe('npm run server with SHELF_DEMO=1 (SQLite, demo seed, SIGTERM)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-server-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two starts, each hashing the demo password at the production scrypt cost.
  it(
    'seeds a demo catalog and user at first start, prints the admin token once, stops cleanly',
    { timeout: 90_000 },
    async () => {
      const server = await spawnServer({
        SHELF_DATA_DIR: dataDir,
        SHELF_ADMIN_TOKEN: '',
        SHELF_DEMO: '1',
      });
      let keyId: string | undefined;
      try {
        const adminToken = /admin token: (\S{20,})/.exec(server.output())?.[1] ?? '';
        expect(server.output()).toContain(`${DEMO_USER.email} / ${DEMO_USER.password}`);
        expect((await call(server.url, 'adminListWebhooks', { token: adminToken })).status).toBe(
          200,
        );

        const catalog = await ok(server.url, 'listCatalog', {
          query: { limit: 100, latestOnly: 'true' },
        });
        expect(catalog.items.length).toBeGreaterThanOrEqual(12);
        expect(new Set(catalog.items.map((i) => i.kind)).size).toBeGreaterThanOrEqual(4);
        expect(catalog.items.filter((i) => i.latestVersion >= 2).length).toBeGreaterThanOrEqual(4);
        expect(catalog.items.some((i) => i.latestVersion === 3)).toBe(true);
        const mimes = new Set(catalog.items.map((i) => i.file.mime));
        for (const mime of [
          'text/plain',
          'text/markdown',
          'image/png',
          'application/pdf',
          'application/epub+zip',
          'audio/wav',
        ])
          expect(mimes).toContain(mime);

        const session = await ok(server.url, 'login', {
          body: {
            email: DEMO_USER.email,
            password: DEMO_USER.password,
            deviceId: randomUUID(),
            deviceName: 'test',
          },
        });
        const token = session.token;
        expect((await ok(server.url, 'wallet', { token })).balance).toBe(DEMO_BALANCE);
        const { licenses } = await ok(server.url, 'listLicenses', { token });
        expect(licenses.length).toBeGreaterThanOrEqual(4);
        const closed = licenses.find((l) => l.content.title === 'Tide Tables 2026');
        const refused = await call(server.url, 'returnQuote', {
          token,
          params: { licenseId: closed?.licenseId ?? '' },
        });
        expect(refused.answer.json).toMatchObject({
          status: 'refused',
          refusal: { code: 'RETURN_WINDOW_CLOSED', freesAt: null },
        });
        const upgradable = licenses.find((l) => l.content.title === 'The Quiet Shelf');
        const quote = offered(
          await ok(server.url, 'returnQuote', {
            token,
            params: { licenseId: upgradable?.licenseId ?? '' },
          }),
        );
        expect(quote.options.map((o) => o.privilege.type).sort()).toEqual(['points', 'upgrade']);

        const magic: Record<string, string> = {
          'image/png': '89504e47',
          'application/pdf': '25504446',
          'audio/wav': '52494646',
          'application/epub+zip': '504b0304',
        };
        for (const license of licenses) {
          const prefix = magic[license.content.file.mime];
          if (!prefix) continue;
          const file = await fetch(`${server.url}/v1/contents/${license.content.contentId}/file`, {
            headers: { authorization: `Bearer ${token}` },
          });
          expect(
            Buffer.from(await file.arrayBuffer())
              .subarray(0, 4)
              .toString('hex'),
          ).toBe(prefix);
        }
        keyId = (await ok(server.url, 'licenseKey')).keyId;
      } finally {
        expect(await server.stop()).toBe(0);
      }

      const again = await spawnServer({
        SHELF_DATA_DIR: dataDir,
        SHELF_ADMIN_TOKEN: '',
        SHELF_DEMO: '1',
      });
      try {
        expect(again.output()).toContain('not shown again');
        expect((await ok(again.url, 'licenseKey')).keyId).toBe(keyId);
        const catalog = await ok(again.url, 'listCatalog', {
          query: { limit: 100, latestOnly: 'true' },
        });
        expect(catalog.items).toHaveLength(14);
        expect((await http(again.url, 'GET', '/healthz')).status).toBe(200);
      } finally {
        expect(await again.stop()).toBe(0);
      }
    },
  );
});
