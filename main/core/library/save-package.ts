import { mkdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { AppError } from '../../../shared/errors';
import { mediaType } from '../../../shared/media-type';
import type { CoreContext } from '../core-context';
import { openChecked } from './open-content';
import { savedFileMode, zipUnixModes } from './zip-modes';

/**
 * Asks the user for a folder (Electron: a native dialog); null when they cancel. A host without
 * one (the browser host) passes none, and the package is downloaded instead.
 */
export type FolderPicker = (request: { title: string }) => Promise<string | null>;

const EXTENSIONS: Record<string, string> = {
  'application/json': '.json',
  'application/zip': '.zip',
  'application/x-zip-compressed': '.zip',
  'application/gzip': '.tar.gz',
  'application/x-msdownload': '.exe',
  'application/vnd.debian.binary-package': '.deb',
  'application/x-apple-diskimage': '.dmg',
};

/** Names Windows keeps for devices, whatever the extension (superscript digits included). */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[\d¹²³]|lpt[\d¹²³])(\.|$)/i;

/**
 * A path part Windows reads as something else: a device, an alternate data stream (`a:b`), a
 * wildcard or control character, or a trailing dot or space that Windows drops (so the file
 * written would not be the one named). Refused on every platform, so a package saves the same
 * everywhere.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses.
const WINDOWS_UNSAFE = /[<>:"|?*\x00-\x1f]|[. ]$/;

/** Bounds on what unpacking a zip may allocate: its entries are inflated in memory first. */
const MAX_ENTRIES = 10_000;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

/** A file name made from a title: letters, digits and a few marks; never a path. */
export function safeFileName(title: string): string {
  const name = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '-')
    .replace(/\s+/g, ' ')
    .slice(0, 100)
    .replace(/^[ .-]+|[ .]+$/g, '');
  if (!name) return 'package';
  return RESERVED.test(name) ? `_${name}` : name;
}

/** The name a package file is saved (or downloaded) under: its title and its type's extension. */
export function packageFileName(title: string, mime: string): string {
  return safeFileName(title) + (EXTENSIONS[mediaType(mime)] ?? '.bin');
}

/**
 * Unpacked only when the package is a zip by its type and by its bytes: .jar, .apk, .vsix and
 * other formats are zips inside, and the user bought the file, not its parts.
 */
const isZipPackage = (mime: string, bytes: Uint8Array) =>
  EXTENSIONS[mediaType(mime)] === '.zip' && isZip(bytes);

const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * A zip entry's path inside `root`, or PACKAGE_UNSAFE: no absolute path, drive, `..`, NUL or
 * backslash trick may lead outside it ("zip slip").
 */
export function entryTarget(root: string, name: string): string {
  const unsafe = () =>
    new AppError('PACKAGE_UNSAFE', `This package names a file outside its folder (${name}).`);
  if (
    name.includes('\0') ||
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[a-zA-Z]:/.test(name)
  ) {
    throw unsafe();
  }
  // Both separators count: a Windows-made zip may use backslashes.
  const parts = name.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (
    parts.length === 0 ||
    parts.some((part) => part === '..' || WINDOWS_UNSAFE.test(part) || RESERVED.test(part))
  ) {
    throw unsafe();
  }
  const target = path.resolve(root, ...parts);
  const relative = path.relative(root, target);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) throw unsafe();
  return target;
}

async function checkedFolder(folder: string): Promise<string> {
  const invalid = (why: string) =>
    new AppError('FOLDER_INVALID', `That folder cannot be used: ${why}.`);
  if (!path.isAbsolute(folder)) throw invalid('it is not a full path');
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    throw invalid('it does not exist');
  }
  if (!(await stat(real)).isDirectory()) throw invalid('it is a file, not a folder');
  return real;
}

/** A write that failed for a reason the user can act on, as a typed error. */
function writeError(error: unknown, name: string): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EEXIST') {
    return new AppError(
      'FILE_EXISTS',
      `“${name}” is already in that folder; nothing was overwritten.`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('FOLDER_INVALID', 'That folder cannot be used: it cannot be written to.');
  }
  if (code === 'ENOSPC') {
    return new AppError('FOLDER_INVALID', 'That folder cannot be used: its disk is full.');
  }
  return new AppError('FOLDER_INVALID', 'The package could not be written to that folder.');
}

/**
 * Writes a package's bytes into `root` (an existing folder): a zip unpacked into a new folder
 * named after `title`, anything else as one file. Returns what was written, relative to `root`.
 */
