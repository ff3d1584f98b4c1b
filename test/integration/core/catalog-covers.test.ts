import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CoreLogger } from '../../../main/core/app-core-api';
import { drawCover } from '../../../server/seed/cover-image';
import { encodePng } from '../../../server/seed/files/png';
import { pngDeclaring } from '../../fixtures/images';
import {
  licenseServerPerFile,
  openTestCore,
  registerUser,
  type TestCore,
} from '../../fixtures/core-integration';

const suite = licenseServerPerFile();
const list = { sort: 'title', direction: 'asc', offset: 0, limit: 100 } as const;

function content(key: string): string {
  const id = suite.server.demo?.products[key]?.contentIds[0];
  if (!id) throw new Error(`demo content ${key} missing`);
  return id;
}

const dataUrlOf = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

async function buyer(serverUrl: string, keys: string[], logger?: CoreLogger): Promise<TestCore> {
  const test = await openTestCore(serverUrl, undefined, undefined, {
    catalogCovers: true,
    ...(logger ? { logger } : {}),
  });
  suite.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  for (const key of keys) {
    await test.core.handlers['store.buy']({ contentId: content(key), pointsToUse: 0 });
  }
  return test;
}

/**
 * Waits for what the covers fetched beside the sync must come to (they are not part of the
 * sync's run): polls until `check` passes.
 */
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 30_000, interval: 25 });

const covered = async (test: TestCore) =>
  Object.fromEntries(
    (await test.core.handlers['library.list'](list)).items.map((item) => [
      item.title,
      item.hasCover,
    ]),
  );

/**
 * A misbehaving catalog in front of the real server: every request goes through to it, except
 * the cover of the content ids in `bad`, answered with what the test says.
 */
const proxies: Server[] = [];
afterAll(async () => {
  for (const proxy of proxies) await new Promise((done) => proxy.close(done));
});
interface BadAnswer {
  type: string;
  body: Buffer;
  etag?: string;
  status?: number;
  /** Sends the body a byte at a time, over and over, never ending the answer. */
  trickle?: boolean;
}
async function badCatalog(bad: Map<string, BadAnswer>): Promise<{
  url: string;
  asked: Map<string, number>;
  /** Content ids whose trickled answer the app hung up on. */
  hungUp: Set<string>;
  close(): Promise<void>;
}> {
  const target = new URL(suite.server.url);
  const asked = new Map<string, number>();
  const hungUp = new Set<string>();
  const proxy = createServer((req, res) => {
    const id = /^\/v1\/catalog\/([^/]+)\/cover$/.exec(req.url ?? '')?.[1];
    if (id) asked.set(id, (asked.get(id) ?? 0) + 1);
    const answer = id ? bad.get(id) : undefined;
    if (answer) {
      res.writeHead(answer.status ?? 200, {
        'content-type': answer.type,
        ...(answer.etag ? { etag: answer.etag } : {}),
      });
      if (!answer.trickle) {
        res.end(answer.body);
        return;
      }
      let at = 0;
      const drip = setInterval(() => res.write(answer.body.subarray(at, ++at)), 20);
      res.on('close', () => {
        clearInterval(drip);
        if (id) hungUp.add(id);
      });
      return;
    }
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    req.pipe(forward);
  });
  proxies.push(proxy);
  await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    asked,
    hungUp,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((done) => proxy.close(done));
      proxies.splice(proxies.indexOf(proxy), 1);
    },
  };
}

