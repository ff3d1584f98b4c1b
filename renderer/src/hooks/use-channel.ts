import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput, EventName } from '../../../shared/ipc/contract';
import { firstAsk, settledAnswer } from '../lib/boot';
import { getShelf, hasShelf } from '../lib/shelf';

export interface ChannelState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Reads a channel and keeps the answer. It re-asks when the input changes, when `reload` is
 * called, and when one of `refreshOn`'s events arrives. The previous answer stays on screen while
 * a new one loads, so a refresh never flashes an empty screen; stale answers are dropped.
 */
export function useChannel<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  refreshOn: readonly EventName[] = [],
): ChannelState<ChannelOutput<C>> {
  const key = JSON.stringify(input);
  const [generation, setGeneration] = useState(0);
  const requestId = `${generation}|${channel}|${key}`;
  // `answered` names the request the state answers; loading = the current one is not answered.
  // The boot's answer, when it has come back already, is the first render's (lib/boot.ts).
  const [state, setState] = useState<{
    data?: ChannelOutput<C>;
    error: unknown;
    answered: string | null;
  }>(() => {
    const settled = settledAnswer(channel, input);
    return settled === undefined
      ? { error: null, answered: null }
      : { data: settled, error: null, answered: requestId };
  });
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const latestRequest = useRef(0);

  useEffect(() => {
    const request = ++latestRequest.current;
    const id = `${generation}|${channel}|${key}`;
    const input = JSON.parse(key) as ChannelInput<C>;
    // The first ask may already be answered by the boot (lib/boot.ts); a reload always asks.
    (generation === 0 ? firstAsk(channel, input) : getShelf().invoke(channel, input)).then(
      (data) => {
        // The boot's answer the first render already shows: no second commit for it.
        if (request === latestRequest.current)
          setState((s) =>
            s.answered === id && s.data === data ? s : { data, error: null, answered: id },
          );
      },
      (error: unknown) => {
        if (request === latestRequest.current) setState((s) => ({ ...s, error, answered: id }));
      },
    );
  }, [channel, key, generation]);

  const events = refreshOn.join(',');
  useEffect(() => {
    if (!events || !hasShelf()) return undefined;
    const shelf = getShelf();
    const offs = events.split(',').map((event) => shelf.on(event as EventName, reload));
    return () => offs.forEach((off) => off());
  }, [events, reload]);

  return { data: state.data, error: state.error, loading: state.answered !== requestId, reload };
}
