import { sweepStalledJobs } from '@/lib/lifecycle/sweeper';
import { jobsSweepQueue } from '@/lib/queue/catalog';
import { handleQueue } from '@/lib/queue/define';

export const jobsSweep = handleQueue(jobsSweepQueue, {
  handler: () => sweepStalledJobs(),
});
