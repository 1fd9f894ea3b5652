import type { z } from 'zod';
import type { RouteOptions } from '@/lib/api/route';
import * as activity from '@/lib/api/contracts/activity';
import * as audio from '@/lib/api/contracts/audio';
import * as auth from '@/lib/api/contracts/auth';
import * as eventsApi from '@/lib/api/contracts/events';
import * as media from '@/lib/api/contracts/media';
import * as productions from '@/lib/api/contracts/productions';
import * as strategy from '@/lib/api/contracts/strategy';
import * as system from '@/lib/api/contracts/system';
import * as video from '@/lib/api/contracts/video';
import * as webhooks from '@/lib/api/contracts/webhooks';

export type Contract = RouteOptions<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Every documented endpoint. A route whose contract is missing here fails the OpenAPI test. */
export const CONTRACTS: Contract[] = [system.getHealth, system.getOpenApi, ...Object.values(auth), strategy.planVideoStrategy, strategy.getStrategyCatalog,
  video.generateVideo, video.listVideoProviders, video.listVideoJobs, video.getVideoJob, video.downloadVideoJob, video.retryVideoJob, video.cancelVideoJob,
  media.listAssets, media.uploadAsset, media.getAsset, media.updateAsset, media.deleteAsset, media.restoreAsset, media.assetContent, media.assetThumbnail, media.assetSprite,
  audio.generateAudio, audio.transcribeAudio, audio.listAudioJobs, audio.getAudioJob, audio.transcriptVtt, audio.transcriptSrt, audio.listAudioEngines, audio.retryAudioJob, audio.cancelAudioJob,
  productions.createProduction, productions.listProductions, productions.getProduction, productions.updateProduction, productions.deleteProduction,
  productions.renderProduction, productions.cancelProduction,
  eventsApi.streamEvents, activity.listAllJobs,
  webhooks.providerCallback,
  webhooks.createWebhookEndpoint, webhooks.listWebhookEndpoints, webhooks.getWebhookEndpoint, webhooks.updateWebhookEndpoint, webhooks.deleteWebhookEndpoint,
  webhooks.rotateWebhookEndpointSecret, webhooks.listWebhookMessages, webhooks.resendWebhookMessage, webhooks.getWebhookSecret, webhooks.rotateWebhookSecret] as Contract[];
