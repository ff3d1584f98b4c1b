import * as z from 'zod';

/**
 * Local license state (docs/design.md §5.1): active → return_pending → confirmed → (rows
 * deleted). `confirmed` rows exist only between the receipt and the deletion of the files.
 */
export const localLicenseStateSchema = z.enum(['active', 'return_pending', 'confirmed']);
export type LocalLicenseState = z.infer<typeof localLicenseStateSchema>;
