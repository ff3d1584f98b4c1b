import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { DevicesPage } from './pages/devices-page';

test.describe('devices', () => {
  test('lists the devices from the server, renames one and removes it, ending its session', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const devices = new DevicesPage(page);
    // Another device of the demo user, signed in straight on the server.
    const login = await app.serverFetch('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: app.demo.email,
        password: app.demo.password,
        deviceId: randomUUID(),
        deviceName: 'Old phone',
      }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const asPhone = () =>
      app.serverFetch('/v1/devices', { headers: { authorization: `Bearer ${token}` } });
    expect((await asPhone()).status).toBe(200);

    await shell.goTo('Devices');
    await expect(devices.heading()).toBeVisible();
    await expect(devices.row('Old phone')).toBeVisible();
    const here = devices.rows().filter({ hasText: 'This device' });
    await expect(here).toHaveCount(1);
    await expect(devices.row('Old phone')).not.toContainText('This device');

    await devices.rename('Old phone', 'Kitchen tablet');
    await expect(devices.status()).toHaveText('Renamed to “Kitchen tablet”.');
    await expect(devices.row('Kitchen tablet')).toBeVisible();
    await shell.expectAccessible();
    await shell.screenshot('devices');

    await devices.remove('Kitchen tablet');
    await expect(devices.status()).toHaveText('Removed “Kitchen tablet”.');
    await expect(devices.row('Kitchen tablet')).toHaveCount(0);
    await expect(devices.rows()).toHaveCount(1);
    // Removing it revoked its session on the server.
    expect((await asPhone()).status).toBe(401);
  });

  test('says so offline instead of showing a stale list', async ({ page, app }) => {
    const shell = new AppPage(page);
    await app.stopServer();
    await shell.goTo('Devices');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByTestId('devices-table')).toHaveCount(0);
  });
});
