import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '@/components/media-api';
import { productionKeys, type ProductionView } from './production-api';
import { draftFrom, patchFrom, type ShotAction, type TimelineDraft } from './timeline-draft';
import { useUpdateProduction } from './use-productions';

export const CONFLICT_MESSAGE =
  'This production changed while you were editing (in another tab, or by the API), so your edits were not saved. The latest version is loaded: make them again and save.';

/**
 * The editor's working copy. Untouched, it follows the server (null draft); once edited it keeps the
 * version it started from, so a save on top of someone else's change is refused (409) instead of overwriting it.
 */
export function useTimelineDraft(production: ProductionView) {
  const client = useQueryClient();
  const [edited, setEdited] = useState<TimelineDraft | null>(null);
  const [conflict, setConflict] = useState(false);
  const update = useUpdateProduction(production.id);
  const draft = edited ?? draftFrom(production.timeline);
  const dirty = edited !== null && patchFrom(edited, production.timeline) !== null;

  const change = (next: Partial<TimelineDraft>) => {
    setConflict(false);
    update.reset();
    setEdited({ ...draft, ...next });
  };

  const save = (action?: ShotAction) => {
    const body = patchFrom(draft, production.timeline, action);
    if (!body) return;
    setConflict(false);
    update.mutate(body, {
      onSuccess: () => setEdited(null),
      onError: (error) => {
        if (!(error instanceof ApiError && error.status === 409)) return;
        setConflict(true);
        setEdited(null);
        void client.invalidateQueries({ queryKey: productionKeys.one(production.id) });
      },
    });
  };

  const discard = () => {
    setConflict(false);
    update.reset();
    setEdited(null);
  };

  // A 409 is explained by the conflict message rather than the server's own words.
  const error = conflict ? null : update.error;
  // "Saved" holds until the next composition, which is when the saved edits can be seen.
  const saved = update.isSuccess && !dirty && update.data.production.renders === production.renders;
  return { draft, dirty, change, save, discard, saving: update.isPending, saved, conflict, error };
}

export type TimelineDraftState = ReturnType<typeof useTimelineDraft>;
