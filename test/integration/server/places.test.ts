import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bookmark, PlacesPage, Position } from '../../../shared/api/places';
import { LABEL_MAX_CHARS, PLACES_BATCH, POSITION_MAX_CHARS } from '../../../shared/api/places';
import { buy, givePoints, publishProduct, returnLicense } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';

const at = (minute: number) => `2026-11-29T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe.each(ENGINES)('places sync (PUT/GET /v1/places) on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** A user holding one new item, bought with points. */
  async function holder(): Promise<{ user: TestUser; contentId: string; licenseId: string }> {
    const user = await newUser(ts);
    await givePoints(ts, user, 5000);
    const product = await publishProduct(ts, { priceCents: 1000 });
    const contentId = product.contentIds[0] ?? '';
    const bought = await buy(ts, user, contentId, 1000);
    return { user, contentId, licenseId: bought.license.licenseId };
  }

  const push = (user: TestUser, positions: Position[], bookmarks: Bookmark[] = []) =>
    ok(ts.url, 'pushPlaces', { token: user.token, body: { positions, bookmarks } });

  async function pullAll(user: TestUser, after = 0, limit = PLACES_BATCH): Promise<PlacesPage[]> {
    const pages: PlacesPage[] = [];
    for (;;) {
      const page = await ok(ts.url, 'listPlaces', { token: user.token, query: { after, limit } });
      pages.push(page);
      after = page.lastRev;
      if (!page.hasMore) return pages;
    }
  }

  const bookmark = (contentId: string, change: Partial<Bookmark> = {}): Bookmark => ({
    bookmarkId: randomUUID(),
    contentId,
    position: 'epubcfi(/6/8!/4/2/1:0)',
    label: 'Chapter 3',
    createdAt: at(1),
    updatedAt: at(1),
    deleted: false,
    ...change,
  });

  it('keeps the newest position of each item: last writer wins on the device time', async () => {
    const { user, contentId } = await holder();
    expect(await push(user, [{ contentId, position: '5', updatedAt: at(5) }])).toEqual({
      stored: 1,
      ignored: 0,
    });
    // An older change from a device that was offline loses; a newer one wins.
    expect(await push(user, [{ contentId, position: '2', updatedAt: at(2) }])).toEqual({
      stored: 0,
      ignored: 1,
    });
    let [page] = await pullAll(user);
    expect(page?.positions).toEqual([{ contentId, position: '5', updatedAt: at(5) }]);
    await push(user, [{ contentId, position: '9', updatedAt: '2026-11-29T11:09:00+01:00' }]);
    [page] = await pullAll(user);
    expect(page?.positions).toEqual([{ contentId, position: '9', updatedAt: at(9) }]);
  });

  it('answers only what changed after a revision, in pages, both kinds in one order', async () => {
    const { user, contentId } = await holder();
    const first = await pullAll(user);
    const start = first.at(-1)?.lastRev ?? 0;
    expect(first.at(-1)).toMatchObject({ positions: [], bookmarks: [], hasMore: false });
    const marks = [1, 2, 3, 4].map((n) =>
      bookmark(contentId, { label: `Mark ${n}`, updatedAt: at(n) }),
    );
    await push(user, [{ contentId, position: '1', updatedAt: at(1) }], marks);
    const pages = await pullAll(user, start, 2);
    expect(pages.map((p) => p.positions.length + p.bookmarks.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.bookmarks.map((b) => b.label))).toEqual(
      marks.map((m) => m.label),
    );
    expect(pages.flatMap((p) => p.positions)).toHaveLength(1);
    // Nothing after the last revision.
    const last = pages.at(-1)?.lastRev ?? 0;
    expect(await ok(ts.url, 'listPlaces', { token: user.token, query: { after: last } })).toEqual({
      positions: [],
      bookmarks: [],
      lastRev: last,
      hasMore: false,
    });
  });

  it('keeps a deleted bookmark as a tombstone that an older edit cannot bring back', async () => {
    const { user, contentId } = await holder();
    const mark = bookmark(contentId);
    await push(user, [], [mark]);
    await push(user, [], [{ ...mark, deleted: true, updatedAt: at(4) }]);
    expect(await push(user, [], [{ ...mark, label: 'Renamed', updatedAt: at(3) }])).toEqual({
      stored: 0,
      ignored: 1,
    });
    const [page] = await pullAll(user);
    expect(page?.bookmarks).toEqual([{ ...mark, deleted: true, updatedAt: at(4) }]);
  });

  it('ignores places of items the user does not hold, and never shows one user another’s', async () => {
    const { user, contentId } = await holder();
    const other = await holder();
    expect(
      await push(user, [
        { contentId: other.contentId, position: 'x', updatedAt: at(1) },
        { contentId: randomUUID(), position: 'y', updatedAt: at(1) },
      ]),
    ).toEqual({ stored: 0, ignored: 2 });
    await push(user, [{ contentId, position: 'mine', updatedAt: at(1) }]);
    const [theirs] = await pullAll(other.user);
    expect(theirs?.positions).toEqual([]);
    // A bookmark id taken by another item is not that bookmark.
    const mark = bookmark(contentId);
    await push(user, [], [mark]);
    const second = await holder();
    expect(await push(user, [], [{ ...mark, contentId: second.contentId }])).toMatchObject({
      stored: 0,
    });
  });

  it('counts a time ahead of the server as now, so a wrong clock cannot win forever', async () => {
    const { user, contentId } = await holder();
    await push(user, [{ contentId, position: 'future', updatedAt: '2999-01-01T00:00:00.000Z' }]);
    const [page] = await pullAll(user);
    const stored = page?.positions[0];
    expect(stored?.position).toBe('future');
    expect(Date.parse(stored?.updatedAt ?? '')).toBeLessThanOrEqual(Date.now());
    await push(user, [{ contentId, position: 'now', updatedAt: new Date().toISOString() }]);
    const [after] = await pullAll(user);
    expect(after?.positions[0]?.position).toBe('now');
  });

  it("deletes the item's places when its license is returned", async () => {
    const { user, contentId, licenseId } = await holder();
    await push(user, [{ contentId, position: '7', updatedAt: at(7) }], [bookmark(contentId)]);
    await returnLicense(ts, user, licenseId);
    const [page] = await pullAll(user);
    expect(page).toMatchObject({ positions: [], bookmarks: [] });
    // Changes sent later by a device that had not synced yet are not stored either.
    expect(await push(user, [{ contentId, position: '8', updatedAt: at(8) }])).toEqual({
      stored: 0,
      ignored: 1,
    });
  });

  it('a push racing a return never leaves places of the returned item', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 50_000);
    for (let round = 0; round < 8; round++) {
      const product = await publishProduct(ts, { priceCents: 1000 });
      const contentId = product.contentIds[0] ?? '';
      const { license } = await buy(ts, user, contentId, 1000);
      const [, pushed] = await Promise.all([
        returnLicense(ts, user, license.licenseId),
        push(
          user,
          [{ contentId, position: `${round}`, updatedAt: new Date().toISOString() }],
          [bookmark(contentId, { updatedAt: new Date().toISOString() })],
        ),
      ]);
      // Either order is fine: stored before the return (then deleted by it) or refused after.
      expect(pushed.stored + pushed.ignored).toBe(2);
    }
    const pages = await pullAll(user);
    expect(pages.flatMap((p) => [...p.positions, ...p.bookmarks])).toEqual([]);
  });

  it('takes a full batch with every text at its longest (the body limit fits the schema)', async () => {
    const user = await newUser(ts);
    // Control characters: JSON escapes each as six bytes, the worst case.
    const long = (n: number) => '\u0001'.repeat(n);
    const time = new Date().toISOString();
    const body = {
      positions: Array.from({ length: PLACES_BATCH }, () => ({
        contentId: randomUUID(),
        position: long(POSITION_MAX_CHARS),
        updatedAt: time,
      })),
      bookmarks: Array.from({ length: PLACES_BATCH }, () =>
        bookmark(randomUUID(), {
          position: long(POSITION_MAX_CHARS),
          label: long(LABEL_MAX_CHARS),
        }),
      ),
    };
    expect(JSON.stringify(body).length).toBeGreaterThan(2_000_000);
    // Nothing is held, so nothing is stored; what matters is that the server read it all.
    expect(await ok(ts.url, 'pushPlaces', { token: user.token, body })).toEqual({
      stored: 0,
      ignored: 2 * PLACES_BATCH,
    });
  });

  it('refuses a bad body with a clear problem and stores nothing', async () => {
    const { user, contentId } = await holder();
    const answer = await call(ts.url, 'pushPlaces', {
      token: user.token,
      body: {
        positions: [
          { contentId, position: 'ok', updatedAt: at(1) },
          { contentId, position: '', updatedAt: 'yesterday' },
        ],
        bookmarks: [],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.answer.json).toMatchObject({ code: 'VALIDATION_FAILED' });
    const [page] = await pullAll(user);
    expect(page?.positions).toEqual([]);
  });
});
