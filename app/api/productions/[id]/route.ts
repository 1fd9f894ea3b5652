import { deleteProduction as deleteContract, getProduction as getContract, updateProduction as updateContract } from '@/lib/api/contracts/productions';
import { route } from '@/lib/api/route';
import { editProduction } from '@/lib/productions/edit';
import { deleteProduction, getProduction } from '@/lib/productions/productions';

export const dynamic = 'force-dynamic';

// GET /api/productions/{id} – status, timeline, children and the finished video
export const GET = route(getContract, async ({ params }) => ({ production: await getProduction(params.id) }));

// PATCH /api/productions/{id} – edit the timeline (409 on a stale version)
export const PATCH = route(updateContract, async ({ params, body }) => ({ production: await editProduction(params.id, body) }));

// DELETE /api/productions/{id} – delete a settled production (its video stays in the library)
export const DELETE = route(deleteContract, async ({ params }) => {
  await deleteProduction(params.id);
  return { deleted: true as const };
});
