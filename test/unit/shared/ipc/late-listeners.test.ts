import { describe, expect, it } from 'vitest';
import { createLateListeners, MAX_KEPT_EACH } from '../../../../shared/ipc/late-listeners';

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Listeners over a stream opened after event `opened`, as the browser host's worker has them. */
function opened(opened = 0) {
  const late = createLateListeners();
  late.stream(opened);
  const heard: unknown[] = [];
  const listen = (name: string) => late.subscribe(name, (payload) => heard.push(payload));
  return { late, heard, listen };
}

describe('events for a name nobody listens to yet', () => {
  it("reach the first listener when they came after the boot's answer, after its subscribe returns", async () => {
    const { late, heard, listen } = opened();
    late.call()(1); // the boot's library page, made after event 1
    late.event('library.changed', 2, { reason: 'purchase' });
    listen('library.changed');
    expect(heard).toEqual([]);
    await turn();
    expect(heard).toEqual([{ reason: 'purchase' }]);
  });

  it('are dropped when every answer the page holds was made after them', async () => {
    const { late, heard, listen } = opened();
    late.event('library.changed', 1, { reason: 'sync' });
    late.call()(1);
    late.call()(3);
    listen('library.changed');
    await turn();
    expect(heard).toEqual([]);
  });

  it('reach the first listener while a call that left before them is still in flight', async () => {
    const { late, heard, listen } = opened(4);
    late.call(); // left after event 4, not answered yet: its answer may be older than event 5
    late.call()(9);
    late.event('sync.status', 5, 'syncing');
    listen('sync.status');
    await turn();
    expect(heard).toEqual(['syncing']);
  });

  it('count a call that left before the stream opened as older than any event', async () => {
    const late = createLateListeners();
    const heard: unknown[] = [];
    const answered = late.call();
    late.stream(7);
    late.event('sync.status', 8, 'idle');
    answered(Number.NaN); // an answer without the host's count
    late.subscribe('sync.status', (payload) => heard.push(payload));
    await turn();
    expect(heard).toEqual(['idle']);
  });

  it('are dropped when no call was made yet: every answer to come is made after them', async () => {
    const { late, heard, listen } = opened();
    late.event('wallet.changed', 1, { balance: 5 });
    listen('wallet.changed');
    late.call()(1);
    await turn();
    expect(heard).toEqual([]);
  });

  it('keep the newest of a signal, each notice up to the bound, and no download progress', async () => {
    const { late, heard, listen } = opened();
    late.call()(0);
    late.event('update.status', 1, 'checking');
    late.event('update.status', 2, 'up-to-date');
    for (let n = 0; n < MAX_KEPT_EACH + 2; n += 1) late.event('return.confirmed', 3 + n, n);
    late.event('download.progress', 200, 'half');
    late.event('not.in.contract', 201, 'x');
    listen('update.status');
    listen('return.confirmed');
    listen('download.progress');
    listen('not.in.contract');
    await turn();
    expect(heard[0]).toBe('up-to-date');
    expect(heard.slice(1)).toEqual(Array.from({ length: MAX_KEPT_EACH }, (_, i) => i + 2));
  });

  it('go to the first listener only: a name already heard keeps nothing', async () => {
    const { late, heard, listen } = opened();
    late.call()(0);
    listen('library.changed')();
    late.event('library.changed', 1, 'after the first left');
    listen('library.changed');
    await turn();
    expect(heard).toEqual([]);
  });

  it('are dropped when the stream closes, a later one may have been lost; notices stay', async () => {
    const { late, heard, listen } = opened();
    late.call()(0);
    late.event('sync.status', 1, 'syncing');
    late.event('return.failed', 2, 'refused');
    late.stream(null);
    late.stream(3);
    listen('sync.status');
    listen('return.failed');
    await turn();
    expect(heard).toEqual(['refused']);
  });

  it('hand every kept notice, even before any call: no answer holds a notice', async () => {
    // Electron: the start's sync confirms a queued return before the boot's first call.
    const { late, heard, listen } = opened();
    late.event('return.confirmed', 1, 'confirmed');
    late.event('library.changed', 2, { reason: 'return' });
    listen('return.confirmed');
    listen('library.changed');
    late.call()(2);
    await turn();
    expect(heard).toEqual(['confirmed']);
  });

  it('go to the listener that stayed when the first left in the same turn (StrictMode)', async () => {
    const { late, heard, listen } = opened();
    late.call()(0);
    late.event('library.changed', 1, 'x');
    listen('library.changed')();
    listen('library.changed');
    await turn();
    expect(heard).toEqual(['x']);
  });

  it('wait for the next first listener when none stayed to the end of the turn', async () => {
    const { late, heard, listen } = opened();
    late.call()(0);
    late.event('library.changed', 1, 'x');
    listen('library.changed')();
    await turn();
    expect(heard).toEqual([]);
    listen('library.changed');
    await turn();
    expect(heard).toEqual(['x']);
  });
});

