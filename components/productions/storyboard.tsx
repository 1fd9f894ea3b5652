'use client';

import { useState } from 'react';
import type { ProductionOptions } from './production-options';
import { shotChild, type ProductionChild, type ProductionView } from './production-api';
import { AssetPicker } from './asset-picker';
import { ShotCard } from './shot-card';
import { StatusBadge } from './status-badge';
import type { ShotAction } from './timeline-draft';

interface StoryboardProps {
  production: ProductionView;
  labels: ProductionOptions['labels'];
  editable: boolean;
  onShotAction: (action: ShotAction) => void;
}

const SOUND_ROLES: readonly { role: string; label: string }[] = [
  { role: 'narration', label: 'Voice-over' },
  { role: 'alignment', label: 'Word timing' },
  { role: 'music', label: 'Music' },
];

function SoundJobs({ jobs: all }: { jobs: readonly ProductionChild[] }) {
  const jobs = SOUND_ROLES.flatMap(({ role, label }) => {
    const child = all.find((c) => c.role === role);
    return child ? [{ label, child }] : [];
  });
  if (jobs.length === 0) return null;
  return (
    <ul aria-label="Sound" className="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-xs">
      {jobs.map(({ label, child }) => (
        <li key={child.role} data-testid="sound-job" data-role={child.role} className="flex min-w-0 items-center gap-2">
          <span className="text-ink-500">{label}</span>
          <StatusBadge status={child.status} testId="sound-status" />
          {child.status === 'processing' && <span className="tabular-nums text-ink-300">{child.progress}%</span>}
          {child.status === 'failed' && child.error_message && <span className="min-w-0 break-words text-intimate">{child.error_message}</span>}
        </li>
      ))}
    </ul>
  );
}

/** One card per shot, live while the shots render; a failed shot can be replaced or made again. */
export function Storyboard({ production, labels, editable, onShotAction }: StoryboardProps) {
  const [replacing, setReplacing] = useState<{ shotId: string; number: number } | null>(null);
  const { shots } = production.timeline;

  return (
    <section aria-labelledby="storyboard-heading">
      <h2 id="storyboard-heading" className="text-sm uppercase tracking-[0.2em] text-ink-300">
        Storyboard
      </h2>
      <ol data-testid="storyboard" className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {shots.map((shot, index) => (
          <li key={shot.id} className="min-w-0">
            <ShotCard
              shot={shot}
              number={index + 1}
              child={shotChild(production, shot.id)}
              labels={labels}
              editable={editable}
              onReplace={() => setReplacing({ shotId: shot.id, number: index + 1 })}
              onRegenerate={() => onShotAction({ shotId: shot.id, regenerate: true })}
            />
          </li>
        ))}
      </ol>
      <SoundJobs jobs={production.children} />
      {replacing && (
        <AssetPicker
          shotNumber={replacing.number}
          onClose={() => setReplacing(null)}
          onPick={(asset) => {
            setReplacing(null);
            onShotAction({ shotId: replacing.shotId, asset_id: asset.id });
          }}
        />
      )}
    </section>
  );
}
