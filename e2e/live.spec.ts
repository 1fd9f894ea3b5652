import { expect, type Page, test } from '@playwright/test';

// The dashboard on the event stream: a job started elsewhere (here: by the page's own fetch, as an
// integration would) appears, moves and settles without a reload and without the list being asked again.

async function startRender(page: Page, prompt: string): Promise<string> {
  return page.evaluate(async (text) => {
    const res = await fetch('/api/video/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: text, mood: 35, duration: 3 }) });
    if (res.status !== 202) throw new Error(`generate answered ${res.status}`);
    return (await res.json()).job.id as string;
  }, prompt);
}

test('the jobs dashboard follows a render live, with no request to the jobs list while it runs', async ({ page }) => {
  test.setTimeout(150_000);
  const listRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^\/api\/(jobs|video\/jobs|audio\/jobs|productions)$/.test(url.pathname)) listRequests.push(url.pathname);
  });
  await page.goto('/jobs');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  // The first connection refetches once (what changed before it opened); wait until that is done.
  let seen = -1;
  await expect
    .poll(async () => {
      const before = listRequests.length;
      await page.waitForTimeout(700);
      const quiet = before === listRequests.length && before === seen;
      seen = listRequests.length;
      return quiet;
    })
    .toBe(true);
  const requestsBefore = listRequests.length;

  const id = await startRender(page, 'A neon tram gliding through rain');
  const row = page.locator(`[data-testid="job-row"][data-job-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'processing', { timeout: 30_000 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screens/jobs-live.png', fullPage: true });
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(row.getByTestId('job-thumbnail')).toBeVisible({ timeout: 30_000 });
  expect(listRequests.slice(requestsBefore)).toEqual([]);

  // Filters: the kind chips narrow the one list.
  const kind = page.getByRole('group', { name: 'Kind' });
  await kind.getByText('Audio', { exact: true }).click();
  await expect(kind.getByRole('radio', { name: 'Audio' })).toBeChecked();
  await expect(row).toHaveCount(0);
  await kind.getByText('Video', { exact: true }).click();
  await expect(row).toBeVisible();
});

test('a render that finishes while another page is open is announced with a toast', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/library');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  const id = await startRender(page, 'A kite over a winter beach');
  const toast = page.getByTestId('toast').filter({ hasText: 'Render finished' });
  await expect(toast).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/screens/toast.png' });
  await toast.getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs\\?highlight=${id}`));
  await expect(page.locator(`[data-testid="job-row"][data-job-id="${id}"]`)).toHaveAttribute('data-highlighted', 'true');
});
