import { expect, test, type Locator, type Page } from '@playwright/test';

const JOURNEY = [
  { id: 'intimate_story', label: 'Intimate story', reachWith: 'PageUp', mood: 30 },
  { id: 'luxury_reveal', label: 'Luxury reveal', reachWith: 'PageUp', mood: 60 },
  { id: 'high_energy', label: 'High energy', reachWith: 'PageUp', mood: 80 },
  { id: 'high_energy', label: 'High energy', reachWith: 'ArrowRight', mood: 100 },
] as const;

const moodSlider = (page: Page) => page.getByRole('slider', { name: 'Mood' });
const cards = (page: Page) => page.getByTestId('variation-card');

/** The label follows the slider at once; the cards follow after the debounce and the fetch. */
async function expectCategory(page: Page, id: string, label: string) {
  const current = page.getByTestId('mood-category');
  await expect(current).toHaveText(label);
  await expect(current).toHaveAttribute('data-category', id);
  await expect(cards(page)).toHaveCount(3);
  await expect(page.locator(`[data-testid="variation-card"]:not([data-category="${id}"])`)).toHaveCount(0);
}

/** Presses `key` until the slider reaches `mood`, without assuming how far one press moves it. */
async function pressUntil(page: Page, slider: Locator, key: string, mood: number) {
  for (let presses = 0; Number(await slider.inputValue()) < mood; presses++) {
    expect(presses, `${key} should bring the mood to ${mood}`).toBeLessThan(101);
    await page.keyboard.press(key);
  }
}

async function openStudio(page: Page) {
  await page.goto('/studio');
  // Cards only appear after the client fetched a plan, so the page is hydrated from here on.
  await expect(cards(page)).toHaveCount(3);
}

test.describe('studio on a desktop', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('the mood slider walks through every category by keyboard and the preview follows', async ({ page }) => {
    await openStudio(page);
    const slider = moodSlider(page);
    await slider.focus();

    await page.keyboard.press('Home');
    await expect(slider).toHaveValue('0');
    await expect(slider).toHaveAttribute('aria-valuetext', '0 – Surreal trip');
    await expectCategory(page, 'surreal_trip', 'Surreal trip');

    for (const stop of JOURNEY) {
      await pressUntil(page, slider, stop.reachWith, stop.mood);
      await expectCategory(page, stop.id, stop.label);
    }
    await expect(slider).toHaveValue('100');
    await expect(slider).toHaveAttribute('aria-valuetext', '100 – High energy');
    await expect(slider).toBeFocused();

    const firstCard = cards(page).first();
    // A selection belongs to one plan: wait until the plan for mood 100 has replaced the ones on the way.
    await expect(firstCard).toContainText('mood 100');
    await expect(firstCard.getByTestId('aspect-frame')).toHaveAttribute('data-aspect', '16:9');
    const select = firstCard.getByRole('button', { name: 'Select variation 1' });
    await select.press('Enter');
    await expect(select).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('generate-bar').getByRole('button', { name: 'Generate', exact: true })).toBeEnabled();

    await page.screenshot({ path: 'test-results/screens/studio-desktop.png', fullPage: true });
  });

  test('Shuffle draws a new seed and a new plan', async ({ page }) => {
    await openStudio(page);
    const seed = page.getByTestId('plan-seed');
    const before = await seed.textContent();
    await page.getByRole('button', { name: 'Shuffle' }).click();
    await expect(seed).not.toHaveText(before ?? '');
    await expect(cards(page)).toHaveCount(3);
  });
});

test.describe('studio on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('stacks the cards, keeps the slider full width and draws vertical frames to scale', async ({ page }) => {
    await openStudio(page);
    await page.locator('label', { hasText: 'TikTok' }).click();
    const frame = cards(page).first().getByTestId('aspect-frame');
    await expect(frame).toHaveAttribute('data-aspect', '9:16');
    const box = await frame.boundingBox();
    expect(box && box.height > box.width).toBe(true);

    const sliderBox = await moodSlider(page).boundingBox();
    expect(sliderBox?.width).toBeGreaterThan(300);

    const [first, second] = [await cards(page).nth(0).boundingBox(), await cards(page).nth(1).boundingBox()];
    expect(first && second && second.y >= first.y + first.height).toBe(true);
    expect(first?.x).toBe(second?.x);

    // Nothing may push the page sideways on a phone (the nav included).
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: 'test-results/screens/studio-phone.png', fullPage: true });
  });
});

test('the strategy API answers invalid requests with 422 JSON naming the field', async ({ request, baseURL }) => {
  // The session cookie only counts for a state change that says it comes from our own origin.
  const headers = { origin: new URL(baseURL!).origin };
  const res = await request.post('/api/video/strategy', {
    headers,
    data: { prompt: 'A lone cyclist crossing a rain-soaked bridge at dusk', mood: 50, platform: 'tiktok', duration: 600 },
  });
  expect(res.status()).toBe(422);
  expect(res.headers()['content-type']).toContain('application/json');
  const { error } = await res.json();
  expect(error.code).toBe('unprocessable_entity');
  expect(error.message).toContain('duration');
  expect(error.details).toEqual([{ path: 'duration', message: error.message }]);

  const outOfRange = await request.post('/api/video/strategy', { headers, data: { prompt: 'x', mood: 140 } });
  expect(outOfRange.status()).toBe(422);
  expect((await outOfRange.json()).error.details[0].path).toBe('mood');
});
