import { expect, test } from '@playwright/test';
import { startWebhookReceiver } from '../lib/testing/webhook-receiver';

test.use({ viewport: { width: 1280, height: 900 } });

// The e2e product runs with OUTBOUND_ALLOW_PRIVATE=1 (playwright.config.ts), so it may deliver to
// this receiver on loopback.
test('add a webhook endpoint in Settings, see its secret once, and watch a job’s delivery appear in its log', async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startWebhookReceiver();
  try {
    await page.goto('/settings');
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Webhooks' }) });
    await section.getByLabel('Endpoint URL').fill(`${receiver.origin}/e2e`);
    await section.getByLabel('Description').fill('e2e receiver');
    await section.getByRole('button', { name: 'job.completed', exact: true }).click();
    await section.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = section.getByTestId('new-webhook-secret');
    await expect(shown).toHaveText(/^whsec_[A-Za-z0-9+/]{32}$/);
    const secret = (await shown.textContent()) ?? '';
    const endpoint = section.getByTestId('webhook-endpoint').filter({ hasText: `${receiver.origin}/e2e` });
    await expect(endpoint).toContainText('job.completed');
    await expect(endpoint).toContainText('enabled');
    await page.screenshot({ path: 'test-results/screens/webhooks-secret.png', fullPage: true });
    await section.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await expect(endpoint).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    // A local speech job, started the way the studio starts one.
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/audio/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ generation_type: 'text_to_speech', text: 'Webhooks, delivered.' }) });
      return res.status;
    });
    expect(status).toBe(202);

    await endpoint.getByRole('button', { name: 'Deliveries' }).click();
    const row = endpoint.getByTestId('webhook-delivery').first();
    await expect(row).toContainText('job.completed', { timeout: 60_000 });
    await expect(row).toContainText('succeeded', { timeout: 30_000 });
    await expect(row).toContainText('200');
    await page.screenshot({ path: 'test-results/screens/webhooks.png', fullPage: true });

    const [delivery] = receiver.at('/e2e');
    expect(receiver.verify(delivery, secret)).toMatchObject({ type: 'job.completed', object: 'audio_job' });

    // Disabled by hand: the state and its reason show until it is enabled again.
    await endpoint.getByRole('button', { name: 'Disable' }).click();
    await expect(endpoint).toContainText('disabled by request');
    await page.screenshot({ path: 'test-results/screens/webhooks-disabled.png', fullPage: true });
    await endpoint.getByRole('button', { name: 'Enable' }).click();
    await expect(endpoint).not.toContainText('disabled by request');

    await endpoint.getByRole('button', { name: 'Delete' }).click();
    await expect(endpoint).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
