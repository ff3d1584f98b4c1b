import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NIGHT_MARKET_CHAPTERS } from '../../../server/seed/demo-catalog';
import { openTestCore, registerUser, licenseServerPerFile } from '../../fixtures/core-integration';
import { tempDir } from '../../fixtures/core-fixtures';
import type { FolderPicker } from '../../../main/core/library/save-package';
import type { AppCoreOptions } from '../../../main/core/app-core-api';
import { downloadMarker } from '../../../main/core/library/download-mark';

const suite = licenseServerPerFile();

/**
 * A signed-in core owning and holding (downloaded) one version of a demo product. `pickFolder`
 * stands for the user's answer to Electron's dialog: the folder they chose, or null (cancel).
 */
async function holding(
  productKey: string,
  version = 0,
  pickFolder?: FolderPicker,
  extra: Partial<AppCoreOptions> = {},
) {
  const test = await openTestCore(suite.server.url, undefined, undefined, {
    ...(pickFolder ? { pickFolder } : {}),
    ...extra,
  });
  suite.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  const contentId = suite.server.demo?.products[productKey]?.contentIds[version] ?? '';
  await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
  await test.core.handlers['content.download']({ contentId });
  return { test, contentId };
}

describe('audio chapters and artwork from the file (real license server)', () => {
  it('content.open lists the chapters a WAV’s cue points mark, with their times', async () => {
    const { test, contentId } = await holding('night-market');
    const opened = await test.core.handlers['content.open']({ contentId });
    // Version 1's loop is four half-second notes: a chapter every two rounds, 4 s apart.
    expect(opened.chapters).toEqual(
      NIGHT_MARKET_CHAPTERS.map((title, i) => ({ title, start: i * 4 })),
    );
    // No artwork in this file: the letter tile stays.
    expect((await test.core.handlers['library.cover']({ contentId })).dataUrl).toBeNull();
  });

  it('an ID3 tag in a WAV gives chapters and becomes the cover at download', async () => {
    const { test, contentId } = await holding('morning-chimes');
    const opened = await test.core.handlers['content.open']({ contentId });
    expect(opened.chapters.map((chapter) => chapter.title)).toEqual([
      'Bell 1 (523 Hz)',
      'Bell 2 (659 Hz)',
      'Bell 3 (784 Hz)',
    ]);
    expect(opened.chapters.map((chapter) => chapter.start)).toEqual([0, 0.25, 0.5]);
    const { dataUrl } = await test.core.handlers['library.cover']({ contentId });
    expect(dataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(dataUrl?.split(',')[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Kept encrypted in the vault: its bytes appear in no file there.
    const vault = join(test.dataDir, 'vault');
    const files = existsSync(vault) ? readdirSync(vault, { recursive: true }) : [];
    for (const file of files) {
      const path = join(vault, String(file));
      try {
        expect(readFileSync(path).includes(png.subarray(16, 48))).toBe(false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  });

  it('content other than audio has no chapters', async () => {
    const { test, contentId } = await holding('shelf-cli');
    expect((await test.core.handlers['content.open']({ contentId })).chapters).toEqual([]);
  });
});

describe('software packages saved to a folder the user picks', () => {
  it('a manifest package is written as one file named after the item, never overwritten', async () => {
    const folder = tempDir('shelf-save-');
    const { test, contentId } = await holding('shelf-cli', 0, () => Promise.resolve(folder.path));
    const saved = await test.core.handlers['content.saveToFolder']({ contentId });
    expect(saved).toEqual({ method: 'folder', folder: folder.path, files: ['Shelf CLI.json'] });
    expect(JSON.parse(readFileSync(join(folder.path, 'Shelf CLI.json'), 'utf8'))).toMatchObject({
      name: 'shelf-cli',
      version: '1.0.0',
    });
    // Saved again into the same folder: refused, and the file there is left as it is.
    writeFileSync(join(folder.path, 'Shelf CLI.json'), 'mine');
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'FILE_EXISTS',
      message: expect.stringContaining('Shelf CLI.json'),
    });
    expect(readFileSync(join(folder.path, 'Shelf CLI.json'), 'utf8')).toBe('mine');
    folder.remove();
  });

  it('a zip package is unpacked into a new folder named after the item', async () => {
    const folder = tempDir('shelf-save-');
    const { test, contentId } = await holding('shelf-cli', 1, () => Promise.resolve(folder.path));
    const saved = await test.core.handlers['content.saveToFolder']({ contentId });
    expect(saved.method).toBe('folder');
    expect(saved.method === 'folder' && [...saved.files].sort()).toEqual([
      'Shelf CLI/README.md',
      'Shelf CLI/bin/shelf-cli.js',
      'Shelf CLI/manifest.json',
    ]);
    expect(readFileSync(join(folder.path, 'Shelf CLI', 'bin', 'shelf-cli.js'), 'utf8')).toContain(
      'shelf-cli: list, open, search',
    );
    // Its folder exists now: a second save is refused rather than mixed into it.
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
    expect(readdirSync(join(folder.path, 'Shelf CLI')).sort()).toEqual([
      'README.md',
      'bin',
      'manifest.json',
    ]);
    folder.remove();
  });

  it('a cancelled dialog saves nothing; a bad folder is a clear error', async () => {
    let answer: string | null = null;
    const { test, contentId } = await holding('shelf-cli', 0, () => Promise.resolve(answer));
    expect(await test.core.handlers['content.saveToFolder']({ contentId })).toEqual({
      method: 'cancelled',
    });
    const folder = tempDir('shelf-save-');
    answer = join(folder.path, 'missing');
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'FOLDER_INVALID',
      message: expect.stringContaining('does not exist'),
    });
    answer = 'relative/folder';
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'FOLDER_INVALID',
    });
    writeFileSync(join(folder.path, 'a-file'), 'x');
    answer = join(folder.path, 'a-file');
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'FOLDER_INVALID',
      message: expect.stringContaining('not a folder'),
    });
    if (process.getuid?.() !== 0) {
      // A folder the user cannot write to (root could, so the check is skipped as root).
      const locked = join(folder.path, 'locked');
      mkdirSync(locked, { mode: 0o500 });
      answer = locked;
      await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject(
        { code: 'FOLDER_INVALID' },
      );
    }
    folder.remove();
  });

  it('only software is saved this way; without a dialog the package is offered as a download', async () => {
    const { test, contentId } = await holding('night-market');
    await expect(test.core.handlers['content.saveToFolder']({ contentId })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const cli = await holding('shelf-cli', 1);
    expect(
      await cli.test.core.handlers['content.saveToFolder']({ contentId: cli.contentId }),
    ).toEqual({
      method: 'download',
      url: `shelf://content/${cli.contentId}?download=1`,
      filename: 'Shelf CLI.zip',
    });
  });
});

