import type { Db } from './database';
import type { DevicesTable } from './schema';

export type DeviceRow = DevicesTable;

export function findDevice(db: Db, userId: string, id: string): Promise<DeviceRow | undefined> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countDevices(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertDevice(db: Db, row: DeviceRow): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

/** A known device signs in again: seen now, a new secret. Its name stays the user's. */
export async function touchDevice(
  db: Db,
  userId: string,
  id: string,
  at: string,
  secretHash: string,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_seen_at: at, secret_hash: secretHash })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute();
}

/** Renames the user's device; undefined when the user has no such device. */
export async function setDeviceName(
  db: Db,
  userId: string,
  id: string,
  name: string,
): Promise<DeviceRow | undefined> {
  await db
    .updateTable('devices')
    .set({ name })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute();
  return findDevice(db, userId, id);
}

export function listDevices(db: Db, userId: string): Promise<DeviceRow[]> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Deletes the device and its sessions; answers false when the user has no such device. */
export async function deleteDevice(db: Db, userId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('device_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('devices')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
