import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { LIBRARY_PAGE_SIZE } from './hooks/use-library-pages';
import { startBoot } from './lib/boot';
import './styles/index.css';

// Before React's first render: the first screen's data is on its way while the app mounts.
startBoot(LIBRARY_PAGE_SIZE);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
