import { z } from 'zod';
import { LIMIT_UNITS } from '../domain/time-limits.ts';

/** A limit: an amount of minutes, hours, working hours or working days; 当日办结 needs no amount. */
export const Limit = z
  .object({ amount: z.number().int().min(0).max(10_000), unit: z.enum(LIMIT_UNITS) })
  .refine((l) => l.unit === 'same_day' || l.amount > 0, { message: '时限必须大于 0', path: ['amount'] });
