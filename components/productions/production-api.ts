import type { z } from 'zod';
import type { CreateProductionSchema, ProductionView, UpdateProductionSchema } from '@/lib/api/contracts/productions';
import { ApiError } from '@/components/media-api';

// Types only from the contracts: their zod schemas pull in the strategy engine, which stays out of the browser bundle.

export type { ProductionView };
export type ProductionStatus = ProductionView['status'];
export type ProductionChild = ProductionView['children'][number];
export type CreateProductionRequest = z.input<typeof CreateProductionSchema>;
export type UpdateProductionRequest = z.input<typeof UpdateProductionSchema>;

export interface ProductionPage {
  productions: ProductionView[];
  next_cursor: string | null;
}

/** `{ error: { code, message } }` from the API, or a generic message for anything else (a proxy page, a dropped connection). */
function errorFrom(payload: unknown, status: number): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `The server answered with status ${status}`;
  return new ApiError(status, typeof error?.code === 'string' ? error.code : 'unknown', message);
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = init.body !== undefined ? { 'content-type': 'application/json', ...init.headers } : init.headers;
  const response = await fetch(url, { ...init, headers });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(payload, response.status);
  return payload as T;
}

type One = { production: ProductionView };

export const productionApi = {
  /** The key makes a double submit (a retried request, a second click) create one production, not two. */
  create: (body: CreateProductionRequest, idempotencyKey: string) =>
    request<One>('/api/productions', { method: 'POST', body: JSON.stringify(body), headers: { 'idempotency-key': idempotencyKey } }),
  list: (cursor: string | undefined, signal?: AbortSignal) =>
    request<ProductionPage>(`/api/productions?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal }),
  get: (id: string, signal?: AbortSignal) => request<One>(`/api/productions/${id}`, { signal }),
  update: (id: string, body: UpdateProductionRequest) => request<One>(`/api/productions/${id}`, { method: 'PATCH', body: JSON.stringify(body) }),
  render: (id: string) => request<One>(`/api/productions/${id}/render`, { method: 'POST' }),
  cancel: (id: string) => request<One>(`/api/productions/${id}/cancel`, { method: 'POST' }),
  remove: (id: string) => request<{ deleted: true }>(`/api/productions/${id}`, { method: 'DELETE' }),
};

export const productionKeys = {
  all: () => ['productions'] as const,
  one: (id: string) => ['production', id] as const,
};

export const isUnsettled = (status: ProductionStatus) => status === 'pending' || status === 'generating' || status === 'composing';

/** The brief is stored as posted; its prompt is the production's name. */
export function productionTitle(production: ProductionView): string {
  const prompt = production.brief.prompt;
  return typeof prompt === 'string' && prompt.trim() ? prompt : 'Untitled production';
}

/** The child job behind a shot, if the shot is generated (or animated) by this production. */
export const shotChild = (production: ProductionView, shotId: string) => production.children.find((child) => child.role === `shot:${shotId}`);
