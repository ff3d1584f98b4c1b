// First, in the small entry chunk: the first screen's bridge calls leave before the app's chunk
// (React, the screens) is parsed and evaluated, which takes the main thread 100 ms and more
// (bench/findings.md, first paint, fourth pass). index.html modulepreloads that chunk, so it
// downloads beside this one (vite.config.ts).
import './lib/boot-start';
import './styles/index.css';

void import('./app-main');
