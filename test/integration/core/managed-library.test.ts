import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { encodePng } from '../../../server/seed/files/png';
import {
  licenseServerPerFile,
  openTestCore,
  registerUser,
  type TestCore,
} from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

function content(key: string): string {
  const id = suite.server.demo?.products[key]?.contentIds[0];
  if (!id) throw new Error(`demo content ${key} missing`);
  return id;
}

async function libraryOf(keys: string[]): Promise<TestCore> {
  const test = await openTestCore(suite.server.url);
  suite.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  for (const key of keys) {
    await test.core.handlers['store.buy']({ contentId: content(key), pointsToUse: 0 });
  }
  return test;
}

const list = { sort: 'title', direction: 'asc', offset: 0, limit: 100 } as const;

describe('a library people manage (real license server)', () => {
  it('tags items, filters by tag and creator, and keeps saved searches', async () => {
    const test = await libraryOf(['quiet-shelf', 'harbor-sketches', 'tide-tables']);
    const { handlers } = test.core;
    const quiet = content('quiet-shelf');
    const tide = content('tide-tables');

    expect(
      await handlers['tags.apply']({ contentIds: [quiet, tide], add: ['to read'], remove: [] }),
    ).toEqual({ changed: 2 });
    expect(test.events.some((e) => e.event === 'library.changed')).toBe(true);
    expect((await handlers['tags.list']({})).tags).toEqual([{ tag: 'to read', items: 2 }]);
    const tagged = await handlers['library.list']({ ...list, tag: 'to read' });
    expect(tagged.total).toBe(2);
    expect(tagged.items.map((item) => item.tags)).toEqual([['to read'], ['to read']]);
    expect(await handlers['library.list']({ ...list, creator: 'NO SUCH CREATOR' })).toEqual({
      items: [],
      total: 0,
    });
    const creator = tagged.items[0]?.creator ?? '';
    const byCreator = await handlers['library.list']({ ...list, creator: creator.toUpperCase() });
    expect(byCreator.items.map((item) => item.creator)).toContain(creator);

    const saved = await handlers['searches.save']({ name: 'Reading', query: 'tag:"to read"' });
    expect((await handlers['searches.list']({})).searches).toEqual([saved]);
    // Saved searches and tags live in the encrypted store: they survive a restart.
    const reopened = await test.reopen();
    suite.cores.push(reopened);
    expect((await reopened.core.handlers['searches.list']({})).searches).toEqual([saved]);
    expect((await reopened.core.handlers['library.get']({ contentId: tide })).tags).toEqual([
      'to read',
    ]);
    expect(await reopened.core.handlers['searches.delete']({ id: saved.id })).toEqual({
      deleted: true,
    });
    expect((await reopened.core.handlers['searches.list']({})).searches).toEqual([]);
  });

  it('selects all, exports the chosen items and removes local copies only', async () => {
    const test = await libraryOf(['quiet-shelf', 'harbor-sketches']);
    const { handlers } = test.core;
    const all = await handlers['library.ids']({ sort: 'title', direction: 'desc' });
    expect(all.contentIds).toHaveLength(2);
    const page = await handlers['library.list']({ ...list, direction: 'desc' });
    expect(all.contentIds).toEqual(page.items.map((item) => item.contentId));

    const exported = await handlers['library.exportCsv']({ contentIds: all.contentIds });
    const lines = exported.csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'title,creator,kind,version,purchased_at,price_cents,return_deadline,size_bytes,on_this_device,state,tags,content_id',
    );
    expect(lines).toHaveLength(3);
    expect(exported.csv).toContain('The Quiet Shelf');

    for (const contentId of all.contentIds) await handlers['content.download']({ contentId });
    const vault = join(test.dataDir, 'vault');
    // Two contents and their two covers (an EPUB's and an image's).
    expect(readdirSync(vault)).toHaveLength(4);
    expect(await handlers['content.removeLocal']({ contentIds: all.contentIds })).toEqual({
      removed: 2,
    });
    expect(readdirSync(vault)).toHaveLength(2);
    const after = await handlers['library.list'](list);
    expect(after.total).toBe(2);
    expect(after.items.every((item) => !item.downloaded && item.state === 'active')).toBe(true);
    // Nothing left to remove: a second call removes nothing and fails nothing.
    expect(await handlers['content.removeLocal']({ contentIds: all.contentIds })).toEqual({
      removed: 0,
    });
    // And each can come back.
    await handlers['content.download']({ contentId: all.contentIds[0] ?? '' });
    expect(readdirSync(vault)).toHaveLength(3);
  });

  it('keeps covers from EPUBs and images at download, encrypted, and only while the item stays', async () => {
    const test = await libraryOf(['quiet-shelf', 'pixel-garden', 'night-market']);
    const { handlers } = test.core;
    const ids = ['quiet-shelf', 'pixel-garden', 'night-market'].map(content);
    for (const contentId of ids) await handlers['content.download']({ contentId });
    const items = (await handlers['library.list'](list)).items;
    const covered = Object.fromEntries(items.map((item) => [item.title, item.hasCover]));
    // The demo audio carries no artwork: its letter tile stays.
    expect(covered).toEqual({
      'The Quiet Shelf': true,
      'Pixel Garden': true,
      'Night Market Loops': false,
    });
    const epubCover = await handlers['library.cover']({ contentId: ids[0] ?? '' });
    expect(epubCover.dataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(await handlers['library.cover']({ contentId: ids[2] ?? '' })).toEqual({
      dataUrl: null,
      fromCatalog: false,
    });
    // Encrypted in the vault: no PNG signature in any vault file.
    const vault = join(test.dataDir, 'vault');
    expect(readdirSync(vault)).toHaveLength(5);
    for (const file of readdirSync(vault)) {
      expect(readFileSync(join(vault, file)).includes(Buffer.from('IHDR'))).toBe(false);
    }

    // Removing the local copy keeps the cover; a restart's orphan sweep keeps it too.
    await handlers['content.removeLocal']({ contentIds: [ids[1] ?? ''] });
    const reopened = await test.reopen();
    suite.cores.push(reopened);
    expect(
      (await reopened.core.handlers['library.cover']({ contentId: ids[1] ?? '' })).dataUrl,
    ).toMatch(/^data:image\/png;base64,/);
    expect(readdirSync(vault)).toHaveLength(4);

    // A return takes the cover with the item.
    const options = await reopened.core.handlers['returns.options']({ contentId: ids[0] ?? '' });
    const kind = options.quote?.options[0]?.kind ?? 'buyback';
    await reopened.core.handlers['returns.request']({
      contentId: ids[0] ?? '',
      kind,
      ...(options.quote ? { quoteId: options.quote.quoteId } : {}),
    });
    expect(readdirSync(vault)).toHaveLength(2);
  });

  it("lists the user's devices, renames and removes another one, which signs it out", async () => {
    const user = await registerUser(suite.server);
    const here = await openTestCore(suite.server.url);
    const there = await openTestCore(suite.server.url);
    suite.cores.push(here, there);
    await here.core.handlers['account.signIn'](user);
    await there.core.handlers['account.signIn'](user);
    const listed = (await here.core.handlers['devices.list']({})).devices;
    expect(listed).toHaveLength(2);
    expect(listed.filter((device) => device.current)).toHaveLength(1);
    const other = listed.find((device) => !device.current);
    expect(
      await here.core.handlers['devices.rename']({ deviceId: other?.id ?? '', name: 'Tablet' }),
    ).toMatchObject({ id: other?.id, name: 'Tablet', current: false });
    await here.core.handlers['devices.remove']({ deviceId: other?.id ?? '' });
    expect((await here.core.handlers['devices.list']({})).devices).toHaveLength(1);
    // The removed device's session is gone: its next call to the server asks for a sign-in.
    await expect(there.core.handlers['devices.list']({})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await there.core.handlers['account.get']({})).signedIn).toBe(false);
  });

  it("keeps a PDF's first page drawn by the page, and refuses anything else", async () => {
    const test = await libraryOf(['typesetting', 'pixel-garden']);
    const { handlers } = test.core;
    const pdf = content('typesetting');
    const png = `data:image/png;base64,${encodePng(3, 4, () => [10, 20, 30]).toString('base64')}`;
    // Not on this device yet, then not a PNG, then not a PDF: each refused with a reason.
    await expect(
      handlers['library.setCover']({ contentId: pdf, dataUrl: png }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await handlers['content.download']({ contentId: pdf });
    await expect(
      handlers['library.setCover']({ contentId: pdf, dataUrl: 'data:image/png;base64,AAAA' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const image = content('pixel-garden');
    await handlers['content.download']({ contentId: image });
    await expect(
      handlers['library.setCover']({ contentId: image, dataUrl: png }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await handlers['library.setCover']({ contentId: pdf, dataUrl: png })).toEqual({
      kept: true,
    });
    expect((await handlers['library.cover']({ contentId: pdf })).dataUrl).toBe(png);
    // Kept once: a second drawing is not taken.
    expect(await handlers['library.setCover']({ contentId: pdf, dataUrl: png })).toEqual({
      kept: false,
    });
  });

  it('remembers the library view in the settings store', async () => {
    const test = await libraryOf([]);
    const view: LibraryView = {
      layout: 'table',
      sort: 'size',
      direction: 'desc',
      columns: { order: ['size', 'title'], hidden: ['tags'], widths: { title: 320 } },
    };
    await test.core.handlers['settings.set']({ libraryView: view });
    const reopened = await test.reopen();
    suite.cores.push(reopened);
    expect((await reopened.core.handlers['settings.get']({})).libraryView).toEqual(view);
  });
});
