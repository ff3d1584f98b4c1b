import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';

// The demo user's six items, as the table files them by title: "The Quiet Shelf" under Q.
const BY_TITLE = [
  'Harbor Sketches',
  'Night Market Loops',
  'Pixel Garden',
  'Pocket Typesetting Guide',
  'The Quiet Shelf',
  'Tide Tables 2026',
];

test.describe('library table', () => {
  test('sorts, resizes, hides and reorders columns, and remembers them after a restart', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);
    await library.layout('Table');
    await expect(library.table()).toBeVisible();
    expect(await library.headers()).toEqual([
      'Title',
      'Creator',
      'Kind',
      'Version',
      'Purchased',
      'Price',
      'Return deadline',
      'Size',
      'On this device',
      'State',
      'Tags',
    ]);
    await expect.poll(() => library.rowTitles()).toEqual(BY_TITLE);
    await expect(library.row('Pixel Garden')).toContainText('Studio Fern');
    await expect(library.row('Pixel Garden')).toContainText('Image');

    // Sorted in the store: creator ascending, then descending.
    await library.sortByHeader('Creator');
    await expect.poll(async () => (await library.rowTitles())[0]).toBe('The Quiet Shelf');
    await expect(
      library.table().getByRole('columnheader').filter({ hasText: 'Creator' }),
    ).toHaveAttribute('aria-sort', 'ascending');
    await library.sortByHeader('Creator');
    await expect.poll(async () => (await library.rowTitles())[0]).toBe('Night Market Loops');
    await expect(
      library.table().getByRole('columnheader').filter({ hasText: 'Creator' }),
    ).toHaveAttribute('aria-sort', 'descending');

    // Resized by dragging, hidden and moved through the column menu.
    const before = await library.columnWidth('Creator');
    await library.resize('Creator', 120);
    await expect.poll(() => library.columnWidth('Creator')).toBeGreaterThan(before + 100);
    const widened = await library.columnWidth('Creator');
    await library.toggleColumn('Tags');
    await library.moveColumn('Size', 'earlier');
    await library.moveColumn('Size', 'earlier');
    const arranged = [
      'Title',
      'Creator',
      'Kind',
      'Version',
      'Purchased',
      'Size',
      'Price',
      'Return deadline',
      'On this device',
      'State',
    ];
    await expect.poll(() => library.headers()).toEqual(arranged);
    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    await shell.expectAccessible();
    await shell.screenshot('library-table');

    // A restart: a new core on the same store, a new host on a new port (a fresh localStorage).
    await page.waitForTimeout(500); // the view's save is debounced; let it reach the core
    await app.restartApp();
    await page.goto(app.loginUrl());
    await expect(library.table()).toBeVisible();
    await expect.poll(() => library.headers()).toEqual(arranged);
    await expect.poll(async () => (await library.rowTitles())[0]).toBe('Night Market Loops');
    expect(Math.abs((await library.columnWidth('Creator')) - widened)).toBeLessThan(3);
    await expect(
      library.table().getByRole('columnheader').filter({ hasText: 'Creator' }),
    ).toHaveAttribute('aria-sort', 'descending');

    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
    await shell.screenshot('library-table-dark');
  });

  test('reorders headers by dragging them and from the keyboard, and remembers it after a restart', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);
    await library.layout('Table');
    await expect(library.table()).toBeVisible();

    // A drag onto Creator's left half puts Version before it; the bar shows where it will land.
    await library.dragHeader('Version', 'Creator', 'before', () =>
      shell.screenshot('library-table-header-drag'),
    );
    const dragged = [
      'Title',
      'Version',
      'Creator',
      'Kind',
      'Purchased',
      'Price',
      'Return deadline',
      'Size',
      'On this device',
      'State',
      'Tags',
    ];
    await expect.poll(() => library.headers()).toEqual(dragged);
    // The release was a drag, not a click on Version's sort button.
    await expect(library.headerCell('Version')).not.toHaveAttribute('aria-sort');
    await expect.poll(async () => (await library.rowTitles())[0]).toBe('Harbor Sketches');

    // And onto the right half of one.
    await library.dragHeader('Title', 'Creator', 'after');
    await expect
      .poll(async () => (await library.headers()).slice(0, 3))
      .toEqual(['Version', 'Creator', 'Title']);
    await library.dragHeader('Title', 'Version', 'before');
    await expect.poll(() => library.headers()).toEqual(dragged);

    // The keyboard: Alt+Left on a focused header moves it one place, said to screen readers,
    // and the focus stays with it.
    const kind = library.table().getByRole('button', { name: 'Kind', exact: true });
    await kind.focus();
    await page.keyboard.press('Alt+ArrowLeft');
    const moved = ['Title', 'Version', 'Kind', 'Creator', ...dragged.slice(4)];
    await expect.poll(() => library.headers()).toEqual(moved);
    await expect(
      page.getByRole('status').filter({ hasText: 'Kind moved to position 3 of 11' }),
    ).toBeAttached();
    await expect(kind).toBeFocused();
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Alt+ArrowRight');
    const final = ['Title', 'Version', 'Creator', 'Purchased', 'Kind', ...dragged.slice(5)];
    await expect.poll(() => library.headers()).toEqual(final);
    await expect(
      page.getByRole('status').filter({ hasText: 'Kind moved to position 5 of 11' }),
    ).toBeAttached();
    await shell.expectAccessible();

    // The Columns menu lists the same order (with the hidden "Date added" kept in its place).
    await library.openColumns();
    const menu = page.getByRole('group', { name: 'Table columns' }).locator('label.check');
    expect((await menu.allInnerTexts()).map((name) => name.trim())).toEqual([
      ...final.slice(0, 3),
      'Date added',
      ...final.slice(3),
    ]);

    await page.waitForTimeout(500); // the view's save is debounced; let it reach the core
    await app.restartApp();
    await page.goto(app.loginUrl());
    await expect(library.table()).toBeVisible();
    await expect.poll(() => library.headers()).toEqual(final);
  });

  test('selects with the mouse and the keyboard, in the grid and the table', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);

    // Grid: Ctrl-click adds, Shift-click takes the range, a plain click still opens.
    await library.item('Harbor Sketches').click({ modifiers: ['ControlOrMeta'] });
    await expect(library.bulkBar()).toContainText('1 item selected');
    await library.item('Pocket Typesetting Guide').click({ modifiers: ['Shift'] });
    await expect(library.bulkBar()).toContainText('4 items selected');
    await library.item('Night Market Loops').click({ modifiers: ['ControlOrMeta'] });
    await expect(library.bulkBar()).toContainText('3 items selected');
    await expect(library.selected()).toHaveCount(3);
    await shell.screenshot('library-grid-selection');
    await shell.expectAccessible();

    // Keyboard: Escape lets go, Space picks, Shift+arrows extend, Ctrl+A takes everything.
    await library.item('Harbor Sketches').focus();
    await page.keyboard.press('Escape');
    await expect(library.bulkBar()).toBeHidden();
    await page.keyboard.press('Space');
    await expect(library.bulkBar()).toContainText('1 item selected');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(library.bulkBar()).toContainText('3 items selected');
    await expect(library.item('Pixel Garden')).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await expect(library.bulkBar()).toContainText('6 items selected');
    await page.keyboard.press('Escape');
    await expect(library.bulkBar()).toBeHidden();

    // Table: a click on a row selects it (only it), Shift+arrow extends from there, Ctrl-click
    // adds; the title's link still opens the item.
    await library.layout('Table');
    await library.row('Pixel Garden').getByRole('gridcell').nth(1).click();
    await expect(library.bulkBar()).toContainText('1 item selected');
    await library.item('Pixel Garden').focus();
    await page.keyboard.press('Shift+ArrowDown');
    await expect(library.bulkBar()).toContainText('2 items selected');
    await expect(library.row('Pocket Typesetting Guide')).toHaveAttribute('aria-selected', 'true');
    await expect(library.item('Pocket Typesetting Guide')).toBeFocused();
    await library
      .row('Tide Tables 2026')
      .getByRole('gridcell')
      .nth(2)
      .click({
        modifiers: ['ControlOrMeta'],
      });
    await expect(library.bulkBar()).toContainText('3 items selected');
    await expect(library.row('Pixel Garden')).toHaveAttribute('aria-selected', 'true');
    await expect(library.row('Harbor Sketches')).toHaveAttribute('aria-selected', 'false');
    await shell.expectAccessible();
    await shell.screenshot('library-table-selection');
  });

  test('acts on a selection: tag, export, download and remove the local copies', async ({
    page,
  }) => {
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);
    await library.layout('Table');
    await library.row('Pixel Garden').getByRole('gridcell').nth(1).click();
    await library
      .row('Harbor Sketches')
      .getByRole('gridcell')
      .nth(1)
      .click({
        modifiers: ['ControlOrMeta'],
      });
    await expect(library.bulkBar()).toContainText('2 items selected');

    await library.bulk('Tag…').click();
    const dialog = page.getByRole('dialog', { name: 'Tag 2 items' });
    await dialog.getByRole('textbox', { name: 'Tag' }).fill('#bad');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await expect(dialog).toContainText('A tag is letters, digits');
    await dialog.getByRole('textbox', { name: 'Tag' }).fill('to frame');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await expect(library.bulkBar()).toContainText('Tagged 2 items “to frame”.');
    await expect(library.row('Pixel Garden')).toContainText('to frame');
    await expect(library.row('Harbor Sketches')).toContainText('to frame');

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      library.bulk('Export CSV').click(),
    ]);
    const csv = await readFile((await file.path()) ?? '', 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(csv).toContain('Pixel Garden,Studio Fern,image');
    expect(csv).toContain('to frame');

    await library.bulk('Download').click();
    await expect(library.bulkBar()).toContainText('2 items on this device.');
    await expect(library.row('Pixel Garden').getByRole('gridcell').nth(8)).toHaveText('Yes');
    await library.bulk('Remove local copy').click();
    const confirm = page.getByRole('dialog', { name: 'Remove local copies' });
    await confirm.getByRole('button', { name: 'Remove local copies' }).click();
    await expect(library.bulkBar()).toContainText('Removed 2 local copies.');
    await expect(library.row('Pixel Garden').getByRole('gridcell').nth(8)).toHaveText('No');
    await expect(library.row('Pixel Garden')).toContainText('Active');

    // The tag filter lists the tag with its count and narrows the list to it.
    await library.filterTag('to frame (2)');
    await expect(library.table().getByTestId('library-item')).toHaveCount(2);
  });

  test('searches by field and keeps saved searches', async ({ page, app }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);
    await library.search('kind:image');
    await expect(library.items()).toHaveCount(2);
    await library.saveSearch('Pictures');
    await library.search('creator:ada');
    await expect(library.items()).toHaveCount(1);
    await expect(library.item('The Quiet Shelf')).toBeVisible();
    await library.search('kind:ebook tide');
    await expect(library.items()).toHaveCount(1);
    await expect(library.item('Tide Tables 2026')).toBeVisible();
    await library.search('kind:vinyl');
    await expect(page.getByText('Not understood: kind:vinyl')).toBeVisible();
    await library.search('');
    await expect(library.items()).toHaveCount(6);

    await library.chooseSavedSearch('Pictures');
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('kind:image');
    await expect(library.items()).toHaveCount(2);
    await shell.expectAccessible();
    await shell.screenshot('library-saved-search');

    // Kept in the encrypted store: there after a restart.
    await app.restartApp();
    await page.goto(app.loginUrl());
    await library.chooseSavedSearch('Pictures');
    await expect(library.items()).toHaveCount(2);
    await page.getByRole('button', { name: 'Delete the saved search Pictures' }).click();
    await expect(page.getByRole('combobox', { name: 'Saved search' })).not.toContainText(
      'Pictures',
    );
  });

  test("shows the catalog's covers before download and the content's own after, in grid and table", async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.items()).toHaveCount(6);
    const products = app.demo.seed.products;
    // The seed owns Harbor Sketches v2 and the first version of the others.
    const owned = {
      epub: products['quiet-shelf']?.contentIds[0] ?? '',
      image: products['harbor-sketches']?.contentIds[1] ?? '',
      audio: products['night-market']?.contentIds[0] ?? '',
      pdf: products['typesetting']?.contentIds[0] ?? '',
    };
    // What the catalog serves for an item, as the page shows it.
    const catalogCover = async (contentId: string) => {
      const answer = await fetch(`${app.serverUrl}/v1/catalog/${contentId}/cover`);
      expect(answer.status).toBe(200);
      return `data:image/png;base64,${Buffer.from(await answer.arrayBuffer()).toString('base64')}`;
    };
    const catalog = {
      epub: await catalogCover(owned.epub),
      image: await catalogCover(owned.image),
      audio: await catalogCover(owned.audio),
      pdf: await catalogCover(owned.pdf),
    };
    const cover = (title: string) => library.item(title).getByTestId('cover-image');
    const rowCover = (title: string) => library.row(title).getByTestId('cover-image');

    // Nothing on this device yet: every item shows its catalog cover (fetched after the
    // sign-in's sync), not the letter tile.
    for (const title of BY_TITLE) await expect(cover(title)).toBeVisible();
    await expect(cover('The Quiet Shelf')).toHaveAttribute('src', catalog.epub);
    await expect(cover('Night Market Loops')).toHaveAttribute('src', catalog.audio);
    await shell.expectAccessible();
    await shell.screenshot('library-catalog-covers');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.screenshot('library-catalog-covers-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await library.layout('Table');
    for (const title of BY_TITLE) await expect(rowCover(title)).toBeVisible();
    await expect(rowCover('Pocket Typesetting Guide')).toHaveAttribute('src', catalog.pdf);
    await shell.expectAccessible();
    await shell.screenshot('library-table-catalog-covers');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.screenshot('library-table-catalog-covers-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Downloaded: the content's own cover replaces the catalog's (an EPUB's, an image, a PDF's
    // first page drawn by the page); the demo audio has no artwork and keeps the catalog's.
    await library.layout('Grid');
    for (const contentId of Object.values(owned)) {
      expect((await app.invoke('content.download', { contentId })).ok).toBe(true);
    }
    await expect(cover('The Quiet Shelf')).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect(cover('The Quiet Shelf')).not.toHaveAttribute('src', catalog.epub);
    await expect(cover('Harbor Sketches')).not.toHaveAttribute('src', catalog.image);
    await expect(cover('Pocket Typesetting Guide')).not.toHaveAttribute('src', catalog.pdf);
    await expect(cover('Night Market Loops')).toHaveAttribute('src', catalog.audio);
    await shell.expectAccessible();
    await shell.screenshot('library-covers');

    await library.layout('Table');
    await expect(rowCover('The Quiet Shelf')).not.toHaveAttribute('src', catalog.epub);
    await expect(rowCover('Pixel Garden')).toBeVisible();
    await shell.screenshot('library-table-covers');
  });
});
