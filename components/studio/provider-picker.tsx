'use client';

import { providerLabel } from '@/components/video-provider-labels';
import { useVideoProviders } from '@/components/use-video-providers';
import { RadioChip } from './radio-chip';

export interface ProviderChoice {
  provider: string;
  /** Empty: the provider's default model. */
  model: string;
  fallBackToLocal: boolean;
}

interface ProviderPickerProps {
  value: ProviderChoice;
  onChange: (choice: ProviderChoice) => void;
  /** The selected variation's ratio, to warn when the provider cannot make it. */
  aspectRatio: string | null;
}

/** Only providers with a key on this server are offered, each with its real models and ratios. */
export function ProviderPicker({ value, onChange, aspectRatio }: ProviderPickerProps) {
  const { configured, isLoading } = useVideoProviders();
  const selected = configured.find((p) => p.name === value.provider);
  const caps = selected?.capabilities;
  const ratioMissing = Boolean(caps && aspectRatio && !caps.aspectRatios.includes(aspectRatio));
  const durations = caps?.durationRange ? `${caps.durationRange.min}–${caps.durationRange.max} s` : caps?.durations.map((d) => `${d} s`).join(' / ');

  return (
    <fieldset data-testid="provider-picker" className="rounded-2xl border border-ink-800 bg-ink-900 p-5 sm:p-6">
      <legend className="sr-only">Provider</legend>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0">
          <p className="text-xs uppercase tracking-[0.2em] text-ink-300">Provider</p>
          <div className="mt-3 flex flex-wrap gap-2">
            {isLoading && <span className="text-sm text-ink-500">Loading providers…</span>}
            {configured.map((p) => (
              <RadioChip key={p.name} name="provider" value={p.name} checked={p.name === value.provider} onSelect={() => onChange({ provider: p.name, model: '', fallBackToLocal: value.fallBackToLocal })}>
                {providerLabel(p.name)}
              </RadioChip>
            ))}
          </div>
          {configured.length === 1 && (
            <p className="mt-2 text-xs text-ink-500">Set a provider&apos;s API key on the server (e.g. RUNWAYML_API_SECRET, KLING_ACCESS_KEY) to offer it here.</p>
          )}
        </div>
        {caps && (
          <div className="grid gap-3 text-sm sm:grid-cols-2 lg:w-[28rem]">
            <label className="block">
              <span className="text-xs uppercase tracking-[0.2em] text-ink-300">Model</span>
              <select
                value={value.model}
                onChange={(e) => onChange({ ...value, model: e.target.value })}
                className="mt-2 w-full rounded-md border border-ink-700 bg-ink-950 px-2 py-1.5 text-zinc-100"
              >
                <option value="">Default ({caps.defaultModel})</option>
                {caps.models.filter((m) => m !== caps.defaultModel).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <dl className="space-y-1 text-xs text-ink-300">
              <div>
                <dt className="inline text-ink-500">Ratios </dt>
                <dd className="inline tabular-nums">{caps.aspectRatios.join(' · ')}</dd>
              </div>
              <div>
                <dt className="inline text-ink-500">Durations </dt>
                <dd className="inline tabular-nums">{durations}</dd>
              </div>
              <div>
                <dt className="inline text-ink-500">Updates </dt>
                <dd className="inline">{caps.webhooks ? 'callbacks + polling' : 'polling'}</dd>
              </div>
            </dl>
            {value.provider !== 'local' && (
              <label className="flex items-center gap-2 text-ink-300 sm:col-span-2">
                <input type="checkbox" checked={value.fallBackToLocal} onChange={(e) => onChange({ ...value, fallBackToLocal: e.target.checked })} className="accent-glow-400" />
                If {providerLabel(value.provider)} fails, render locally instead
              </label>
            )}
          </div>
        )}
      </div>
      {ratioMissing && (
        <p role="alert" className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm text-intimate">
          {providerLabel(value.provider)} cannot make {aspectRatio} video; pick another platform or provider.
        </p>
      )}
    </fieldset>
  );
}
