import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { bootAnswered } from './lib/boot';

/**
 * At most this long the app waits for the boot's answers before its first render: with them,
 * the first commit is the library itself (the hooks start from the answers, lib/boot.ts
 * settledAnswer), instead of "Opening your library…" and a commit per answer after it
 * (bench/findings.md, first paint, sixth pass). A slower host gets the loading states as before.
 */
const BOOT_WAIT_MS = 300;

/** The app itself, loaded by main.tsx once the boot's calls are on their way. */
const root = document.getElementById('root');
if (root) {
  void bootAnswered(BOOT_WAIT_MS).then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
