/**
 * V8's explicit compile hint (Chromium 136 and later: the browser's and Electron's alike). A
 * script whose first line is this comment has all its functions compiled eagerly, off the main
 * thread while it streams in, instead of each one on the thread that runs it, the first time it
 * runs. Put only on the scripts a start runs most of (the renderer's first route, the bridge's
 * scripts): compiling code that never runs costs CPU (bench/findings.md, first paint, eighth
 * pass).
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
