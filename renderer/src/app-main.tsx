import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { PRERENDERED_ATTRIBUTE } from '../../shared/first-screen-gate';
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
  const app = (
    <StrictMode>
      <App />
    </StrictMode>
  );
  // The first screen's markup from index.html, when the page shows it (design §7.5): the app
  // takes it over as it is (hydration) rather than building and laying out the same again, which
  // also brings its first commit sooner (bench/findings.md, first paint, eleventh pass). Markup it
  // cannot take over (an answer that changed in between) it renders afresh in place. Hidden
  // markup (another route, stored filters) is replaced.
  const prerendered = root.querySelector<HTMLElement>(`:scope > [${PRERENDERED_ATTRIBUTE}]`);
  const shown = prerendered && document.documentElement.dataset.firstScreen !== 'stale';
  void bootAnswered(BOOT_WAIT_MS).then(() => {
    if (shown) {
      hydrateRoot(prerendered, app);
      // React listens from here on: a click or key on markup not yet taken over makes it take
      // that part over first, then gets the event.
      prerendered.removeAttribute('inert');
    } else createRoot(root).render(app);
  });
}
