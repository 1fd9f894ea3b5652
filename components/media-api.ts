import type { AudioJobView } from '@/lib/api/contracts/audio';
import type { AssetView } from '@/lib/api/contracts/media';
import type { VideoJobView, VideoProviderInfoSchema } from '@/lib/api/contracts/video';
import type { z } from 'zod';
import type { ActivityFilters, ActivityPage } from '@/components/jobs/activity-api';

// Types only: the contracts import zod schemas and the strategy engine, which must stay out of the browser bundle.

export type JobStatus = VideoJobView['status'];
export type AssetType = AssetView['asset_type'];
export type { AudioJobView };
export type VideoProviderInfo = z.infer<typeof VideoProviderInfoSchema>;

export interface GenerateVideoRequest {
  generation_type: 'text_to_video' | 'image_to_video';
  prompt: string;
  mood: number;
  platform?: string;
  camera_movement?: string;
  lighting?: string;
  aspect_ratio?: string;
  duration?: number;
  image_asset_id?: string;
  seed?: string;
  provider?: string;
  model?: string;
  fallback?: string[];
}

export interface JobFilters {
  status?: JobStatus;
  provider?: string;
}

export interface AssetFilters {
  asset_type?: AssetType;
  trash: boolean;
}

export interface AssetChanges {
  title?: string;
  description?: string;
  tags?: string[];
  pinned?: boolean;
}

export interface JobPage {
  jobs: VideoJobView[];
  next_cursor: string | null;
}

