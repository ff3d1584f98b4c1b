import { describe, expect, it } from 'vitest';
import { HANDOFF_TTL_MS, VerifiedHandoff } from '../../../../main/core/library/verified-handoff';

const A = '0b7c6d0e-1111-4222-8333-444455556666';
const B = '5b6c1d8e-0000-4000-8000-000000000000';

describe('VerifiedHandoff', () => {
  it('hands the bytes to the first request for that content only', () => {
    const handoff = new VerifiedHandoff();
    handoff.put(A, Buffer.from('verified'));
    expect(handoff.take(B)).toBeNull();
    expect(handoff.take(A)?.toString()).toBe('verified');
    expect(handoff.take(A)).toBeNull();
  });

  it('keeps only the latest open, and overwrites what it drops', () => {
    const handoff = new VerifiedHandoff();
    const first = Buffer.from('first');
    handoff.put(A, first);
    handoff.put(B, Buffer.from('second'));
    expect(first.every((byte) => byte === 0)).toBe(true);
    expect(handoff.take(A)).toBeNull();
    expect(handoff.take(B)?.toString()).toBe('second');
  });

  it('hands nothing after HANDOFF_TTL_MS, and wipes it', () => {
    let now = 1_000;
    const handoff = new VerifiedHandoff(() => now);
    const bytes = Buffer.from('late');
    handoff.put(A, bytes);
    now += HANDOFF_TTL_MS + 1;
    expect(handoff.take(A)).toBeNull();
    expect(bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('drop forgets and wipes what is held', () => {
    const handoff = new VerifiedHandoff();
    const bytes = Buffer.from('closing');
    handoff.put(A, bytes);
    handoff.drop();
    expect(handoff.take(A)).toBeNull();
    expect(bytes.every((byte) => byte === 0)).toBe(true);
  });
});
