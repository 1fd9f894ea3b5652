import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 900 } });

test('the studio offers the configured external provider with its options, and the dashboard follows its job', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/studio');
  const picker = page.getByTestId('provider-picker');
  // Only providers with a key on the server: local, and Luma (pointed at its contract server).
  await expect(picker.getByRole('radio')).toHaveCount(2);
  await picker.getByText('Luma', { exact: true }).click();
  await expect(picker.getByRole('combobox')).toContainText('Default (ray-2)');
  await expect(picker).toContainText('callbacks + polling');
  await expect(picker.getByRole('checkbox')).toBeChecked();
  await page.screenshot({ path: 'test-results/screens/studio-providers.png', fullPage: true });

  await page.getByRole('button', { name: 'Select variation 1' }).press('Enter');
  const generate = page.getByTestId('generate-bar').getByRole('button', { name: 'Generate', exact: true });
  await expect(generate).toBeEnabled();
  await generate.click();
  await page.getByRole('link', { name: 'View job' }).click();

  const row = page.locator('[data-testid="job-row"][data-highlighted="true"]');
  await expect(row).toContainText('Luma');
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(row.getByTestId('provider-status')).toHaveText('(completed)');
  await expect(row).toContainText(/Attempts\s*1/);
  await expect(row.getByTestId('job-thumbnail')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screens/jobs-provider.png', fullPage: true });
});
