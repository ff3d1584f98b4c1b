import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';

interface Props {
  serverUrl: string;
  onSaved: (serverUrl: string) => void;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The license server's address, checked here first so the user gets a precise sentence. */
export function ServerUrlForm({ serverUrl, onSaved }: Props) {
  const [value, setValue] = useState(serverUrl);
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useAction(async (url: string) =>
    getShelf().invoke('settings.set', { serverUrl: url }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const url = value.trim();
    if (!isHttpUrl(url)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
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
          aria-invalid={invalid}
          aria-describedby={invalid ? 'server-url-error' : undefined}
          spellCheck={false}
          autoComplete="url"
        />
        <button type="submit" className="button" disabled={save.pending}>
          Save address
        </button>
      </div>
      {invalid ? (
        <p id="server-url-error" className="field-error">
          Enter a full address starting with http:// or https://, for example
          https://shelf.example.com.
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
