import type { EventRow } from './frames';
import { matchesTypes } from './types';

export interface EventFilter {
  types: string[];
  jobId?: string;
  productionId?: string;
  universeId?: string;
}

export function matchesFilter(row: Pick<EventRow, 'type' | 'jobId' | 'productionId' | 'universeId'>, f: EventFilter): boolean {
  if (f.jobId && row.jobId !== f.jobId) return false;
  if (f.productionId && row.productionId !== f.productionId) return false;
  if (f.universeId && row.universeId !== f.universeId) return false;
  return matchesTypes(row.type, f.types);
}
