import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';

/** Open311 GeoReport v2 intake channel at /open311/v2/. */
export async function open311Routes(_app: FastifyInstance, _ctx: Context) {}