export async function writePackage(
  root: string,
  title: string,
  mime: string,
  bytes: Uint8Array,
): Promise<string[]> {
  if (!isZipPackage(mime, bytes)) {
    const name = packageFileName(title, mime);
    const file = path.join(root, name);
    try {
      await writeFile(file, bytes, { flag: 'wx', mode: 0o644 });
    } catch (error) {
      // A write cut short (disk full, I/O error) must not leave a truncated file under the
      // final name; an existing file (EEXIST) is the user's and is left alone.
      if ((error as NodeJS.ErrnoException | null)?.code !== 'EEXIST') {
        await rm(file, { force: true }).catch(() => {});
      }
      throw writeError(error, name);
    }
    return [name];
  }

  let entries: Record<string, Uint8Array>;
  const declared = { count: 0, bytes: 0 };
  const names = new Set<string>();
  const tooLarge = () =>
    new AppError(
      'PACKAGE_UNSAFE',
      'This package unpacks to more files or bytes than can be saved; nothing was saved.',
    );
  try {
    // Checked from the zip's directory before anything is inflated. An entry named twice would
    // collapse into one in the result, so it is refused here.
    entries = unzipSync(bytes, {
      filter: (file) => {
        declared.count += 1;
        declared.bytes += file.originalSize;
        if (declared.count > MAX_ENTRIES || declared.bytes > MAX_UNPACKED_BYTES) throw tooLarge();
        if (names.has(file.name)) {
          throw new AppError(
            'PACKAGE_UNSAFE',
            `This package names “${file.name}” twice; nothing was saved.`,
          );
        }
        names.add(file.name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('CONTENT_CORRUPT', 'This package is not a readable zip file.');
  }
  let inflated = 0;
  for (const data of Object.values(entries)) inflated += data.length;
  // A directory that lied about its sizes: refused before anything is written.
  if (inflated > declared.bytes) throw tooLarge();
  const name = safeFileName(title);
  const target = path.join(root, name);
  const modes = zipUnixModes(bytes);
  const planned = Object.entries(entries).map(([entry, data]) => ({
    entry,
    data,
    directory: entry.endsWith('/') || entry.endsWith('\\'),
    to: entryTarget(target, entry),
    // A program stays runnable where it is unpacked (docs/design.md §11.6).
    mode: savedFileMode(modes.get(entry)),
  }));
  try {
    await mkdir(target); // not recursive: an existing folder of that name is refused
  } catch (error) {
    throw writeError(error, name);
  }
  let current = '';
  try {
    for (const item of planned) {
      current = item.entry;
      if (item.directory) {
        await mkdir(item.to, { recursive: true });
        continue;
      }
      await mkdir(path.dirname(item.to), { recursive: true });
      await writeFile(item.to, item.data, { flag: 'wx', mode: item.mode });
    }
  } catch (error) {
    // The folder is this call's own: nothing of the user's is in it.
    await rm(target, { recursive: true, force: true }).catch(() => {});
    const code = (error as NodeJS.ErrnoException | null)?.code;
    // Inside a folder just made, a clash can only be the package's own doing.
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new AppError(
        'PACKAGE_UNSAFE',
        `This package names “${current}” twice, or as both a file and a folder; nothing was saved.`,
      );
    }
    throw writeError(error, name);
  }
  return planned
    .filter((item) => !item.directory)
    .map((item) => path.relative(root, item.to).split(path.sep).join('/'));
}

/** The folders a save made for `files` (relative, '/'-separated) inside `root`, outermost first. */
export function writtenFolders(root: string, files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) {
      folders.add(path.join(root, ...parts.slice(0, depth)));
    }
  }
  return [...folders].sort((a, b) => a.length - b.length);
}

/**
 * Marks what was saved as downloaded from the internet, as a browser would (docs/design.md §11.6).
 * A volume that cannot hold the mark (FAT on Windows, a network share without extended
 * attributes) keeps the files unmarked, as a browser's download there would be: the files are
 * what the user asked for, so a failed mark is logged, not undone.
 */
async function markSaved(ctx: CoreContext, root: string, files: readonly string[]): Promise<void> {
  try {
    await ctx.markDownload({
      files: files.map((file) => path.join(root, ...file.split('/'))),
      folders: writtenFolders(root, files),
    });
  } catch (error) {
    ctx.logger.warn('saved package not marked as downloaded', {
      files: files.length,
      reason: (error as NodeJS.ErrnoException | null)?.code ?? 'failed',
    });
  }
}

/**
 * Saves a software package into a folder the user chose. A zip package is unpacked into a new
 * folder named after the item (so it can't mix with or replace what is there, and the user gets
 * the files they bought rather than an archive); any other package is written as one file. An
 * existing file or folder of that name is never overwritten (FILE_EXISTS), no entry may land
 * outside the folder (PACKAGE_UNSAFE, checked for every entry before anything is written), and
 * a failure half-way removes what this call wrote. The bytes are the vault file's, decrypted and
 * checked in memory after the license check, like an open.
 */
export async function savePackageToFolder(
  ctx: CoreContext,
  contentId: string,
  folder: string,
): Promise<{ folder: string; files: string[] }> {
  const { content, file, key } = await openChecked(ctx, contentId);
  if (content.kind !== 'software') {
    throw new AppError('VALIDATION_FAILED', 'Only a software package is saved to a folder.');
  }
  const root = await checkedFolder(folder);
  const bytes = await ctx.vault.readAll(file, key);
  try {
    const files = await writePackage(root, content.title, content.mime, bytes);
    await markSaved(ctx, root, files);
    ctx.logger.info('package saved to a folder', { contentId, files: files.length });
    return { folder: root, files };
  } finally {
    bytes.fill(0);
  }
}
