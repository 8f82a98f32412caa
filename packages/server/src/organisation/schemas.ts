import { z } from 'zod';
import { UNIT_KINDS } from '../domain/reference.ts';

export const UnitView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  code: z.string().nullable(),
  depth: z.number(),
  active: z.boolean(),
});
export const CategoryView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  code: z.string().nullable(),
  depth: z.number(),
  active: z.boolean(),
});
