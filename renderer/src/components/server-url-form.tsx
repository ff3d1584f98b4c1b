import { useState } from 'react';
import type { FormEvent } from 'react';
import { ERROR_SENTENCES } from '../../../shared/error-codes';
import type { ServerAddressProblem } from '../../../shared/server-address';
import { serverAddressProblem } from '../../../shared/server-address-rule';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';

interface Props {
  serverUrl: string;
  onSaved: (serverUrl: string) => void;
}

/**
 * The license server's address, checked here first (the same rule as the contract's) so the user
 * gets a precise sentence: not an address at all, or http:// to a server on another computer.
 */
export function ServerUrlForm({ serverUrl, onSaved }: Props) {
  const [value, setValue] = useState(serverUrl);
  const [problem, setProblem] = useState<ServerAddressProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(async (url: string) =>
    getShelf().invoke('settings.set', { serverUrl: url }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const url = value.trim();
    const found = serverAddressProblem(url);
    setProblem(found);
    if (found) return;
    const result = await save.run(url);
    if (result) {
      setSaved(true);
      onSaved(result.serverUrl);
    }
  };

  return (
    <form className="form inline-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <label htmlFor="server-url">License server address</label>
      <div className="row">
        <input
          id="server-url"
          type="url"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'server-url-error' : undefined}
          spellCheck={false}
          autoComplete="url"
        />
        <button type="submit" className="button" disabled={save.pending}>
          Save address
        </button>
      </div>
      {problem ? (
        <p id="server-url-error" className="field-error">
          {ERROR_SENTENCES[problem]}
        </p>
      ) : null}
      {saved ? (
        <p className="field-ok" role="status">
          Saved. The app now talks to this server.
        </p>
      ) : null}
      <ErrorMessage error={save.error} />
    </form>
  );
}