describe('catalog covers in the app (real license server)', () => {
  it('fetches a catalog cover for items not downloaded, gives way to the content’s own, keeps it offline', async () => {
    const server = await badCatalog(new Map());
    const test = await buyer(server.url, ['quiet-shelf', 'night-market']);
    const { handlers } = test.core;
    const [quiet, night] = [content('quiet-shelf'), content('night-market')];
    const titles = { [quiet]: 'The Quiet Shelf', [night]: 'Night Market Loops' };

    // Fetched after the sync, shown for items not on this device, encrypted in the vault.
    await until(async () => {
      expect(await covered(test)).toEqual({ 'Night Market Loops': true, 'The Quiet Shelf': true }); // The page is told when the round ends.
      expect(
        test.events.some(
          (e) =>
            e.event === 'library.changed' && (e.payload as { reason: string }).reason === 'covers',
        ),
      ).toBe(true);
    });
    const before = (await handlers['library.list'](list)).items;
    expect(before.map((item) => [item.title, item.downloaded, item.hasCover])).toEqual([
      ['Night Market Loops', false, true],
      ['The Quiet Shelf', false, true],
    ]);
    for (const id of [quiet, night]) {
      expect(await handlers['library.cover']({ contentId: id })).toEqual({
        dataUrl: dataUrlOf(drawCover(titles[id] ?? '')),
        fromCatalog: true,
      });
    }
    const vault = join(test.dataDir, 'vault');
    expect(readdirSync(vault)).toHaveLength(2);
    for (const file of readdirSync(vault)) {
      expect(readFileSync(join(vault, file)).includes(Buffer.from('IHDR'))).toBe(false);
    }

    // Downloaded: the EPUB's own cover replaces the catalog's, whose file goes; the audio has
    // none of its own and keeps the catalog's.
    await handlers['content.download']({ contentId: quiet });
    await handlers['content.download']({ contentId: night });
    const own = await handlers['library.cover']({ contentId: quiet });
    expect(own.fromCatalog).toBe(false);
    expect(own.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(own.dataUrl).not.toBe(dataUrlOf(drawCover('The Quiet Shelf')));
    expect((await handlers['library.cover']({ contentId: night })).fromCatalog).toBe(true);
    // Two contents, the EPUB's own cover and the audio's catalog cover.
    expect(readdirSync(vault)).toHaveLength(4);

    // A later sync does not put the catalog's back, nor ask again.
    await handlers['sync.now']({});
    expect(await handlers['library.cover']({ contentId: quiet })).toEqual(own);
    // Removing the local copy keeps the content's own cover.
    await handlers['content.removeLocal']({ contentIds: [quiet] });
    await handlers['sync.now']({});
    expect(await handlers['library.cover']({ contentId: quiet })).toEqual(own);
    expect(readdirSync(vault)).toHaveLength(3);

    // Offline (the server out of reach) and after a restart: what was fetched still shows.
    await server.close();
    const offline = await test.reopen();
    suite.cores.push(offline);
    expect((await offline.core.handlers['sync.now']({})).online).toBe(false);
    expect(
      (await offline.core.handlers['library.list'](list)).items.map((item) => item.hasCover),
    ).toEqual([true, true]);
    expect(await offline.core.handlers['library.cover']({ contentId: night })).toEqual({
      dataUrl: dataUrlOf(drawCover('Night Market Loops')),
      fromCatalog: true,
    });
    expect(await offline.core.handlers['library.cover']({ contentId: quiet })).toEqual(own);
  });

  it('fetches covers for items that arrive by sync, bought on another device', async () => {
    const user = await registerUser(suite.server);
    const here = await openTestCore(suite.server.url, undefined, undefined, {
      catalogCovers: true,
    });
    const there = await openTestCore(suite.server.url);
    suite.cores.push(here, there);
    await here.core.handlers['account.signIn'](user);
    await there.core.handlers['account.signIn'](user);
    await there.core.handlers['store.buy']({ contentId: content('tide-tables'), pointsToUse: 0 });
    await here.core.handlers['sync.now']({});
    await until(async () => {
      expect(await covered(here)).toEqual({ 'Tide Tables 2026': true });
    });
    expect(
      (await here.core.handlers['library.cover']({ contentId: content('tide-tables') }))
        .fromCatalog,
    ).toBe(true);
  });

  it("takes a downloaded PDF's drawn first page over its catalog cover", async () => {
    const test = await buyer(suite.server.url, ['typesetting']);
    const { handlers } = test.core;
    const pdf = content('typesetting');
    await until(async () => {
      expect((await handlers['library.cover']({ contentId: pdf })).fromCatalog).toBe(true);
    });
    await handlers['content.download']({ contentId: pdf });
    // A drawing whose header declares more than the app decodes for a cover is refused.
    await expect(
      handlers['library.setCover']({ contentId: pdf, dataUrl: dataUrlOf(pngDeclaring(240, 5000)) }),
    ).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    const drawn = `data:image/png;base64,${encodePng(3, 4, () => [10, 20, 30]).toString('base64')}`;
    expect(await handlers['library.setCover']({ contentId: pdf, dataUrl: drawn })).toEqual({
      kept: true,
    });
    expect(await handlers['library.cover']({ contentId: pdf })).toEqual({
      dataUrl: drawn,
      fromCatalog: false,
    });
    // The PDF and its drawn cover: the catalog's file is gone.
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(2);
    expect(await handlers['library.setCover']({ contentId: pdf, dataUrl: drawn })).toEqual({
      kept: false,
    });
  });

  it('refuses, once, a cover that is not what it claims or too large, and the sync stands', async () => {
    const [quiet, pixel, tide, harbor] = [
      'quiet-shelf',
      'pixel-garden',
      'tide-tables',
      'harbor-sketches',
    ].map(content);
    const png = drawCover('Bad Cover');
    const huge = pngDeclaring(100_000, 100_000);
    const bad = new Map([
      // Not a PNG by its signature.
      [
        quiet ?? '',
        { type: 'image/png', body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
      ],
      // Larger than the catalog's 1 MiB limit: cut, not held whole.
      [
        pixel ?? '',
        { type: 'image/png', body: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]) },
      ],
      // A type the page would not show as a cover.
      [tide ?? '', { type: 'image/svg+xml', body: png }],
      // The server's own bytes (its ETag matches) declaring an image too large to decode.
      [
        harbor ?? '',
        {
          type: 'image/png',
          body: huge,
          etag: `"${createHash('sha256').update(huge).digest('hex')}"`,
        },
      ],
    ]);
    const catalog = await badCatalog(bad);
    const refused: unknown[] = [];
    const logger: CoreLogger = {
      info: () => {},
      error: () => {},
      warn: (message, fields) => {
        if (message === 'a catalog cover was refused') refused.push(fields);
      },
    };
    const test = await buyer(
      catalog.url,
      ['quiet-shelf', 'pixel-garden', 'tide-tables', 'harbor-sketches', 'night-market'],
      logger,
    );
    const { handlers } = test.core;
    const status = await handlers['sync.now']({});
    expect(status.lastError).toBeNull();
    // Each bad one refused with its reason; only the good one (the real server's) is kept.
    await until(async () => {
      expect(refused).toHaveLength(4);
      expect((await covered(test))['Night Market Loops']).toBe(true);
    });
    expect(refused).toEqual(
      expect.arrayContaining([
        { contentId: quiet, reason: 'not a image/png by its signature' },
        { contentId: pixel, reason: 'too large' },
        { contentId: tide, reason: 'type image/svg+xml is not a cover type' },
        {
          contentId: harbor,
          reason: 'IMAGE_TOO_LARGE: 100000×100000 pixels is over 4096 on a side',
        },
      ]),
    );
    expect(await covered(test)).toEqual({
      'Harbor Sketches': false,
      'Night Market Loops': true,
      'Pixel Garden': false,
      'The Quiet Shelf': false,
      'Tide Tables 2026': false,
    });
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(1);

    // Asked once: the covers fetched after a later purchase's sync (which would now be good) do
    // not ask for the refused ones again.
    bad.clear();
    await handlers['store.buy']({ contentId: content('ambient-rain'), pointsToUse: 0 });
    await handlers['sync.now']({});
    await until(async () => {
      expect((await covered(test))['Ambient Rain']).toBe(true);
    });
    for (const id of [quiet, pixel, tide, harbor]) expect(catalog.asked.get(id ?? '')).toBe(1);
    expect(Object.values(await covered(test)).filter(Boolean)).toHaveLength(2);
  });

  it('asks again later for an answer that may not be the server’s own or came damaged', async () => {
    const png = drawCover('Cut Short');
    const cases: [string, BadAnswer][] = [
      // Bytes that are not the ones its ETag names (cut or changed on the way).
      ['harbor-sketches', { type: 'image/png', body: png, etag: `"${'0'.repeat(64)}"` }],
      // A captive portal's page.
      [
        'quiet-shelf',
        { type: 'text/html', body: Buffer.from('<html>Sign in to the Wi-Fi</html>') },
      ],
      // A 404 that is not the license server's "no cover" (a proxy, a server without the route).
      ['pixel-garden', { type: 'text/plain', body: Buffer.from('Not Found'), status: 404 }],
    ];
    for (const [key, answer] of cases) {
      const id = content(key);
      const bad = new Map([[id, answer]]);
      const catalog = await badCatalog(bad);
      const test = await buyer(catalog.url, [key]);
      expect((await test.core.handlers['sync.now']({})).lastError).toBeNull();
      await until(async () => expect(catalog.asked.get(id)).toBe(1));
      expect(Object.values(await covered(test))).toEqual([false]);
      // Once the server's own answer comes through, the next sync's round keeps the cover.
      bad.clear();
      expect((await test.core.handlers['sync.now']({})).lastError).toBeNull();
      await until(async () => expect(Object.values(await covered(test))).toEqual([true]));
      expect(catalog.asked.get(id)).toBe(2);
    }
  });

  it('ends the cover request in flight when the app closes, however slowly the server answers', async () => {
    const id = content('quiet-shelf');
    // An answer that never ends: closing that waited for it would never finish (nor this test).
    const catalog = await badCatalog(
      new Map([[id, { type: 'image/png', body: drawCover('Slow'), trickle: true }]]),
    );
    const test = await buyer(catalog.url, ['quiet-shelf']);
    await until(async () => expect(catalog.asked.get(id)).toBe(1));
    await test.core.close();
    // The request was ended by the app, not by the server, and nothing of it was kept.
    await until(async () => expect(catalog.hungUp.has(id)).toBe(true));
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(0);
  });

  it('answers the Store’s cards with the catalog cover, checked like the library’s', async () => {
    const [quiet, tide] = ['quiet-shelf', 'tide-tables'].map(content);
    const huge = pngDeclaring(100_000, 100_000);
    const etag = `"${createHash('sha256').update(huge).digest('hex')}"`;
    const catalog = await badCatalog(
      new Map([[tide ?? '', { type: 'image/png', body: huge, etag }]]),
    );
    const test = await buyer(catalog.url, []);
    const { handlers } = test.core;
    const served = await fetch(`${suite.server.url}/v1/catalog/${quiet}/cover`);
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(await handlers['store.cover']({ contentId: quiet ?? '' })).toEqual({
      dataUrl: `data:image/png;base64,${bytes.toString('base64')}`,
    });
    // A cover the library would refuse is not shown on the card either.
    expect(await handlers['store.cover']({ contentId: tide ?? '' })).toEqual({ dataUrl: null });
    // Remembered in memory: paging back through the Store does not ask the server again.
    await handlers['store.cover']({ contentId: quiet ?? '' });
    await handlers['store.cover']({ contentId: tide ?? '' });
    expect(catalog.asked.get(quiet ?? '')).toBe(1);
    expect(catalog.asked.get(tide ?? '')).toBe(1);
    // Nothing of it is written to this device.
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(0);
  });
});
