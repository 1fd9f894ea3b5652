import { describe, expect, it } from 'vitest';
import { TranscribeFieldsSchema } from '@/lib/api/contracts/audio';
import { EventPatternsSchema, WebhookUrlSchema } from './schemas';

describe('webhook request fields', () => {
  it('take http(s) URLs only, without credentials, up to 2000 characters', () => {
    expect(WebhookUrlSchema.parse(' https://example.com/hook ')).toBe('https://example.com/hook');
    for (const bad of ['ftp://example.com/', 'https://u:p@example.com/', 'javascript:alert(1)', '/relative', `https://example.com/${'x'.repeat(2000)}`]) {
      expect(WebhookUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('take event types and patterns, dropping duplicates, and refuse unknown ones', () => {
    expect(EventPatternsSchema.parse(['job.*', 'job.*', 'production.completed', '*'])).toEqual(['job.*', 'production.completed', '*']);
    for (const bad of ['job.exploded', 'nope.*', 'job', '**']) expect(EventPatternsSchema.safeParse([bad]).success, bad).toBe(false);
  });

  it('read webhook_events from a form field as comma-separated text', () => {
    const fields = TranscribeFieldsSchema.parse({ webhook_url: 'https://example.com/hook', webhook_events: 'job.completed, job.failed' });
    expect(fields.webhook_events).toEqual(['job.completed', 'job.failed']);
    expect(TranscribeFieldsSchema.safeParse({ webhook_events: 'job.completed, job.exploded' }).success).toBe(false);
  });
});
