import { describe, expect, it } from 'vitest';
import { FEW_CPUS, rendererJsFlags } from '../../../main/core/renderer-js-flags';

describe('rendererJsFlags', () => {
  it('turns Maglev off on a machine with two CPUs or fewer', () => {
    expect(rendererJsFlags(1)).toBe('--no-maglev');
    expect(rendererJsFlags(FEW_CPUS)).toBe('--no-maglev');
  });

  it("leaves V8's defaults on a machine with more", () => {
    expect(rendererJsFlags(FEW_CPUS + 1)).toBeUndefined();
    expect(rendererJsFlags(16)).toBeUndefined();
  });
});
