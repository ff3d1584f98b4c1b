/**
 * The one inline script of the renderer's pages, written by whoever serves index.html just before
 * the first screen's prerendered markup (shared/ipc/first-screen-prerender.ts, docs/design.md
 * §7.5). That markup is the library as it opens with no filters, on the library's route; what
 * only the page knows (its URL's route, the filters in its localStorage, renderer lib/boot.ts)
 * can make it the wrong screen. This marks <html> then, before the markup is parsed, and the
 * style sheet hides the markup (styles/layout.css), so the page shows nothing until the app has
 * rendered, rather than the wrong screen. Any doubt (no storage, a value that is not JSON) hides.
 *
 * The CSP allows exactly this text by its hash (RENDERER_CSP); a test checks the hash.
 */
export const FIRST_SCREEN_GATE_SCRIPT =
  "(function(){var d=document.documentElement;try{var f=JSON.parse(localStorage.getItem('shelfkeeper.library.filters')||'{}')||{};if(/^(#\\/?(library\\/?)?)?$/.test(location.hash)&&!f.kind&&!f.state&&!f.tag)return}catch(e){}d.setAttribute('data-first-screen','stale')})()";

/** The CSP source that allows FIRST_SCREEN_GATE_SCRIPT: its SHA-256, base64. */
export const FIRST_SCREEN_GATE_HASH = "'sha256-cdPoaWWHbhg56XlH6lJHN681RNHazStiNJLtqvQjMqY='";

/** The element the prerendered markup sits in, inside the app's root, until the app renders. */
export const PRERENDERED_ATTRIBUTE = 'data-prerendered';
