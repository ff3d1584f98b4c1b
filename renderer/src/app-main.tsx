import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

/** The app itself, loaded by main.tsx once the boot's calls are on their way. */
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
