import { FuseV1Options } from '@electron/fuses';
// The package index first: its modules import each other in a cycle that only resolves from there.
import { PlatformPackager } from 'app-builder-lib';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { root } from '../../../scripts/lib/build-steps';

/**
 * The packaged build's hardening, read the way electron-builder reads it: its own loader and
 * schema validation on electron-builder.yml, then its own translation of `electronFuses` into the
 * fuse wire @electron/fuses flips in the binary. A fuse missing or set the wrong way fails here.
 */
const REQUIRED_FUSES: Record<string, boolean> = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

const config: Configuration = await getConfig(root, 'electron-builder.yml', null);

/** electron-builder's private translation of `electronFuses` (what it passes to flipFuses). */
async function fuseWire(fuses: Configuration['electronFuses']): Promise<Record<string, unknown>> {
  const generate = (
    PlatformPackager.prototype as unknown as {
      generateFuseConfig: (fuses: unknown) => Promise<Record<string, unknown>>;
    }
  ).generateFuseConfig;
  return generate.call(null, fuses);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('flips every required fuse the safe way', async () => {
    const wire = await fuseWire(config.electronFuses);
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
      expect({ fuse: FuseV1Options[Number(fuse)], value: wire[fuse] }).toEqual({
        fuse: FuseV1Options[Number(fuse)],
        value,
      });
    }
  });

  it('would fail with a fuse left out or turned the unsafe way', async () => {
    const { runAsNode: _dropped, ...withoutRunAsNode } = config.electronFuses ?? {};
    expect((await fuseWire(withoutRunAsNode))[FuseV1Options.RunAsNode]).toBeUndefined();
    const inspectOn = { ...config.electronFuses, enableNodeCliInspectArguments: true };
    expect((await fuseWire(inspectOn))[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
  });

  it('packs the app in an asar archive, with only the native module outside it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual([
      '**/node_modules/better-sqlite3-multiple-ciphers/**',
      '**/*.node',
    ]);
    expect(JSON.stringify(config.files)).toContain('!dist/**/*.map');
  });

  it('publishes updates to an https generic feed', () => {
    expect(config.publish).toEqual({
      provider: 'generic',
      url: expect.stringMatching(/^https:\/\//),
    });
  });
});
