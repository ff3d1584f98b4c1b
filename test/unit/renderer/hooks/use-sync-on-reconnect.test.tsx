import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useSyncOnReconnect } from '../../../../renderer/src/hooks/use-sync-on-reconnect';
import { installFakeShelf } from '../fake-shelf';
import { sampleSyncStatus } from '../../../fixtures/contract-samples';

const status = sampleSyncStatus;

afterEach(cleanup);

describe('useSyncOnReconnect', () => {
  it('asks for a sync when the network comes back, and stops listening when unmounted', async () => {
    const shelf = installFakeShelf({ 'sync.now': () => status });
    const hook = renderHook(() => useSyncOnReconnect());
    window.dispatchEvent(new Event('online'));
    await expect.poll(() => shelf.callsTo('sync.now').length).toBe(1);

    hook.unmount();
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shelf.callsTo('sync.now').length).toBe(1);
  });
});
