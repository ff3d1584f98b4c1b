import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/index';
import { placesPageSchema } from '../../../shared/api/places';
import { tempDir } from '../../fixtures/core-fixtures';
import {
  openTestCore,
  registerUser,
  startLicenseServer,
  type TestCore,
} from '../../fixtures/core-integration';

const serverDir = tempDir('shelf-server-').path;
let server: RunningServer;
let port: number;
const cores: TestCore[] = [];

beforeAll(async () => {
  server = await startLicenseServer({ dataDir: serverDir });
  port = server.port;
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await server?.close();
});

/** The user's places as the server holds them (read from another session). */
async function serverPlaces(user: { email: string; password: string }) {
  const login = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, deviceId: randomUUID(), deviceName: 'checker' }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${server.url}/v1/places?after=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return placesPageSchema.parse(await response.json());
}

/** Two devices of a new user, both holding the demo item `product`. */
async function twoDevices(product: string) {
  const user = await registerUser(server);
  const a = await openTestCore(server.url);
  const b = await openTestCore(server.url);
  cores.push(a, b);
  await a.core.handlers['account.signIn'](user);
  await b.core.handlers['account.signIn'](user);
  const contentId = server.demo?.products[product]?.contentIds[0] ?? '';
  await a.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
  await b.core.handlers['sync.now']({});
  return { user, a, b, contentId };
}

/**
 * The license server as a version from before places was: every request goes to the real server,
 * except /v1/places, which answers the 404 problem the real server gives for a route it lacks.
 */
async function serverWithoutPlaces(target: string): Promise<{ url: string; close: () => void }> {
  const missing = await fetch(`${target}/v1/no-such-route`);
  const missingBody = await missing.text();
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url?.startsWith('/v1/places')) {
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end(missingBody);
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
          headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${target}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, body })
        .then(async (answer) => {
          response.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${proxyPort}`, close: () => http.close() };
}

describe('places across devices (docs/design.md §11.4)', () => {
  it('a server from before places: the rest syncs, and the places stay on the device', async () => {
    const older = await serverWithoutPlaces(server.url);
    try {
      const user = await registerUser(server);
      const device = await openTestCore(older.url);
      cores.push(device);
      await device.core.handlers['account.signIn'](user);
      const contentId = server.demo?.products['short-stories']?.contentIds[0] ?? '';
      await device.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
      await device.core.handlers['places.setPosition']({ contentId, position: '9' });
      expect(await device.core.handlers['sync.now']({})).toMatchObject({ lastError: null });
      expect((await device.core.handlers['places.get']({ contentId })).position).toBe('9');
      expect((await serverPlaces(user)).positions).toEqual([]);
    } finally {
      older.close();
    }
  });

  it('a position and bookmarks made on A are on B after a sync, and so is a later deletion', async () => {
    const { a, b, contentId } = await twoDevices('short-stories');
    await a.core.handlers['places.setPosition']({ contentId, position: 'epubcfi(/6/6!/4/2/1:0)' });
    const mark = await a.core.handlers['places.addBookmark']({
      contentId,
      position: 'epubcfi(/6/4!/4/2/1:0)',
      label: 'The harbour',
    });
    await a.core.handlers['sync.now']({});
    b.events.length = 0;
    await b.core.handlers['sync.now']({});
    expect(await b.core.handlers['places.get']({ contentId })).toEqual({
      position: 'epubcfi(/6/6!/4/2/1:0)',
      bookmarks: [mark],
    });
    // An open viewer on B is told, so the new bookmark shows without reopening.
    expect(b.events).toContainEqual({
      event: 'places.changed',
      payload: { contentIds: [contentId] },
    });
    b.events.length = 0;
    await b.core.handlers['sync.now']({});
    expect(b.events.map((e) => e.event)).not.toContain('places.changed');

    // B moves on and deletes the bookmark: the later change wins on A.
    await b.core.handlers['places.setPosition']({ contentId, position: 'epubcfi(/6/8!/4/2/1:0)' });
    expect(await b.core.handlers['places.deleteBookmark']({ bookmarkId: mark.bookmarkId })).toEqual(
      { deleted: true },
    );
    await b.core.handlers['sync.now']({});
    await a.core.handlers['sync.now']({});
    expect(await a.core.handlers['places.get']({ contentId })).toEqual({
      position: 'epubcfi(/6/8!/4/2/1:0)',
      bookmarks: [],
    });
  });

  it('changes made while the server is down stay on the device, across a restart, and go out when it is back', async () => {
    const { user, a, b, contentId } = await twoDevices('typesetting');
    await server.close();
    await a.core.handlers['places.setPosition']({ contentId, position: '4@1.5' });
    await a.core.handlers['places.addBookmark']({ contentId, position: '2@1', label: 'Page 2' });
    const down = await a.core.handlers['sync.now']({});
    expect(down).toMatchObject({ online: false, lastError: { code: 'SERVER_UNREACHABLE' } });

    const reopened = await a.reopen();
    cores.push(reopened);
    expect((await reopened.core.handlers['places.get']({ contentId })).position).toBe('4@1.5');
    server = await startLicenseServer({ dataDir: serverDir, port });
    expect(await reopened.core.handlers['sync.now']({})).toMatchObject({ lastError: null });
    expect((await serverPlaces(user)).positions).toEqual([
      expect.objectContaining({ contentId, position: '4@1.5' }),
    ]);
    await b.core.handlers['sync.now']({});
    expect(await b.core.handlers['places.get']({ contentId })).toMatchObject({
      position: '4@1.5',
      bookmarks: [expect.objectContaining({ label: 'Page 2', position: '2@1' })],
    });
  });

  it("another user signing in on the device does not see or sync the previous user's places", async () => {
    const { a, contentId } = await twoDevices('lighthouse-poster');
    await a.core.handlers['places.setPosition']({ contentId, position: '1' });
    await a.core.handlers['places.addBookmark']({ contentId, position: '1', label: 'Top' });
    const other = await registerUser(server);
    await a.core.handlers['account.signIn'](other);
    expect(await a.core.handlers['places.get']({ contentId })).toEqual({
      position: null,
      bookmarks: [],
    });
    expect(await a.core.handlers['sync.now']({})).toMatchObject({ lastError: null });
    expect(await serverPlaces(other)).toMatchObject({ positions: [], bookmarks: [] });
  });

  it('a return deletes the places here, on the server and on the other device, even its unsent ones', async () => {
    const { user, a, b, contentId } = await twoDevices('pixel-garden');
    await a.core.handlers['places.setPosition']({ contentId, position: '12' });
    await a.core.handlers['places.addBookmark']({ contentId, position: '3', label: 'Soup' });
    await a.core.handlers['sync.now']({});
    await b.core.handlers['sync.now']({});
    // B moves before it hears of the return: that change must not outlive the item.
    await b.core.handlers['places.setPosition']({ contentId, position: '14' });

    const result = await a.core.handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(result.status).toBe('confirmed');
    expect(await a.core.handlers['places.get']({ contentId })).toEqual({
      position: null,
      bookmarks: [],
    });
    expect(await serverPlaces(user)).toMatchObject({ positions: [], bookmarks: [] });

    await b.core.handlers['sync.now']({});
    expect(await b.core.handlers['places.get']({ contentId })).toEqual({
      position: null,
      bookmarks: [],
    });
    expect(await serverPlaces(user)).toMatchObject({ positions: [], bookmarks: [] });
    await expect(
      (async () => a.core.handlers['places.setPosition']({ contentId, position: '1' }))(),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
