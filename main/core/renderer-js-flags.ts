/**
 * V8 flags for the app's renderer processes, by the machine's logical CPUs: the value of
 * Chromium's `--js-flags`, or undefined for V8's defaults. The Electron shell passes it, and the
 * renderer benchmark launches its Chromium with the same, so it measures what the app runs.
 *
 * With two CPUs or fewer: no Maglev, V8's mid-tier optimising compiler. It compiles the functions
 * a search's first keystrokes make hot on a background thread, and with two CPUs that thread takes
 * the CPU the page's main thread leaves to the compositor, the raster and the bridge's worker:
 * 13–28 ms of Maglev jobs in a 21–28 ms keystroke, traced. Without it (the baseline compiler, then
 * TurboFan for code that stays hot) a fresh page's keys answered in the page painted in 12.1 ms
 * instead of 18.1, with the first paint and the app's start unchanged (bench/findings.md,
 * keystroke, twenty-second pass). With more CPUs the background thread has a core of its own, and
 * V8's defaults stand: nothing here was measured on such a machine.
 */
export const FEW_CPUS = 2;

export function rendererJsFlags(cpus: number): string | undefined {
  return cpus <= FEW_CPUS ? '--no-maglev' : undefined;
}
