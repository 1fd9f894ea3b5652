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

test('unknown API paths answer with a JSON 404, bad methods with 405', async ({ request }) => {
  const missing = await request.get('/api/no-such-thing');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe('not_found');
  expect((await request.post('/api/health', { data: {} })).status()).toBe(405);
});

test('the API reference lists the documented endpoints', async ({ page, request }) => {
  const doc = await (await request.get('/api/openapi.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  await page.goto('/docs');
  await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
  await expect(page.getByText('/api/keys/{id}')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/docs.png', fullPage: true });
});
