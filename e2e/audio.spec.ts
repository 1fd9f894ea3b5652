import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 900 } });

const SCRIPT = 'The quiet harbour wakes as fishing boats drift past the old stone lighthouse';

test('speak a script, align it with the local aligner, and watch the lit word follow playback in the library', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/audio');
  const form = page.getByTestId('speech-form');
  await form.getByLabel('Script').fill(SCRIPT);
  await form.getByRole('button', { name: 'Generate speech' }).click();
  await expect(page.getByTestId('audio-queued')).toBeVisible();

  const speech = page.locator('[data-testid="audio-job-row"][data-type="text_to_speech"]').first();
  await expect(speech).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(speech.getByTestId('audio-waveform')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screens/audio.png', fullPage: true });

  await speech.getByRole('button', { name: 'Align transcript' }).click();
  const transcript = page.locator('[data-testid="audio-job-row"][data-type="transcription"]').first();
  await expect(transcript).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(transcript.getByTestId('transcript-excerpt')).toContainText('quiet harbour');
  await transcript.getByRole('link', { name: 'Open in library' }).click();
  await expect(page).toHaveURL(/\/library\/[0-9a-f-]{36}$/);

  const panel = page.getByTestId('transcript');
  const words = panel.getByTestId('transcript-word');
  await expect(words).toHaveCount(SCRIPT.split(' ').length);
  const player = page.getByTestId('player');
  const litIndex = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="transcript-word"]')].findIndex((el) => el.getAttribute('data-active') === 'true'));

  // A click on a word seeks there and lights it.
  await words.nth(6).click();
  await expect.poll(() => player.evaluate((a: HTMLMediaElement) => a.currentTime)).toBeGreaterThan(0.5);
  await expect(words.nth(6)).toHaveAttribute('data-active', 'true');
  await player.evaluate((a: HTMLMediaElement) => a.pause());

  // From the start, the lit word moves forward as the audio plays.
  await player.evaluate(async (a: HTMLMediaElement) => {
    a.muted = true;
    a.currentTime = 0;
    await a.play();
  });
  await expect.poll(litIndex, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  const early = await litIndex();
  await page.screenshot({ path: 'test-results/screens/transcript.png', fullPage: true });
  await expect.poll(litIndex, { timeout: 15_000 }).toBeGreaterThan(early + 3);
});

test('the audio page holds together on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/audio');
  await expect(page.getByTestId('speech-form')).toBeVisible();
  // Nothing may force the page wider than the screen, and no navigation link may be cut off.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const link of await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all()) {
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await page.screenshot({ path: 'test-results/screens/audio-phone.png', fullPage: true });
  await page.getByRole('tab', { name: /Music/ }).click();
  await expect(page.getByTestId('music-form')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/screens/audio-music-phone.png', fullPage: true });
});
