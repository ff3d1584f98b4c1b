import { AppError } from '../../../shared/errors';
import type { OpenedStream } from '../app-core-api';
import type { CoreContext } from '../core-context';
import { checkLicenseToOpen, type CheckedLicense } from '../license-check';

/** License first (signature, user, content, state, offline lease), then the vault file. */
export async function openChecked(
  ctx: CoreContext,
  contentId: string,
  options: { verifyFile: boolean },
): Promise<CheckedLicense & { file: string; key: Buffer }> {
  const checked = await checkLicenseToOpen(ctx, contentId);
  const { vaultFile, vaultKey } = checked.content;
  if (!vaultFile || !vaultKey) throw new AppError('CONTENT_NOT_DOWNLOADED');
  if (options.verifyFile) await ctx.vault.verify(vaultFile, vaultKey);
  return { ...checked, file: vaultFile, key: vaultKey };
}

/** The decrypted stream for the viewer; a frame failing its check errors it with CONTENT_CORRUPT. */
export async function openContentStream(
  ctx: CoreContext,
  contentId: string,
): Promise<OpenedStream> {
  const { content, file, key } = await openChecked(ctx, contentId, { verifyFile: false });
  return {
    mime: content.mime,
    size: content.size,
    title: content.title,
    stream: ctx.vault.read(file, key),
  };
}
