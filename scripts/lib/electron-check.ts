import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Why Electron cannot start on this machine, or null when it can: its binary is missing and
 * its installer cannot fetch it (no network to its download host), or there is no display.
 */
export function electronUnavailable(root: string): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'dist'))) {
    const install = spawnSync(process.execPath, [path.join(pkg, 'install.js')], {
      cwd: pkg,
      stdio: 'ignore',
      timeout: 180_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
    });
    if (install.status !== 0 || !existsSync(path.join(pkg, 'dist'))) {
      return "Electron's binary is not installed (node_modules/electron/dist is missing) and downloading it failed";
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return null;
}
