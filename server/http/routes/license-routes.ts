import type { ServerContext } from '../../context';
import { licensesOf } from '../../services/licenses';
import { sendContentFile } from '../content-download';
import type { Handlers } from '../handler-types';

export function licenseHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'listLicenses' | 'downloadContent'> {
  return {
    listLicenses: async ({ caller }) => ({ licenses: await licensesOf(ctx, caller) }),
    downloadContent: ({ caller, params, request, reply }) =>
      sendContentFile(ctx, caller, params.contentId, request, reply),
  };
}
