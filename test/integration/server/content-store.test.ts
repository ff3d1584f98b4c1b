import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentStore } from '../../../server/content/content-store';
import { FileContentStore } from '../../../server/content/file-content-store';
import { S3ContentStore } from '../../../server/content/s3-content-store';
import { readContentStoreSetting } from '../../../server/config/content-store-setting';
import { openContentStore } from '../../../server/content/open-content-store';
import type { S3TestServer } from '../../fixtures/s3-server';
import { startS3Server } from '../../fixtures/s3-server';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One contract, run against every implementation: what the download route relies on. */
function contract(name: string, open: () => Promise<ContentStore>) {
  describe(`${name} content store`, () => {
    let store: ContentStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close?.());

    it('stores bytes under their sha256 and reads them back whole', async () => {
      const bytes = randomBytes(200_000);
      const { sha256, size } = await store.put(bytes);
      expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(size).toBe(bytes.byteLength);
      expect(await store.size(sha256)).toBe(bytes.byteLength);
      expect((await bytesOf(await store.read(sha256))).equals(bytes)).toBe(true);
    });

    it('reads an inclusive byte range', async () => {
      const bytes = randomBytes(10_000);
      const { sha256 } = await store.put(bytes);
      const part = await bytesOf(await store.read(sha256, { start: 1000, end: 1999 }));
      expect(part.equals(bytes.subarray(1000, 2000))).toBe(true);
      const last = await bytesOf(await store.read(sha256, { start: 9999, end: 9999 }));
      expect(last.equals(bytes.subarray(9999))).toBe(true);
    });

    it('is idempotent: the same bytes twice give the same address', async () => {
      const bytes = randomBytes(1000);
      const first = await store.put(bytes);
      const second = await store.put(Buffer.from(bytes));
      expect(second).toEqual(first);
      expect((await bytesOf(await store.read(first.sha256))).equals(bytes)).toBe(true);
    });

    it('answers null for an absent address and rejects reading it', async () => {
      const absent = createHash('sha256').update(randomBytes(16)).digest('hex');
      expect(await store.size(absent)).toBeNull();
      await expect(store.read(absent)).rejects.toThrow();
    });

    it('refuses an address that is not a sha256', async () => {
      await expect(store.size('../../etc/passwd')).rejects.toThrow('invalid content address');
    });
  });
}

const folders: string[] = [];
let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

contract('folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'shelf-contents-'));
  folders.push(folder);
  return Promise.resolve(new FileContentStore(folder));
});

contract('s3', () => {
  const setting = readContentStoreSetting(s3.env('test-prefix'));
  return openContentStore(setting, '/nonexistent');
});

describe('s3 content store', () => {
  it('keeps objects under the configured prefix, apart from another prefix', async () => {
    const bytes = randomBytes(500);
    const a = new S3ContentStore({ ...readS3(s3.env('a')) });
    const b = new S3ContentStore({ ...readS3(s3.env('b')) });
    try {
      const { sha256 } = await a.put(bytes);
      expect(await a.size(sha256)).toBe(500);
      expect(await b.size(sha256)).toBeNull();
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses to open a bucket that does not exist, naming it', async () => {
    // A missing bucket is not a missing file: it must stop the start, not answer 404s later.
    const setting = { ...readS3(s3.env()), bucket: 'no-such-bucket' };
    await expect(openContentStore(setting, '/nonexistent')).rejects.toThrow(
      /bucket "no-such-bucket" \(SHELF_CONTENT_STORE\) cannot be reached/,
    );
    const store = new S3ContentStore(setting);
    try {
      await expect(store.put(Buffer.from('x'))).rejects.toThrow();
    } finally {
      store.close();
    }
  });
});

function readS3(env: Record<string, string>) {
  const setting = readContentStoreSetting(env);
  if (setting.kind !== 's3') throw new Error('expected an s3 setting');
  return setting;
}
