import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import type { OpenedStream } from '../app-core-api';
import type { CoreContext } from '../core-context';
import { AudioMarksScanner, readAudioMarks, type AudioChapter } from './audio-marks';
import { checkLicenseToOpen, type CheckedLicense } from '../license-check';
import { HANDOFF_MAX_BYTES, type VerifiedHandoff } from './verified-handoff';

/** License first (signature, user, content, state, offline lease), then the vault file. */
export async function openChecked(
  ctx: CoreContext,
  contentId: string,
): Promise<CheckedLicense & { file: string; key: Buffer }> {
  const checked = await checkLicenseToOpen(ctx, contentId);
  const { vaultFile, vaultKey } = checked.content;
  if (!vaultFile || !vaultKey) throw new AppError('CONTENT_NOT_DOWNLOADED');
  return { ...checked, file: vaultFile, key: vaultKey };
}

/**
 * `content.open`'s check: the license, then every frame of the vault file decrypted, so a
 * tampered file is reported here (CONTENT_CORRUPT) rather than as a broken viewer. What it
 * decrypted is handed to the viewer's request (up to HANDOFF_MAX_BYTES), which then does not
 * decrypt the file a second time; an audio file's chapter marks are read from it on the way.
 */
export async function openVerified(
  ctx: CoreContext,
  contentId: string,
  handoff: VerifiedHandoff,
): Promise<CheckedLicense & { chapters: AudioChapter[] }> {
  const checked = await openChecked(ctx, contentId);
  const { content, file, key } = checked;
  let chapters: AudioChapter[] = [];
  if (content.size > HANDOFF_MAX_BYTES && content.mime.startsWith('audio/')) {
    // Too large to hold: the marks are read as the bytes stream past, in the same one pass
    // that checks every frame (what `vault.verify` does).
    const scanner = new AudioMarksScanner();
    await pipeline(
      ctx.vault.read(file, key),
      new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          scanner.push(chunk);
          callback();
        },
      }),
    );
    chapters = scanner.marks().chapters;
  } else if (content.size > HANDOFF_MAX_BYTES) {
    await ctx.vault.verify(file, key);
  } else {
    const bytes = await ctx.vault.readAll(file, key);
    // Read from the bytes just decrypted and checked, in memory: the marks need no second pass.
    if (content.mime.startsWith('audio/')) chapters = readAudioMarks(bytes).chapters;
    handoff.put(contentId, bytes);
  }
  return { ...checked, chapters };
}

/**
 * The decrypted stream for the viewer, after the license check: the bytes `content.open` just
 * verified, or else the vault file decrypted as it streams (a frame failing its check errors the
 * stream with CONTENT_CORRUPT).
 */
export async function openContentStream(
  ctx: CoreContext,
  contentId: string,
  handoff: VerifiedHandoff,
): Promise<OpenedStream> {
  const { content, file, key } = await openChecked(ctx, contentId);
  const verified = handoff.take(contentId);
  return {
    kind: content.kind,
    mime: content.mime,
    size: content.size,
    title: content.title,
    stream: verified ? Readable.from([verified]) : ctx.vault.read(file, key),
  };
}
