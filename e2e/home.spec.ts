import { expect, test } from '@playwright/test';

test('the home page says what Cinemood is and links to every area', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('From a prompt and a mood');
  for (const name of ['Studio', 'Jobs', 'Library']) {
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByText('Luxury reveal')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/home.png', fullPage: true });
  await page.getByRole('link', { name: 'Open the studio' }).click();
  await expect(page).toHaveURL(/\/studio$/);
});

test('health reports a working system on the embedded database', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const health = await res.json();
  expect(health.status).toBe('ok');
  expect(health.database).toEqual({ ok: true, embedded: true });
  expect(health.storage).toEqual({ backend: 'local', ok: true });
  expect(health.ffmpeg.version).toBeTruthy();
  expect(Object.keys(health.queues)).toContain('storage.sweep');
});

test('unknown API paths and bad methods answer with JSON errors', async ({ request }) => {
  const res = await request.post('/api/health', { data: {} });
  expect(res.status()).toBe(405);
});