describe('saved packages marked as downloaded from the internet (docs/design.md §11.6)', () => {
  const saveZip = async (markDownload: NonNullable<AppCoreOptions['markDownload']>) => {
    const folder = tempDir('shelf-save-');
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger = {
      info: () => {},
      warn: (message: string, fields?: Record<string, unknown>) =>
        warnings.push({ message, ...(fields ? { fields } : {}) }),
      error: () => {},
    };
    const { test, contentId } = await holding('shelf-cli', 1, () => Promise.resolve(folder.path), {
      markDownload,
      logger,
    });
    const saved = await test.core.handlers['content.saveToFolder']({ contentId });
    return { folder, saved, warnings };
  };

  it('on Windows each saved file gets a Zone.Identifier stream naming the Internet zone', async () => {
    // Written as NTFS would take it, `file:Zone.Identifier`; on this Linux machine the same
    // write makes a file of that name beside it, which is what is read back here.
    const origin = new URL(suite.server.url).origin;
    const { folder, saved } = await saveZip(
      downloadMarker({
        platform: 'win32',
        source: () => ({ origin }),
        now: () => new Date(),
      }),
    );
    expect(saved.method === 'folder' && saved.files.length).toBe(3);
    const root = join(folder.path, 'Shelf CLI');
    for (const file of ['README.md', 'manifest.json', join('bin', 'shelf-cli.js')]) {
      expect(readFileSync(join(root, `${file}:Zone.Identifier`), 'utf8')).toBe(
        `[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=${origin}/\r\n`,
      );
    }
    // A folder carries no stream of its own.
    expect(existsSync(join(root, 'bin:Zone.Identifier'))).toBe(false);
    folder.remove();
  });

  it('on macOS every saved file and folder gets the quarantine attribute, in one xattr run', async () => {
    // macOS' /usr/bin/xattr does not exist here: a stand-in script records its arguments.
    const tools = tempDir('shelf-xattr-');
    const log = join(tools.path, 'calls.log');
    const xattr = join(tools.path, 'xattr');
    writeFileSync(xattr, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\necho --- >> '${log}'\n`, {
      mode: 0o755,
    });
    const at = new Date('2026-11-30T06:00:00Z');
    const { folder } = await saveZip(
      downloadMarker({
        platform: 'darwin',
        source: () => ({ origin: 'unused' }),
        now: () => at,
        xattrPath: xattr,
      }),
    );
    const root = join(folder.path, 'Shelf CLI');
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['-w', 'com.apple.quarantine']);
    expect(args[2]).toMatch(
      new RegExp(`^0083;${(at.getTime() / 1000).toString(16)};Shelfkeeper;[0-9A-F-]{36}$`),
    );
    expect(args[3]).toBe('--');
    expect(args.slice(4, -1).sort()).toEqual(
      [
        root,
        join(root, 'bin'),
        join(root, 'README.md'),
        join(root, 'bin', 'shelf-cli.js'),
        join(root, 'manifest.json'),
      ].sort(),
    );
    expect(args.at(-1)).toBe('---');
    tools.remove();
    folder.remove();
  });

  it('a volume that cannot hold the mark keeps the saved files, and the failure is logged', async () => {
    const refused = Object.assign(new Error('not supported'), { code: 'ENOTSUP' });
    const { folder, saved, warnings } = await saveZip(() => Promise.reject(refused));
    expect(saved.method === 'folder' && saved.files.length).toBe(3);
    expect(readdirSync(join(folder.path, 'Shelf CLI')).sort()).toEqual([
      'README.md',
      'bin',
      'manifest.json',
    ]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        message: 'saved package not marked as downloaded',
        fields: { files: 3, reason: 'ENOTSUP' },
      }),
    );
    folder.remove();
  });
});
