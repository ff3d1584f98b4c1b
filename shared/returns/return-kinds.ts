import * as z from 'zod';
import { RETURN_KINDS } from './return-kind-list';

export * from './return-kind-list';

export const returnKindSchema = z.enum(RETURN_KINDS);
