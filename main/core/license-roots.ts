import { z } from 'zod';
import { rawPublicKeySchema } from '../../shared/license-document';
// Bundled into the main process at build time, so in a packaged app it sits inside app.asar
// (integrity-checked where Electron supports it): the one source of trust for license keys.
import shipped from '../../build/license-roots.json' with { type: 'json' };

const licenseRootsFileSchema = z.object({ roots: z.array(rawPublicKeySchema).min(1).max(8) });

/** The root public keys this build of the app ships with (build/license-roots.json). */
export const SHIPPED_LICENSE_ROOTS: readonly string[] = licenseRootsFileSchema.parse(shipped).roots;

/**
 * A development run's root (`SHELF_LICENSE_ROOT`: the public key a development server generated
 * and printed), checked like the shipped ones; an installed app never reads it.
 */
export function licenseRootsFromEnv(value: string | undefined): readonly string[] | undefined {
  if (!value) return undefined;
  const parsed = rawPublicKeySchema.safeParse(value.trim());
  if (!parsed.success) {
    throw new Error('SHELF_LICENSE_ROOT must be an Ed25519 public key: 43 base64url characters.');
  }
  return [parsed.data];
}
