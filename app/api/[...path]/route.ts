import { AppError } from '@/lib/errors';
import { route } from '@/lib/api/route';

// Any /api path without a route of its own: a JSON 404 instead of the HTML error page.
const notFound = route({}, async ({ request }) => {
  throw new AppError('not_found', `No API route for ${request.method} ${new URL(request.url).pathname}`);
});

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
