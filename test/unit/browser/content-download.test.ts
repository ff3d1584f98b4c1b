import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveContent } from '../../../main/browser/content-route';

const bytes = Buffer.from('{"name":"tool"}');
let server: Server;
let origin = '';

beforeAll(async () => {
  // The route over a real HTTP server; the opened content stands for the core's decrypted stream.
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const kind = url.pathname.endsWith('/book') ? 'ebook' : 'software';
    void serveContent(
      res,
      () =>
        Promise.resolve({
          kind,
          mime: 'application/json',
          size: bytes.length,
          title: 'Tööl "Pro" (2)',
          stream: Readable.from([bytes]),
        }),
      'id',
      undefined,
      false,
      () => undefined,
      url.searchParams.get('download') === '1',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the browser host’s content route', () => {
  it('serves a content inline for the viewer', async () => {
    const response = await fetch(`${origin}/bridge/content/id`);
    expect(response.headers.get('content-disposition')).toBe('inline');
  });

  it('serves a package as an attachment named after the item when asked to download it', async () => {
    const response = await fetch(`${origin}/bridge/content/id?download=1`);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="T__l -Pro- (2).json"; filename*=UTF-8''T%C3%B6%C3%B6l%20-Pro-%20%282%29.json`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('refuses to hand out any other kind of content as a file', async () => {
    const response = await fetch(`${origin}/bridge/content/book?download=1`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(((await response.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });
});
