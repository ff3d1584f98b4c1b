import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * The app's chunk (main.tsx imports it once the boot's calls have left) and the chunks it imports
 * are named in index.html as modulepreloads, so the browser fetches them beside the entry rather
 * than after it has run.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'shelf-preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (file) => file.type === 'chunk' && file.facadeModuleId?.endsWith('/src/app-main.tsx'),
        );
        if (!chunk) throw new Error('the app chunk (src/app-main.tsx) is missing from the build');
        // With the chunks it imports (the entry's own are named already).
        const named = new Set(html.match(/assets\/[^"]+\.js/g) ?? []);
        return [chunk.fileName, ...(chunk.type === 'chunk' ? chunk.imports : [])]
          .filter((file) => !named.has(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

/**
 * The renderer build. `base: './'` makes every asset URL relative, so the same build loads from
 * file://, shelf:// (Electron) and the browser host's http:// origin. Vite emits only external
 * module scripts, so a strict `script-src 'self'` CSP holds.
 *
 * Vitest also reads this file when no vitest config exists; it then keeps the repo root so the
 * tests under test/ are found.
 */
export default defineConfig({
  plugins: [react(), preloadAppChunk()],
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
