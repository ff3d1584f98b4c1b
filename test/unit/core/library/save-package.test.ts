import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  entryTarget,
  packageFileName,
  safeFileName,
  writePackage,
} from '../../../../main/core/library/save-package';
import { zipUnixModes } from '../../../../main/core/library/zip-modes';
import { tempDir } from '../../../fixtures/core-fixtures';

const folders: { remove: () => void }[] = [];
const folder = () => {
  const made = tempDir('shelf-package-');
  folders.push(made);
  return made.path;
};
afterEach(() => folders.splice(0).forEach((made) => made.remove()));

/** Every file under `root`, '/'-separated, sorted. */
const tree = (root: string) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();

describe('package file names', () => {
  it('are made from the title, never a path or a device name', () => {
    expect(safeFileName('Shelf CLI')).toBe('Shelf CLI');
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileName('a/b\\c:d*?"<>|')).toBe('a-b-c-d-');
    expect(safeFileName('...')).toBe('package');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('Café Ünïcode 東京')).toBe('Café Ünïcode 東京');
    expect(safeFileName('x'.repeat(300))).toHaveLength(100);
    expect(packageFileName('Shelf CLI', 'application/json; charset=utf-8')).toBe('Shelf CLI.json');
    expect(packageFileName('Tool', 'application/x-unknown')).toBe('Tool.bin');
  });
});

describe('zip entries stay inside their folder', () => {
  const root = '/tmp/target';
  it.each([
    '../escape.txt',
    'a/../../escape.txt',
    '/etc/passwd',
    '\\\\server\\share\\x',
    'C:\\Windows\\x.dll',
    'c:relative.txt',
    'a\\..\\..\\escape.txt',
    'nul\0byte',
    '..',
    './',
  ])('refuses %j', (name) => {
    expect(() => entryTarget(root, name)).toThrow(
      expect.objectContaining({ code: 'PACKAGE_UNSAFE' }),
    );
  });

  it('accepts nested and Windows-separated names inside it', () => {
    expect(entryTarget(root, 'bin/tool')).toBe('/tmp/target/bin/tool');
    expect(entryTarget(root, 'bin\\tool.exe')).toBe('/tmp/target/bin/tool.exe');
    expect(entryTarget(root, './docs//a..b.md')).toBe('/tmp/target/docs/a..b.md');
  });
});

