import { describe, expect, it } from 'vitest';
import { FEW_CPUS, rendererJsFlags } from '../../../main/core/renderer-js-flags';

describe('rendererJsFlags', () => {
  it('turns Maglev off on a machine with two CPUs or fewer', () => {
    expect(rendererJsFlags(1)).toEqual(['--no-maglev']);
    expect(rendererJsFlags(FEW_CPUS)).toEqual(['--no-maglev']);
  });

  it("leaves V8's defaults on a machine with more", () => {
    expect(rendererJsFlags(FEW_CPUS + 1)).toEqual([]);
    expect(rendererJsFlags(16)).toEqual([]);
  });
});
