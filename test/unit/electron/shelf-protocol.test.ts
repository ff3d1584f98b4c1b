import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShelfProtocolHandler } from '../../../main/electron/shelf-protocol';
import type { FirstScreenSeed } from '../../../shared/ipc/first-screen-seed';
import { fakeCore } from './fake-core';

const rendererDir = mkdtempSync(path.join(tmpdir(), 'shelf-renderer-'));
mkdirSync(path.join(rendererDir, 'assets'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(tmpdir(), 'shelf-secret.txt'), 'secret');

const id = '0b7c6d0e-1111-4222-8333-444455556666';
const bytes = Buffer.from('0123456789abcdefghij');
const { core } = fakeCore({ [id]: { mime: 'audio/mpeg', bytes } });
const hostile = '</script><script>alert(1)</script>';
const seed: FirstScreenSeed = {
  answers: [{ channel: 'tags.list', input: {}, output: { tags: [{ tag: hostile, items: 1 }] } }],
};
const handle = createShelfProtocolHandler({
  openContent: core.openContent,
  firstScreenSeed: () => Promise.resolve(seed),
  rendererDir,
});
const get = (url: string, headers: Record<string, string> = {}) =>
  handle(new Request(url, { headers }));

describe('the shelf:// protocol', () => {
  it('serves the renderer with the CSP, and index.html for client routes', async () => {
    const index = await get('shelf://app/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await (await get('shelf://app/library/grid')).text()).toContain('<title>app</title>');
    // The first screen's answers, in a data block no value can close (first-screen-seed.ts).
    const html = await (await get('shelf://app/index.html')).text();
    expect(html.match(/<script/g)).toHaveLength(1);
    const block = /<script type="application\/json" id="shelf-first-screen">(.*)<\/script>/.exec(
      html,
    );
    expect(JSON.parse(block?.[1] ?? 'null')).toEqual(seed);
    expect((await get('shelf://app/assets/app.js')).headers.get('content-type')).toMatch(
      /javascript/,
    );
  });

  it('serves index.html without the answers when they could not be made', async () => {
    const failing = createShelfProtocolHandler({
      openContent: core.openContent,
      firstScreenSeed: () => Promise.reject(new Error('the store is closing')),
      rendererDir,
    });
    const index = await failing(new Request('shelf://app/index.html'));
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<title>app</title>');
    expect(html).not.toContain('shelf-first-screen');
  });

  it('never serves a file outside the renderer folder', async () => {
    expect((await get('shelf://app/..%2fshelf-secret.txt')).status).toBe(404);
    expect((await get('shelf://app/assets/%2e%2e%2f%2e%2e%2fshelf-secret.txt')).status).toBe(404);
    expect((await get('shelf://app/missing.js')).status).toBe(404);
  });

  it('streams a content whole, and single byte ranges for media', async () => {
    const whole = await get(`shelf://app/bridge/content/${id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);

    const part = await get(`shelf://app/bridge/content/${id}`, { Range: 'bytes=5-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-9/${bytes.length}`);
    expect(await part.text()).toBe('56789');

    expect(
      await (await get(`shelf://app/bridge/content/${id}`, { Range: 'bytes=-3' })).text(),
    ).toBe('hij');
    expect((await get(`shelf://app/bridge/content/${id}`, { Range: 'bytes=50-' })).status).toBe(
      416,
    );
  });

  it('answers a content the core refuses with its status, not a crash', async () => {
    const refused = await get('shelf://app/bridge/content/0b7c6d0e-0000-4222-8333-444455556666');
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/not on this device/);
    expect(
      (await handle(new Request(`shelf://app/bridge/content/${id}`, { method: 'POST', body: 'x' })))
        .status,
    ).toBe(405);
  });
});
