import { startBoot } from './boot';
import { firstScreenItems } from './library-page';

// main.tsx's first import, so these calls leave before React and the app's other modules are
// evaluated (ES modules run in import order); keep this module's imports free of zod.
startBoot(firstScreenItems(window.innerWidth, window.innerHeight));
