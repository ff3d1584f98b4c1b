import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawCover } from '../../../server/seed/cover-image';
import { pngDeclaring } from '../../fixtures/images';
import { publishProduct } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import { ENGINES, call, ok, startTestServer } from '../../fixtures/server-harness';

const png = drawCover('Cover Test');
const sha256 = createHash('sha256').update(png).digest('hex');

describe.each(ENGINES)('catalog covers (GET /v1/catalog/:id/cover) on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('names the cover on the item and in the catalog page, and serves its bytes with an ETag', async () => {
    const product = await publishProduct(ts, {
      title: 'Cover Test',
      cover: { mime: 'image/png', base64: png.toString('base64') },
    });
    const contentId = product.contentIds[0] ?? '';
    const item = await ok(ts.url, 'getCatalogItem', { params: { contentId } });
    expect(item.cover).toEqual({ sha256, size: png.length, mime: 'image/png' });
    const page = await ok(ts.url, 'listCatalog', { query: { q: 'Cover Test' } });
    expect(page.items.find((i) => i.contentId === contentId)?.cover?.sha256).toBe(sha256);

    const answer = await fetch(`${ts.url}/v1/catalog/${contentId}/cover`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.headers.get('etag')).toBe(`"${sha256}"`);
    expect(answer.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(Buffer.from(await answer.arrayBuffer()).equals(png)).toBe(true);

    // A client holding it asks again with its ETag: no body.
    const again = await fetch(`${ts.url}/v1/catalog/${contentId}/cover`, {
      headers: { 'if-none-match': `"${sha256}"` },
    });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const changed = await fetch(`${ts.url}/v1/catalog/${contentId}/cover`, {
      headers: { 'if-none-match': '"0000"' },
    });
    expect(changed.status).toBe(200);
  });

  it('answers 404 for an item without a cover, and the item names none', async () => {
    const product = await publishProduct(ts);
    const contentId = product.contentIds[0] ?? '';
    expect((await ok(ts.url, 'getCatalogItem', { params: { contentId } })).cover).toBeUndefined();
    const answer = await fetch(`${ts.url}/v1/catalog/${contentId}/cover`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses a cover that is not the image type it claims, publishing nothing', async () => {
    const answer = await call(ts.url, 'adminPublish', {
      token: ts.adminToken,
      body: {
        title: 'Not A Picture',
        creator: 'Test Creator',
        kind: 'ebook',
        priceCents: 100,
        mime: 'text/plain',
        fileBase64: Buffer.from('text').toString('base64'),
        cover: { mime: 'image/jpeg', base64: png.toString('base64') },
      },
    });
    expect(answer.status).toBe(400);
    const page = await ok(ts.url, 'listCatalog', { query: { q: 'Not A Picture' } });
    expect(page.items).toEqual([]);
  });

  it('refuses a cover whose header declares more than 4096 pixels on a side (IMAGE_TOO_LARGE)', async () => {
    const huge = pngDeclaring(100_000, 100_000);
    const answer = await call(ts.url, 'adminPublish', {
      token: ts.adminToken,
      body: {
        title: 'Huge Picture',
        creator: 'Test Creator',
        kind: 'ebook',
        priceCents: 100,
        mime: 'text/plain',
        fileBase64: Buffer.from('text').toString('base64'),
        cover: { mime: 'image/png', base64: huge.toString('base64') },
      },
    });
    expect(answer.status).toBe(422);
    const problem = answer.answer.json as {
      code: string;
      title: string;
      errors?: { message: string }[];
    };
    expect(problem.title).toMatch(/at most 4096 pixels wide/);
    expect(problem.code).toBe('IMAGE_TOO_LARGE');
    expect(problem.errors?.[0]?.message).toMatch(/100000×100000 pixels/);
    const page = await ok(ts.url, 'listCatalog', { query: { q: 'Huge Picture' } });
    expect(page.items).toEqual([]);
  });
});
