import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buy } from '../../fixtures/server-catalog';
import { newUser, ok, startTestServer } from '../../fixtures/server-harness';

describe('graceful shutdown', () => {
  it('lets an in-flight download finish, then refuses new connections', async () => {
    const ts = await startTestServer('sqlite');
    const file = randomBytes(3 * 1024 * 1024);
    const item = await ok(ts.url, 'adminPublish', {
      token: ts.adminToken,
      body: {
        title: 'Big',
        creator: 'c',
        kind: 'video',
        priceCents: 0,
        mime: 'video/mp4',
        fileBase64: file.toString('base64'),
      },
    });
    const user = await newUser(ts);
    await buy(ts, user, item.contentId);

    // Read the first chunk, pause, close the server meanwhile, then read the rest.
    const received = await new Promise<Buffer>((resolve, reject) => {
      const url = new URL(`${ts.url}/v1/contents/${item.contentId}/file`);
      const req = request(url, { headers: { authorization: `Bearer ${user.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        let closing: Promise<void> | undefined;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (!closing) {
            res.pause();
            closing = ts.close();
            setTimeout(() => res.resume(), 200);
          }
        });
        res.on('end', () => {
          void closing?.then(() => resolve(Buffer.concat(chunks)), reject);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(received.equals(file)).toBe(true);
    await expect(fetch(`${ts.url}/healthz`)).rejects.toThrow();
  });
});
