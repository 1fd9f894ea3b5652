import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../playwright.config';

test('an unauthenticated visit lands on the login page; log in, use the app, log out', async ({ page }) => {
  await page.goto('/studio');
  await expect(page).toHaveURL(/\/login$/);
  await page.screenshot({ path: 'test-results/screens/login.png' });

  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong password' })).toBeVisible();

  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('From a prompt and a mood');

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('e2e integration');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = await page.getByTestId('new-api-key').textContent();
  expect(key).toMatch(/^cm_/);
  await expect(page.getByRole('cell', { name: 'e2e integration' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/settings.png', fullPage: true });

  // The key works for an integration without the browser's cookie.
  const viaKey = await page.request.fetch('/api/keys', { headers: { authorization: `Bearer ${key}`, cookie: '' } });
  expect(viaKey.status()).toBe(200);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/library');
  await expect(page).toHaveURL(/\/login$/);
});

test('the API refuses anonymous calls with a JSON 401', async ({ request }) => {
  const res = await request.get('/api/keys');
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe('unauthorized');
  const health = await request.get('/api/health');
  expect(await health.json()).toEqual({ status: 'ok' });
});