describe('writing a package', () => {
  it('writes a single file exclusively', async () => {
    const root = folder();
    expect(await writePackage(root, 'Tool', 'application/json', strToU8('{}'))).toEqual([
      'Tool.json',
    ]);
    await expect(
      writePackage(root, 'Tool', 'application/json', strToU8('[]')),
    ).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
    expect(readFileSync(join(root, 'Tool.json'), 'utf8')).toBe('{}');
  });

  it('unpacks a zip into a new folder, directories included', async () => {
    const root = folder();
    const zip = zipSync({
      'a.txt': strToU8('A'),
      'docs/': new Uint8Array(0),
      'bin/b': strToU8('B'),
    });
    expect((await writePackage(root, 'Kit', 'application/zip', zip)).sort()).toEqual([
      'Kit/a.txt',
      'Kit/bin/b',
    ]);
    expect(tree(root)).toEqual(['Kit/a.txt', 'Kit/bin/b']);
    expect(existsSync(join(root, 'Kit', 'docs'))).toBe(true);
  });

  it('writes nothing at all when one entry would escape (checked before any write)', async () => {
    const root = folder();
    const zip = zipSync({ 'fine.txt': strToU8('ok'), '../../evil.sh': strToU8('rm -rf') });
    await expect(writePackage(root, 'Kit', 'application/zip', zip)).rejects.toMatchObject({
      code: 'PACKAGE_UNSAFE',
    });
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(join(root, '..', 'evil.sh'))).toBe(false);
  });

  it('refuses an existing folder of the name and removes its own folder after a failure', async () => {
    const root = folder();
    writeFileSync(join(root, 'Kit'), 'a file the user has');
    const zip = zipSync({ 'a.txt': strToU8('A') });
    await expect(writePackage(root, 'Kit', 'application/zip', zip)).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
    expect(readFileSync(join(root, 'Kit'), 'utf8')).toBe('a file the user has');
    // "x" as a file and as a folder: the write fails half-way, and nothing is left.
    const clash = zipSync({ x: strToU8('file'), 'x/y': strToU8('inside') });
    await expect(writePackage(root, 'Clash', 'application/zip', clash)).rejects.toMatchObject({
      code: 'PACKAGE_UNSAFE',
    });
    expect(existsSync(join(root, 'Clash'))).toBe(false);
    const broken = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    await expect(writePackage(root, 'Broken', 'application/zip', broken)).rejects.toMatchObject({
      code: 'CONTENT_CORRUPT',
    });
  });

  it('saves a package that is a zip inside (a .jar) as the one file bought, not unpacked', async () => {
    const root = folder();
    const jar = zipSync({ 'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0') });
    expect(await writePackage(root, 'Tool', 'application/java-archive', jar)).toEqual(['Tool.bin']);
    expect(tree(root)).toEqual(['Tool.bin']);
  });

  it('refuses entry names Windows would read as a device, a stream or another name', async () => {
    for (const name of ['a/CON', 'nul.txt', 'setup.exe:Zone.Identifier', 'run.bat.', 'COM¹']) {
      const root = folder();
      const zip = zipSync({ [name]: strToU8('x') });
      await expect(writePackage(root, 'Kit', 'application/zip', zip)).rejects.toMatchObject({
        code: 'PACKAGE_UNSAFE',
      });
      expect(readdirSync(root)).toEqual([]);
    }
  });

  it('refuses a zip whose directory declares more than can be unpacked, before inflating it', async () => {
    const root = folder();
    const zip = zipSync({ 'big.bin': strToU8('small') });
    // The central directory's uncompressed size (offset 24 of its "PK\1\2" record) says 2 GiB.
    const central = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    new DataView(zip.buffer, zip.byteOffset).setUint32(central + 24, 0x7fff_ffff, true);
    await expect(writePackage(root, 'Bomb', 'application/zip', zip)).rejects.toMatchObject({
      code: 'PACKAGE_UNSAFE',
    });
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a zip of more than 10,000 entries', async () => {
    const root = folder();
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= 10_000; i += 1) files[`f${i}`] = new Uint8Array(0);
    await expect(
      writePackage(root, 'Many', 'application/zip', zipSync(files)),
    ).rejects.toMatchObject({ code: 'PACKAGE_UNSAFE' });
    expect(readdirSync(root)).toEqual([]);
    // Building and reading a zip of 10,001 entries takes seconds on a busy 2-core machine.
  }, 20_000);

  it.skipIf(process.platform === 'win32')(
    'keeps an entry’s executable bit from the zip’s unix mode, and nothing more',
    async () => {
      const root = folder();
      const unix = (mode: number) => ({ os: 3, attrs: (mode << 16) >>> 0 });
      const zip = zipSync({
        'tool/bin/run': [strToU8('#!/bin/sh\necho hi\n'), unix(0o100755)],
        'tool/lib/data.txt': [strToU8('data'), unix(0o100644)],
        // Set-user-ID and world-writable in the zip: saved as a plain executable.
        'tool/bin/setuid': [strToU8('x'), unix(0o104777)],
        // Made on Windows (no unix mode): not executable.
        'tool/readme.txt': [strToU8('read me'), { os: 0, attrs: 0x20 }],
      });
      expect(zipUnixModes(zip).get('tool/bin/run')).toBe(0o100755);
      await writePackage(root, 'Tool', 'application/zip', zip);
      const mode = (file: string) => statSync(join(root, 'Tool', file)).mode & 0o7777;
      const umask = process.umask();
      expect(mode('tool/bin/run')).toBe(0o755 & ~umask);
      expect(mode('tool/bin/setuid')).toBe(0o755 & ~umask);
      expect(mode('tool/lib/data.txt')).toBe(0o644 & ~umask);
      expect(mode('tool/readme.txt')).toBe(0o644 & ~umask);
    },
  );

  it('reads no modes from bytes without a readable central directory', () => {
    expect(zipUnixModes(new Uint8Array(10)).size).toBe(0);
    const zip = zipSync({ a: [strToU8('a'), { os: 3, attrs: (0o100755 << 16) >>> 0 }] });
    // The directory's offset pointing past the end: nothing read, nothing thrown.
    const cut = zip.slice();
    new DataView(cut.buffer).setUint32(cut.length - 6, cut.length + 100, true);
    expect(zipUnixModes(cut).size).toBe(0);
  });
});
