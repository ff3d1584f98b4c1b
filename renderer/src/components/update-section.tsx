import { useState } from 'react';
import type { UpdateState } from '../../../shared/ipc/updates';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { useEvent } from '../hooks/use-event';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';

/** One sentence per state: what the app is doing about its own updates. */
function describe(state: UpdateState): string {
  switch (state.status) {
    case 'unsupported':
      return 'Updates are managed by the Shelfkeeper desktop app.';
    case 'disabled':
      return 'Automatic updates are off in this development build.';
    case 'idle':
      return 'Shelfkeeper looks for updates when it starts and every few hours.';
    case 'checking':
      return 'Looking for updates…';
    case 'up-to-date':
      return 'You have the latest version.';
    case 'available':
      return `Version ${state.version ?? ''} is available and starting to download.`;
    case 'downloading':
      return `Downloading version ${state.version ?? ''}…`;
    case 'ready':
      return `Version ${state.version ?? ''} is ready. Restart Shelfkeeper to finish updating.`;
    case 'error':
      return state.message ?? 'The update could not be checked or downloaded.';
  }
}

/** Settings → Updates: the state pushed by main, "Check now" and "Restart to update". */
export function UpdateSection() {
  const initial = useChannel('update.status', {});
  const [pushed, setPushed] = useState<UpdateState | null>(null);
  useEvent('update.status', setPushed);
  const check = useAction(async () => setPushed(await getShelf().invoke('update.check', {})));
  const install = useAction(async () => getShelf().invoke('update.install', {}));
  const state = pushed ?? initial.data;

  return (
    <section className="card" aria-labelledby="updates-heading">
      <h2 id="updates-heading">Updates</h2>
      <ErrorMessage error={initial.error} onRetry={initial.reload} />
      {state ? (
        <>
          <p role="status">{describe(state)}</p>
          {state.status === 'downloading' && state.percent !== null ? (
            <div className="progress">
              <progress aria-label="Update download" max={100} value={state.percent} />
              <span className="progress-text">{Math.floor(state.percent)}%</span>
            </div>
          ) : null}
          {state.status === 'ready' ? (
            <button
              type="button"
              className="button primary"
              onClick={() => void install.run()}
              disabled={install.pending || install.result !== undefined}
            >
              Restart to update
            </button>
          ) : null}
          {['idle', 'up-to-date', 'error'].includes(state.status) ? (
            <button
              type="button"
              className="button"
              onClick={() => void check.run()}
              disabled={check.pending}
            >
              Check for updates
            </button>
          ) : null}
          <ErrorMessage error={check.error ?? install.error} />
        </>
      ) : null}
    </section>
  );
}
