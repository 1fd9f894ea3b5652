import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 900 } });

test('studio → generate → watch the job complete → play it in the library and seek', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/studio');
  await expect(page.getByTestId('variation-card')).toHaveCount(3);
  const slider = page.getByRole('slider', { name: 'Mood' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('mood-category')).toHaveText('High energy');
  await expect(page.locator('[data-testid="variation-card"]:not([data-category="high_energy"])')).toHaveCount(0);

  await expect(page.getByTestId('variation-card').first()).toContainText('mood 100');
  await page.getByRole('button', { name: 'Select variation 1' }).press('Enter');
  const generate = page.getByTestId('generate-bar').getByRole('button', { name: 'Generate', exact: true });
  await expect(generate).toBeEnabled();
  await generate.click();
  await page.getByRole('link', { name: 'View job' }).click();
  await expect(page).toHaveURL(/\/jobs\?highlight=/);

  const row = page.locator('[data-testid="job-row"][data-highlighted="true"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('job-category')).toContainText(/high energy/i);
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(row.getByTestId('job-thumbnail')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screens/jobs.png', fullPage: true });

  await row.getByRole('link', { name: 'Open in library' }).click();
  await expect(page).toHaveURL(/\/library\/[0-9a-f-]{36}$/);
  const player = page.getByTestId('player');
  // The media URL works without any credentials and answers ranges with exact lengths.
  const src = await player.getAttribute('src');
  const ranged = await page.request.fetch(src!, { headers: { range: 'bytes=0-99', cookie: '' } });
  expect(ranged.status()).toBe(206);
  expect(ranged.headers()['content-length']).toBe('100');
  expect(ranged.headers()['content-range']).toMatch(/^bytes 0-99\/\d+$/);
  await expect(player).toBeVisible();
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  expect(await player.evaluate((v: HTMLVideoElement) => v.duration)).toBeCloseTo(5, 0);

  // Seeking needs range requests: the browser fetches from the middle of the file.
  await player.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    v.currentTime = 3;
    await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
    await v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(3.2);
  await expect(page.getByTestId('asset-strategy')).toContainText(/high energy/i);
  await page.screenshot({ path: 'test-results/screens/asset.png', fullPage: true });

  await page.getByRole('link', { name: 'Library', exact: true }).first().click();
  await expect(page.getByTestId('asset-card').first()).toBeVisible();
  await expect(page.getByTestId('asset-thumbnail').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/library.png', fullPage: true });
});

test('the library takes an upload by file picker and refuses what is not media', async ({ page }) => {
  await page.goto('/library');
  await page.getByTestId('upload-input').setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('<html>not a video at all, whatever the name says</html>') });
  const item = page.getByTestId('upload-item').first();
  await expect(item).toHaveAttribute('data-state', 'failed');
  await expect(item.getByRole('alert')).toContainText(/not a video, image or audio format/);
});

test('an uploaded still is animated from its library page (image-to-video on the local renderer)', async ({ page }) => {
  test.setTimeout(120_000);
  // A real PNG made here: 96×64 pixels of a colour gradient, written by hand (no fixture files).
  const png = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 96;
    canvas.height = 64;
    const ctx = canvas.getContext('2d')!;
    const gradient = ctx.createLinearGradient(0, 0, 96, 64);
    gradient.addColorStop(0, '#f5a524');
    gradient.addColorStop(1, '#3b2a6b');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 96, 64);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  await page.goto('/library');
  await page.getByTestId('upload-input').setInputFiles({ name: 'harbour-still.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
  const upload = page.getByTestId('upload-item').first();
  await expect(upload).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await upload.getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/library\/[0-9a-f-]{36}$/);

  const animate = page.getByTestId('animate-image');
  await animate.getByRole('textbox').fill('The still slowly comes alive');
  await animate.getByRole('button', { name: 'Animate this image' }).click();
  await page.screenshot({ path: 'test-results/screens/animate.png', fullPage: true });
  await animate.getByRole('link', { name: 'View job' }).click();
  const row = page.locator('[data-testid="job-row"][data-highlighted="true"]');
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
});
