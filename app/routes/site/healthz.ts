import type { LoaderFunctionArgs } from '@remix-run/node';
import { sql } from 'drizzle-orm';

/** For load balancers and the start script: is the database reachable, is search up. */
export async function loader({ context }: LoaderFunctionArgs) {
  await context.services.db.execute(sql`select 1`);
  return Response.json({ status: 'ok', database: context.services.dbKind, search: context.services.search.available ? 'available' : 'unavailable' });
}
