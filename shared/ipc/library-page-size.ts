/**
 * Items per page the library asks the core for (offset/limit), as the list scrolls; the first
 * screen's seed holds one whole page (first-screen-seed.ts). Without zod, for the renderer's
 * first chunk.
 */
export const LIBRARY_PAGE_SIZE = 100;
