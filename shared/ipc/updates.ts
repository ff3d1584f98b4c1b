import * as z from 'zod';

/**
 * The desktop app's own updates, as the Settings screen shows them. `unsupported`: this host
 * cannot update itself (the browser host: the desktop app manages updates); `disabled`: a
 * development run, where there is nothing to update unless forced. `percent` is set while
 * downloading; `version` once a newer version is known; `message` with `error`.
 */
export const updateStatusSchema = z.enum([
  'unsupported',
  'disabled',
  'idle',
  'checking',
  'up-to-date',
  'available',
  'downloading',
  'ready',
  'error',
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const updateStateSchema = z.object({
  status: updateStatusSchema,
  version: z.string().max(100).nullable(),
  percent: z.number().min(0).max(100).nullable(),
  message: z.string().max(500).nullable(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;
