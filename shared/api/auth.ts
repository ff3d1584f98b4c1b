import * as z from 'zod';
import { idSchema, isoDateTimeSchema, userSchema } from './common';

const emailSchema = z.email().max(254);
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);
export const deviceNameSchema = z.string().trim().min(1).max(100);

export const registerRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(100),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/**
 * The answer to a registration, the same whether or not the address already has an account
 * (docs/design.md §7.11): the next step is always the mail sent to that address.
 */
export const registrationAcceptedSchema = z.object({
  email: z.string(),
  confirmationSent: z.literal(true),
});
export type RegistrationAccepted = z.infer<typeof registrationAcceptedSchema>;

/** An address to mail a link to (confirmation again, or a password reset). */
export const emailRequestSchema = z.object({ email: emailSchema });
export type EmailRequest = z.infer<typeof emailRequestSchema>;

/** The secret of an emailed link (its `token` query parameter); only its hash is stored. */
const linkTokenSchema = z.string().min(20).max(200);

export const confirmEmailRequestSchema = z.object({ token: linkTokenSchema });
export type ConfirmEmailRequest = z.infer<typeof confirmEmailRequestSchema>;

export const resetPasswordRequestSchema = z.object({
  token: linkTokenSchema,
  password: passwordSchema,
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** How many other sessions a password change ended. */
export const passwordChangedSchema = z.object({
  ok: z.literal(true),
  sessionsEnded: z.number().int().nonnegative(),
});
export type PasswordChanged = z.infer<typeof passwordChangedSchema>;

export const loginRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
  deviceId: idSchema,
  deviceName: deviceNameSchema,
  /**
   * The secret the server issued to this device at its last sign-in: proves a known device, whose
   * sign-ins are limited on their own counter, so guesses made elsewhere never lock it out.
   */
  deviceSecret: z.string().min(20).max(200).optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const deviceSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoDateTimeSchema,
  lastSeenAt: isoDateTimeSchema,
});
export type Device = z.infer<typeof deviceSchema>;

export const sessionSchema = z.object({
  token: z.string().min(20),
  expiresAt: isoDateTimeSchema,
  user: userSchema,
  device: deviceSchema,
  /** A new device secret, to keep (encrypted) and send with this device's next sign-in. */
  deviceSecret: z.string().min(20).optional(),
});
export type Session = z.infer<typeof sessionSchema>;

export const devicesResponseSchema = z.object({ devices: z.array(deviceSchema) });
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;
export const deviceParamsSchema = z.object({ deviceId: idSchema });
/** A device's name as the user gives it; a sign-in does not change it afterwards. */
export const renameDeviceRequestSchema = z.object({ name: deviceNameSchema });
