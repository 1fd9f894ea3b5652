import { RadioChip } from '@/components/studio/radio-chip';
import type { JobStatus } from '@/components/media-api';
import { providerLabel } from '@/components/video-provider-labels';
import { useVideoProviders } from '@/components/use-video-providers';
import type { ActivityFilters, ActivityKind } from './activity-api';
import { STATUS_LABELS } from './job-status-badge';

const STATUSES = Object.keys(STATUS_LABELS) as JobStatus[];
const KINDS: { value: ActivityKind; label: string }[] = [
  { value: 'video', label: 'Video' },
  { value: 'audio', label: 'Audio' },
  { value: 'production', label: 'Productions' },
];

interface ChipGroupProps {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
}

function ChipGroup({ legend, name, options, value, onChange }: ChipGroupProps) {
  return (
    <fieldset className="min-w-0">
      <legend className="text-xs uppercase tracking-[0.2em] text-ink-300">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-1.5">
        {options.map((option) => (
          <RadioChip key={option.value} name={name} value={option.value} checked={option.value === value} onSelect={() => onChange(option.value)}>
            {option.label}
          </RadioChip>
        ))}
      </div>
    </fieldset>
  );
}

interface JobFilterBarProps {
  value: ActivityFilters;
  onChange: (filters: ActivityFilters) => void;
}

// "" stands for "all" in the radio groups; the API takes a missing parameter for that.
export function JobFilterBar({ value, onChange }: JobFilterBarProps) {
  // The providers this install can run, plus one a filter already names (a key removed since).
  const { configured } = useVideoProviders();
  const names = [...new Set(['local', ...configured.map((p) => p.name), ...(value.provider ? [value.provider] : [])])];
  const kind = value.kind?.length === 1 ? value.kind[0] : '';
  return (
    <div className="flex flex-col gap-4 rounded-xl border border-ink-800 bg-ink-900 p-4 lg:flex-row lg:gap-8">
      <ChipGroup
        legend="Kind"
        name="job-kind"
        options={[{ value: '', label: 'All' }, ...KINDS]}
        value={kind}
        onChange={(next) => onChange({ ...value, kind: next ? [next as ActivityKind] : undefined, ...(next === 'production' ? { provider: undefined } : {}) })}
      />
      <ChipGroup
        legend="Status"
        name="job-status"
        options={[{ value: '', label: 'All' }, ...STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))]}
        value={value.status ?? ''}
        onChange={(status) => onChange({ ...value, status: (status || undefined) as JobStatus | undefined })}
      />
      {kind !== 'production' && (
        <ChipGroup
          legend="Provider"
          name="job-provider"
          options={[{ value: '', label: 'All' }, ...names.map((name) => ({ value: name, label: providerLabel(name) }))]}
          value={value.provider ?? ''}
          onChange={(provider) => onChange({ ...value, provider: provider || undefined })}
        />
      )}
    </div>
  );
}