describe('events for a name listened to', () => {
  it('go to every listener as they come, one throw not keeping them from the others', async () => {
    const { late, heard, listen } = opened();
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      late.subscribe('library.changed', () => {
        throw new Error('listener failed');
      });
      listen('library.changed');
      late.event('library.changed', 1, 'one');
      expect(heard).toEqual(['one']);
      await turn();
      expect(errors).toEqual([new Error('listener failed')]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});

describe('events the host replays as the stream opens', () => {
  /** The boot: a listener of the name, then calls, all before the stream opened. */
  function boot(calls: number) {
    const late = createLateListeners();
    const heard: unknown[] = [];
    late.subscribe('library.changed', (payload) => heard.push(payload));
    const answers = Array.from({ length: calls }, () => late.call());
    return { late, heard, answers };
  }
  const purchase = { seq: 5, event: 'library.changed', payload: { reason: 'purchase' } };

  it("are dropped at a page's start: the boot's answers, made after them, already hold them", () => {
    const { late, heard, answers } = boot(2);
    late.stream(7, [purchase]);
    answers[0]!(7);
    expect(heard).toEqual([]);
    answers[1]!(8);
    expect(heard).toEqual([]);
    // Decided: a later call's answer changes nothing.
    late.call()(2);
    expect(heard).toEqual([]);
  });

  it('are dropped when the answers came in before the stream, made after them', () => {
    const { late, heard, answers } = boot(1);
    answers[0]!(5);
    late.stream(6, [purchase]);
    expect(heard).toEqual([]);
  });

  it('reach the listener when an answer that left before the stream was made before them', () => {
    const { late, heard, answers } = boot(2);
    late.stream(5, [purchase]);
    answers[0]!(6);
    expect(heard).toEqual([]);
    answers[1]!(4); // answered before the host published event 5, which no stream carried
    expect(heard).toEqual([{ reason: 'purchase' }]);
  });

  it('reach the listener at once when an answer came in older than them', () => {
    const { late, heard, answers } = boot(1);
    answers[0]!(4);
    late.stream(5, [purchase]);
    expect(heard).toEqual([{ reason: 'purchase' }]);
  });

  it('are not handed again: one seen on a stream, or already decided, is dropped', () => {
    const { late, heard, answers } = boot(1);
    late.stream(4);
    late.event('library.changed', 5, purchase.payload);
    answers[0]!(3);
    expect(heard).toEqual([purchase.payload]);
    // The stream breaks and opens again; the host replays the same event.
    late.stream(null);
    late.stream(5, [purchase]);
    expect(heard).toEqual([purchase.payload]);
  });

  it('are handed once after a reconnect that lost them, and not at the next one', () => {
    const { late, heard, answers } = boot(1);
    late.stream(0);
    answers[0]!(0);
    late.stream(null);
    late.stream(5, [purchase]); // published while the stream was down
    late.stream(null);
    late.stream(5, [purchase]);
    expect(heard).toEqual([purchase.payload]);
  });

  it('are dropped when a newer event of the name came while they waited', () => {
    const { late, heard, answers } = boot(1);
    late.stream(5, [purchase]);
    late.event('library.changed', 6, { reason: 'sync' });
    answers[0]!(4);
    expect(heard).toEqual([{ reason: 'sync' }]);
  });

  it('wait for the first listener of a name nobody listens to yet, by the same rule', async () => {
    const late = createLateListeners();
    const heard: unknown[] = [];
    const answered = late.call();
    late.stream(3, [{ seq: 2, event: 'sync.status', payload: 'offline' }]);
    answered(1);
    late.subscribe('sync.status', (payload) => heard.push(payload));
    await turn();
    expect(heard).toEqual(['offline']);
  });

  it('are decided again after a drop of the stream that dropped them kept for a first listener', async () => {
    const late = createLateListeners();
    const heard: unknown[] = [];
    late.stream(2);
    late.call()(3); // the page holds an answer made after event 3
    late.event('library.changed', 5, purchase.payload); // kept: nobody listens yet
    late.stream(null);
    late.stream(5, [purchase]);
    late.subscribe('library.changed', (payload) => heard.push(payload));
    await turn();
    expect(heard).toEqual([purchase.payload]);
  });

  it('never hand a notice: only states and signals are replayed', async () => {
    const late = createLateListeners();
    const heard: unknown[] = [];
    late.call()(1);
    late.stream(4, [{ seq: 3, event: 'return.confirmed', payload: 'again' }]);
    late.subscribe('return.confirmed', (payload) => heard.push(payload));
    await turn();
    expect(heard).toEqual([]);
  });

  it('are decided only by the calls that left before them: a failed one holds nothing', () => {
    const { late, heard, answers } = boot(1);
    late.stream(5, [purchase]);
    late.call()(6); // left after the stream opened: made after it
    expect(heard).toEqual([]);
    answers[0]!(); // failed
    expect(heard).toEqual([]);
  });
});
