import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { REGION_LEVELS } from '../demo/demo-geography.ts';
import { ErrorBody } from '../platform/error-schema.ts';
import { listRegions } from './regions.ts';

const Position = z.array(z.number());
const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);

export const RegionCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      properties: z.object({
        unitId: z.number(),
        code: z.string().nullable(),
        name: z.string(),
        level: z.enum(REGION_LEVELS),
        parentUnitId: z.number().nullable(),
      }),
      geometry: Geometry,
    }),
  ),
});

export async function geoRoutes(fastify: FastifyInstance, ctx: Context) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/geo/regions',
    {
      schema: {
        tags: ['地理 geography'],
        summary: '行政区划边界（GeoJSON FeatureCollection，按层级）',
        description: '区县、街道（乡镇）、社区（村）、网格的边界；properties.unitId 与承办单位对应。',
        querystring: z.object({ level: z.enum(REGION_LEVELS) }),
        response: { 200: RegionCollection, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => listRegions(ctx, { actor: req.actor, level: req.query.level }),
  );
}
