import { useState } from 'react';
import type { DeviceView } from '../../../shared/ipc/contract';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorMessage } from '../components/error-message';
import { NameDialog } from '../components/name-dialog';
import { useChannel } from '../hooks/use-channel';
import { formatDateTime } from '../lib/format';
import { getShelf } from '../lib/shelf';

/**
 * The user's devices as the license server knows them (docs/design.md §12.5): rename one, or
 * remove it, which ends its sessions (it must sign in again, and counts no more against the
 * device limit).
 */
export function DevicesScreen({ onSignedOut }: { onSignedOut: () => void }) {
  const devices = useChannel('devices.list', {});
  const [renaming, setRenaming] = useState<DeviceView | null>(null);
  const [removing, setRemoving] = useState<DeviceView | null>(null);
  const [done, setDone] = useState('');

  const rename = async (name: string) => {
    if (!renaming) return;
    const device = await getShelf().invoke('devices.rename', { deviceId: renaming.id, name });
    setRenaming(null);
    setDone(`Renamed to “${device.name}”.`);
    devices.reload();
  };
  const remove = async () => {
    if (!removing) return;
    await getShelf().invoke('devices.remove', { deviceId: removing.id });
    const wasThis = removing.current;
    setRemoving(null);
    setDone(`Removed “${removing.name}”.`);
    if (wasThis) onSignedOut();
    else devices.reload();
  };

  return (
    <div className="screen devices">
      <h1>Devices</h1>
      <p>
        The devices signed in to your account. Removing one signs it out; it can sign in again
        later.
      </p>
      <ErrorMessage error={devices.error} />
      <p role="status" className="hint">
        {done}
      </p>
      {devices.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="devices-table">
            <caption className="visually-hidden">Your devices</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col">Last signed in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.data.devices.map((device) => (
                <tr key={device.id} data-device-id={device.id}>
                  <td>
                    {device.name}
                    {device.current ? (
                      <span className="badge ok device-here">This device</span>
                    ) : null}
                  </td>
                  <td>{formatDateTime(device.createdAt)}</td>
                  <td>{formatDateTime(device.lastSeenAt)}</td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button"
                        aria-label={`Rename ${device.name}`}
                        onClick={() => setRenaming(device)}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="button"
                        aria-label={`Remove ${device.name}`}
                        onClick={() => setRemoving(device)}
                      >
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : devices.loading ? (
        <p>Loading…</p>
      ) : null}
      {renaming ? (
        <NameDialog
          title="Rename device"
          initial={renaming.name}
          maxLength={100}
          onSave={rename}
          onClose={() => setRenaming(null)}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title="Remove device"
          confirm="Remove device"
          onConfirm={remove}
          onClose={() => setRemoving(null)}
        >
          Remove “{removing.name}”? It is signed out at once
          {removing.current ? ', and that is this app: you will need to sign in again' : ''}. Its
          downloaded contents stay on it, locked until it signs in again.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
