'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { isUnsettled, type ProductionView } from './production-api';
import { useCancelProduction, useDeleteProduction, useRenderProduction } from './use-productions';

const BUTTON = 'inline-flex items-center justify-center gap-2 rounded-md border px-4 py-2 text-sm transition disabled:cursor-not-allowed disabled:opacity-40';
const PRIMARY = 'inline-flex items-center justify-center gap-2 rounded-md bg-glow-400 px-5 py-2 text-sm font-medium text-ink-950 transition hover:bg-glow-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-glow-400';

interface ProductionActionsProps {
  production: ProductionView;
  /** Unsaved edits would not be in the render; the creator saves (or discards) first. */
  dirty: boolean;
}

export function ProductionActions({ production, dirty }: ProductionActionsProps) {
  const router = useRouter();
  const render = useRenderProduction(production.id);
  const cancel = useCancelProduction(production.id);
  const remove = useDeleteProduction(production.id);
  const [confirming, setConfirming] = useState(false);
  const running = isUnsettled(production.status);
  const error = render.error ?? cancel.error ?? remove.error;
  const renderHint = dirty ? 'Save your edits first' : running ? 'It is still being made' : undefined;

  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={running || dirty || render.isPending}
          aria-busy={render.isPending}
          title={renderHint}
          onClick={() => {
            cancel.reset();
            render.mutate(undefined);
          }}
          className={PRIMARY}
        >
          {render.isPending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-ink-950 border-t-transparent" />}
          {production.renders > 0 ? 'Render again' : 'Render'}
        </button>
        {running && (
          <button
            type="button"
            disabled={cancel.isPending}
            onClick={() => {
              render.reset();
              cancel.mutate(undefined);
            }}
            className={`${BUTTON} border-ink-700 text-zinc-200 hover:border-ink-500`}
          >
            Cancel
          </button>
        )}
        {!running &&
          (confirming ? (
            <>
              <button
                type="button"
                disabled={remove.isPending}
                onClick={() => remove.mutate(undefined, { onSuccess: () => router.push('/productions') })}
                className={`${BUTTON} border-intimate bg-intimate/10 text-intimate hover:bg-intimate/20`}
              >
                Delete for good
              </button>
              <button type="button" onClick={() => setConfirming(false)} className={`${BUTTON} border-ink-700 text-zinc-200 hover:border-ink-500`}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} className={`${BUTTON} border-intimate/50 text-intimate hover:border-intimate hover:bg-intimate/10`}>
              Delete
            </button>
          ))}
      </div>
      {confirming && !running && <p className="text-xs text-ink-500">The finished video stays in the library.</p>}
      {dirty && !running && <p className="text-xs text-ink-500">Save your edits to render them.</p>}
      {error && (
        <p role="alert" className="max-w-md rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
          {error.message}
        </p>
      )}
    </div>
  );
}
