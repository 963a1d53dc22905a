import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '@churn/service';
import { reportRoutes } from './report.routes';
import { suggestRoutes } from './suggest.routes';

/** Every HTTP route of the validator (`routes` of its service definition). */
export async function validationRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await reportRoutes(app, ctx);
  await suggestRoutes(app, ctx);
}
