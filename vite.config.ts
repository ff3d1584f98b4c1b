import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The renderer build. `base: './'` makes every asset URL relative, so the same build loads from
 * file://, shelf:// (Electron) and the browser host's http:// origin. Vite emits only external
 * module scripts, so a strict `script-src 'self'` CSP holds.
 *
 * Vitest also reads this file when no vitest config exists; it then keeps the repo root so the
 * tests under test/ are found.
 */
export default defineConfig({
  plugins: [react()],
  // Absolute, so the build works whatever the caller's working directory (scripts/build.ts).
  root: process.env.VITEST ? undefined : fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Inlined assets would need `data:` in the CSP; we have none worth inlining.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: false },
});
