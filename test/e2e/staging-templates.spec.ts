// QA checklist templates, as staff manage them in Chromium: make a checklist (a bad item is
// refused next to it), a new server in Staging follows it (its run starts as it enters), a change while that run is open
// makes version 2 and the run keeps version 1 (the app says so), the run's own items gate
// Available, and the checklist and the server are removed again (the shared demo store
// stays as it was).
import { expect, type Page } from '@playwright/test';
import { openApp, shot, test } from './helpers';

async function trpc(page: Page, path: string, input: unknown): Promise<unknown> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: unknown } }).result.data;
}

test('staff make and change a QA checklist; an open run keeps its version', async ({ page }, testInfo) => {
  const server = `e2e-qa-${Date.now().toString(36)}`;
  await openApp(page);
  await page.getByTestId('nav-staging').click();
  await page.getByTestId('qa-templates').click();
  const dialog = page.getByRole('dialog', { name: 'QA checklists' });
  await expect(dialog).toBeVisible();

  // A new checklist, default for servers: two manual items, the second first made automatic
  // without saying which check — refused, next to that item.
  await dialog.getByTestId('template-new').click();
  const editor = dialog.getByTestId('template-editor');
  await editor.getByTestId('template-name').fill('E2E rack QA');
  await editor.getByTestId('template-default').check({ force: true });
  const items = editor.getByTestId('template-item');
  await items.nth(0).getByTestId('item-key').fill('label');
  await items.nth(0).getByTestId('item-title').fill('Asset label on the front');
  await editor.getByTestId('template-add-item').click();
  await items.nth(1).getByTestId('item-key').fill('photos');
  await items.nth(1).getByTestId('item-title').fill('Photos of the cabling');
  await items.nth(1).getByTestId('item-mode').selectOption('automatic');
  await editor.getByTestId('template-save').click();
  await expect(editor.getByTestId('field-error-items.1.check')).toHaveText('An automatic item needs the check it runs.');
  await items.nth(1).getByTestId('item-mode').selectOption('manual');
  await editor.getByTestId('template-save').click();
  await expect(dialog.getByTestId('template-row').filter({ hasText: 'E2E rack QA' })).toContainText('default');
  await expect(dialog.getByTestId('template-editor')).toHaveAttribute('data-template', 'E2E rack QA');
  await dialog.getByTestId('templates-close').click();

  // A new server in Staging follows it (made here as the inventory would make it).
  const created = (await trpc(page, 'inventory.create', { name: server, type: 'server', status: 'staging' })) as { id: string };
  const card = page.locator(`[data-testid="board-card"][data-device="${server}"]`);
  await card.click();
  const checklist = page.getByTestId('checklist');
  await expect(checklist).toHaveAttribute('data-device', server);
  await expect(checklist).toContainText('E2E rack QA v1');
  // Its run started when it entered Staging: nobody has to press "Start QA".
  await expect(checklist.locator('[data-key="label"]')).toBeVisible();
  await expect(page.getByTestId('qa-run-auto')).toBeVisible();
  await expect(page.getByTestId('qa-start')).toHaveCount(0);

  // A change while the run is open: version 2; the open run keeps version 1.
  await page.getByTestId('qa-templates').click();
  await dialog.getByTestId('template-row').filter({ hasText: 'E2E rack QA' }).click();
  await editor.getByTestId('template-add-item').click();
  await items.nth(2).getByTestId('item-key').fill('psu');
  await items.nth(2).getByTestId('item-title').fill('Both PSUs fed from different feeds');
  await editor.getByTestId('template-save').click();
  await expect(editor.getByTestId('template-saved')).toHaveText(/^Saved as version 2; \d+ open runs? keeps? version 1 until finished\.$/);
  await shot(page, testInfo, 'qa-template-v2');
  await dialog.getByTestId('templates-close').click();
  await expect(checklist).toContainText('the checklist is at version 2 now');
  await expect(checklist.locator('[data-key="psu"]')).toHaveCount(0);

  // The run's own items gate Available: refused naming them, then passed and released.
  await page.getByTestId('qa-release').click();
  await expect(page.getByTestId('qa-error').first()).toContainText('Asset label on the front');
  for (const key of ['label', 'photos']) {
    const item = checklist.locator(`[data-key="${key}"]`);
    await item.getByTestId('check-note').fill('seen on the floor');
    await item.getByTestId('check-pass').click();
    await expect(item).toHaveAttribute('data-status', 'passed');
  }
  await page.getByTestId('qa-release').click();
  await expect(page.locator('.bp6-toast').filter({ hasText: `${server} is Available` })).toBeVisible();
  await expect(card).toHaveCount(0);

  // Remove the checklist again.
  await page.getByTestId('qa-templates').click();
  await dialog.getByTestId('template-row').filter({ hasText: 'E2E rack QA' }).click();
  await editor.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog.getByTestId('template-row').filter({ hasText: 'E2E rack QA' })).toHaveCount(0);
  await trpc(page, 'inventory.remove', { id: created.id }); // leave the shared demo store as it was
});
