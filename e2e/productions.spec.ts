import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 900 } });

const NARRATION = 'Every evening the city exhales, and the bridge carries it home.';

const production = (page: Page) => page.getByTestId('production');
const stripOrder = (page: Page) => page.getByTestId('strip-shot').evaluateAll((blocks) => blocks.map((block) => block.getAttribute('data-shot-id')));

async function expectPlaysAndSeeks(page: Page) {
  const player = page.getByTestId('production-player');
  await expect(player).toBeVisible();
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const duration = await player.evaluate((v: HTMLVideoElement) => v.duration);
  expect(duration).toBeGreaterThan(0);
  // Seeking needs range requests: the browser fetches from the middle of the file.
  const target = duration / 2;
  await player.evaluate(async (v: HTMLVideoElement, at: number) => {
    v.muted = true;
    v.currentTime = at;
    await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
    await v.play();
  }, target);
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(target + 0.2);
}

test('studio brief → the storyboard fills live → reorder and restyle captions → save → render → the short plays and seeks', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/studio');
  // Cards appear only after the client fetched a plan, so the page is hydrated from here on.
  await expect(page.getByTestId('variation-card')).toHaveCount(3);

  await page.getByTestId('short-options').locator('summary').click();
  await page.getByLabel('Voice-over script').fill(NARRATION);
  await page.getByTestId('generate-bar').getByRole('button', { name: 'Make a short' }).click();
  await expect(page).toHaveURL(/\/productions\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;

  // The storyboard is there at once and fills in as the shot jobs finish.
  const cards = page.getByTestId('shot-card');
  await expect(cards.first()).toBeVisible();
  const shotCount = await cards.count();
  expect(shotCount).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cyclist');
  await page.screenshot({ path: 'test-results/screens/production-generating.png', fullPage: true });
  await expect(page.locator('[data-testid="shot-card"][data-status="completed"]')).toHaveCount(shotCount, { timeout: 240_000 });
  await expect(page.getByTestId('shot-poster')).toHaveCount(shotCount, { timeout: 30_000 });
  await expect(production(page)).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('production-player')).toBeVisible();

  // Edit: swap the first two shots with the keyboard-accessible buttons and switch captions to whole lines.
  const before = await stripOrder(page);
  await page.getByTestId('strip-shot').first().click();
  await page.getByTestId('shot-inspector').getByRole('button', { name: 'Move right' }).click();
  const after = await stripOrder(page);
  expect(after).toEqual([before[1], before[0], ...before.slice(2)]);
  await page.getByTestId('captions-panel').getByText('Line', { exact: true }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Unsaved changes.');
  await expect(page.getByRole('button', { name: /^Render/ })).toBeDisabled();

  const version = Number(await production(page).getAttribute('data-version'));
  await page.getByTestId('timeline-editor').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved/);
  await expect(production(page)).toHaveAttribute('data-version', String(version + 1));
  const saved = await (await page.request.get(`/api/productions/${id}`)).json();
  expect(saved.production.timeline.shots.map((shot: { id: string }) => shot.id)).toEqual(after);
  expect(saved.production.timeline.captions.style).toBe('line');
  expect(await stripOrder(page)).toEqual(after);

  // Render the edited timeline and wait for the new composition.
  const renders = Number(await production(page).getAttribute('data-renders'));
  const render = page.getByRole('button', { name: /^Render/ });
  await expect(render).toBeEnabled({ timeout: 60_000 });
  await render.click();
  await expect(production(page)).toHaveAttribute('data-renders', String(renders + 1), { timeout: 180_000 });
  await expect(production(page)).toHaveAttribute('data-status', 'completed');
  await page.screenshot({ path: 'test-results/screens/production-completed.png', fullPage: true });

  const done = (await (await page.request.get(`/api/productions/${id}`)).json()).production;
  if (done.captions_url) await expect(page.getByTestId('production-player').locator('track[kind="captions"]')).toHaveCount(1);
  await expectPlaysAndSeeks(page);

  // The list shows it, settled, with its poster.
  await page.getByRole('link', { name: 'Productions', exact: true }).first().click();
  const row = page.locator(`[data-testid="production-row"][data-production-id="${id}"]`);
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('production-poster')).toBeVisible({ timeout: 30_000 });

  // Its shots are ordinary jobs on the dashboard, each linked back to the production.
  await page.getByRole('link', { name: 'Jobs', exact: true }).first().click();
  const links = page.locator(`[data-testid="job-row"] a[href="/productions/${id}"]`);
  await expect(links).toHaveCount(done.timeline.shots.length);
  await expect(links.first()).toHaveText('Part of a production');
  await page.screenshot({ path: 'test-results/screens/jobs-with-production.png', fullPage: true });
});

test('a production that does not exist says so instead of a blank page', async ({ page }) => {
  await page.goto('/productions/00000000-0000-4000-8000-000000000000');
  // Next's route announcer is an alert too; the page's own one names the problem.
  await expect(page.getByRole('alert').filter({ hasText: 'does not exist' })).toBeVisible();
});
