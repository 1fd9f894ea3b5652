import { expect, test as setup } from '@playwright/test';
import { AUTH_STATE, E2E_ADMIN_PASSWORD } from '../playwright.config';

// Logs in once through the real login API; the other browser tests reuse the session cookie.
setup('log in as the creator', async ({ request }) => {
  const res = await request.post('/api/auth/login', { data: { password: E2E_ADMIN_PASSWORD } });
  expect(res.status()).toBe(200);
  await request.storageState({ path: AUTH_STATE });
});
