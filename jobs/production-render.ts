import { runProductionRender } from '@/lib/productions/advance';
import { productionRenderQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

// One composition at a time per worker: it is the heaviest ffmpeg run Cinemood makes.
export const productionRender = handleQueue(productionRenderQueue, {
  work: { localConcurrency: 1 },
  handler: ({ productionId }, ctx) => runProductionRender(productionId, ctx),
});