export interface AssetPage {
  assets: AssetView[];
  next_cursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Every API error is `{ error: { code, message } }`; anything else (a proxy page, a dropped connection) gets a generic message. */
function errorFrom(payload: unknown, status: number): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `The server answered with status ${status}`;
  return new ApiError(status, typeof error?.code === 'string' ? error.code : 'unknown', message);
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const json = init.body !== undefined && !(init.body instanceof FormData);
  const headers = json ? { 'content-type': 'application/json', ...init.headers } : init.headers;
  const response = await fetch(url, { ...init, headers });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(payload, response.status);
  return payload as T;
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const videoApi = {
  generate: (body: GenerateVideoRequest) =>
    request<{ job: VideoJobView }>('/api/video/generate', { method: 'POST', body: JSON.stringify(body) }),
  listJobs: (filters: JobFilters, cursor: string | undefined, signal?: AbortSignal) =>
    request<JobPage>(withQuery('/api/video/jobs', { status: filters.status, provider: filters.provider, limit: '20', cursor }), { signal }),
  retryJob: (id: string) => request<{ job: VideoJobView }>(`/api/video/jobs/${id}/retry`, { method: 'POST' }),
  cancelJob: (id: string) => request<{ job: VideoJobView }>(`/api/video/jobs/${id}/cancel`, { method: 'POST' }),
  listProviders: (signal?: AbortSignal) => request<{ providers: VideoProviderInfo[] }>('/api/video/providers', { signal }),
};

/** GET /api/jobs: video jobs, audio jobs and productions together. */
export const activityApi = {
  list: (filters: ActivityFilters, cursor: string | undefined, signal?: AbortSignal) =>
    request<ActivityPage>(withQuery('/api/jobs', { kind: filters.kind?.join(','), status: filters.status, provider: filters.provider, limit: '20', cursor }), { signal }),
};

export const mediaApi = {
  listAssets: (filters: AssetFilters, cursor: string | undefined, signal?: AbortSignal) =>
    request<AssetPage>(withQuery('/api/media/assets', { asset_type: filters.asset_type, trash: String(filters.trash), limit: '24', cursor }), { signal }),
  getAsset: (id: string, signal?: AbortSignal) => request<{ asset: AssetView }>(`/api/media/assets/${id}`, { signal }),
  updateAsset: (id: string, changes: AssetChanges) =>
    request<{ asset: AssetView }>(`/api/media/assets/${id}`, { method: 'PATCH', body: JSON.stringify(changes) }),
  deleteAsset: (id: string) => request<{ asset: AssetView }>(`/api/media/assets/${id}`, { method: 'DELETE' }),
  restoreAsset: (id: string) => request<{ asset: AssetView }>(`/api/media/assets/${id}/restore`, { method: 'POST' }),
};

export type AudioGenerateRequest =
  | { generation_type: 'text_to_speech'; text: string; voice?: string; speed?: number; language?: string; provider?: string }
  | { generation_type: 'text_to_music'; prompt: string; mood: number; duration: number; format?: 'mp3' | 'wav'; provider?: string; seed?: string }
  | { generation_type: 'stem_separation'; audio_asset_id: string; provider?: string };

export interface AudioEngineInfo {
  name: string;
  local: boolean;
  configured: boolean;
  note?: string;
  voices?: string[];
}

export interface AudioEngines {
  speech: AudioEngineInfo[];
  music: AudioEngineInfo[];
  stems: AudioEngineInfo[];
  transcription: AudioEngineInfo[];
}

export interface AudioJobFilters {
  status?: JobStatus;
  generation_type?: AudioJobView['generation_type'];
}

export const audioApi = {
  generate: (body: AudioGenerateRequest) => request<{ job: AudioJobView }>('/api/audio/generate', { method: 'POST', body: JSON.stringify(body) }),
  /** JSON names an asset; a FormData carries an upload in "file" plus the same fields. */
  transcribe: (body: { asset_id: string; expected_text?: string; language?: string; provider?: string } | FormData) =>
    body instanceof FormData
      ? request<{ job: AudioJobView }>('/api/audio/transcribe', { method: 'POST', body, headers: {} })
      : request<{ job: AudioJobView }>('/api/audio/transcribe', { method: 'POST', body: JSON.stringify(body) }),
  listJobs: (filters: AudioJobFilters, cursor: string | undefined, signal?: AbortSignal) =>
    request<{ jobs: AudioJobView[]; next_cursor: string | null }>(withQuery('/api/audio/jobs', { status: filters.status, generation_type: filters.generation_type, limit: '20', cursor }), { signal }),
  getJob: (id: string, signal?: AbortSignal) => request<{ job: AudioJobView }>(`/api/audio/jobs/${id}`, { signal }),
  engines: (signal?: AbortSignal) => request<AudioEngines>('/api/audio/engines', { signal }),
  retryJob: (id: string) => request<{ job: AudioJobView }>(`/api/audio/jobs/${id}/retry`, { method: 'POST' }),
  cancelJob: (id: string) => request<{ job: AudioJobView }>(`/api/audio/jobs/${id}/cancel`, { method: 'POST' }),
};

export const queryKeys = {
  jobs: (filters?: JobFilters) => (filters ? (['video-jobs', filters] as const) : (['video-jobs'] as const)),
  assets: (filters?: AssetFilters) => (filters ? (['media-assets', filters] as const) : (['media-assets'] as const)),
  asset: (id: string) => ['media-asset', id] as const,
  providers: () => ['video-providers'] as const,
  audioJobs: (filters?: AudioJobFilters) => (filters ? (['audio-jobs', filters] as const) : (['audio-jobs'] as const)),
  audioJob: (id: string) => ['audio-job', id] as const,
  audioEngines: () => ['audio-engines'] as const,
};

/**
 * fetch() cannot report upload progress; XMLHttpRequest can. Resolves with the new asset,
 * rejects with an ApiError (413 too large, 415 unsupported type, …) or an AbortError.
 */
export function uploadAsset(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<AssetView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/media/assets');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const payload: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) resolve((payload as { asset: AssetView }).asset);
      else reject(errorFrom(payload, xhr.status));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted; check the connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was canceled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });

    const form = new FormData();
    form.append('file', file);
    form.append('title', file.name.replace(/\.[^.]+$/, ''));
    xhr.send(form);
  });
}
