import { streamEvents as contract } from '@/lib/api/contracts/events';
import { route } from '@/lib/api/route';
import { eventStreamResponse, resumeFrom } from '@/lib/events/stream';

export const dynamic = 'force-dynamic';

// GET /api/events – Server-Sent Events of every job, asset and production change
export const GET = route(contract, async ({ request, query }) =>
  eventStreamResponse(
    { types: query.types ?? [], jobId: query.job_id, productionId: query.production_id, universeId: query.universe_id },
    resumeFrom(request.headers.get('last-event-id'), query.last_event_id),
    request.signal,
  ),
);
