// The wall inside the app: its navigation entry, the one "add a switch" form with its field
// errors, a tile opening the device drawer, and the drawer's Monitoring tab with a port's
// bandwidth graph drawn by uPlot from two real polls of snmpd. Ports 26355-26357.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { snmpdMissing, startSnmpd, type SnmpdPeer } from '../peers/snmpd';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SNMP = 26355;
const SNMP2 = 26356;
const HTTP = 26357;

let agents: SnmpdPeer[] = [];
let host: ChildProcess | null = null;
let info: { url: string };

test.skip(!!snmpdMissing(), snmpdMissing() ?? '');

test.beforeAll(async () => {
  agents = await Promise.all([startSnmpd({ port: SNMP }), startSnmpd({ port: SNMP2 })]);
  host = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/wall-host.mts', String(HTTP), `/tmp/noc-wall-e2e-${HTTP}`, '--snmp', String(SNMP)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  info = await new Promise((res, rej) => {
    let buf = '';
    host!.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (.*)\n/.exec(buf);
      if (m) res(JSON.parse(m[1]!));
    });
    host!.once('exit', (code) => rej(new Error(`the wall host exited (${code}) before it was ready`)));
  });
});

test.afterAll(async () => {
  if (host && host.exitCode === null) {
    const gone = new Promise((r) => host!.once('exit', r));
    host.kill('SIGTERM');
    await gone;
  }
  await Promise.all(agents.map((a) => a.stop()));
});

test('from the navigation: add a switch, open a device from its tile, see its port graph', async ({ page }) => {
  await page.goto(info.url);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await page.getByTestId('nav-wall').click();
  const wall = page.getByTestId('wall');
  await expect(wall).toBeVisible();

  // the one form: field errors first, then a switch added by address and community
  await page.getByTestId('wall-add-switch').click();
  const form = page.getByTestId('monitor-add-form');
  await form.getByTestId('monitor-address').fill('300.1.1.1');
  await form.getByTestId('monitor-interval').fill('5');
  await form.getByTestId('monitor-submit').click();
  await expect(form.getByTestId('field-error-address')).toContainText('Not an IP address');
  await expect(form.getByTestId('field-error-community')).toBeVisible();
  await expect(form.getByTestId('field-error-intervalS')).toContainText('at least 10');
  await form.getByTestId('monitor-address').fill('127.0.0.1');
  await form.getByTestId('monitor-interval').fill('60');
  await form.getByTestId('monitor-port').fill(String(SNMP2));
  await form.getByTestId('monitor-community').fill('public');
  await form.getByTestId('monitor-name').fill('sw-added');
  await form.getByTestId('monitor-submit').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText('Polling sw-added every 60 s.')).toBeVisible();

  // a tile → the device drawer (the wall gives way), Monitoring tab
  const canvas = page.getByTestId('wall-canvas');
  const box = (await canvas.boundingBox())!;
  // sw-e2e is in rack A01 at U42: the first tile of the first rack
  await page.mouse.click(box.x + 4 + 10, box.y + 4 + 22 + 13 + 10);
  await expect(page.getByTestId('device-drawer-title')).toContainText('sw-e2e');
  await page.getByTestId('tab-monitoring').click();
  const panel = page.getByTestId('monitoring-panel');
  await expect(panel.getByTestId('monitoring-state')).toHaveText(/OK|PENDING/);
  // two polls a little apart make a rate; the graph draws it
  await panel.getByRole('button', { name: 'Poll now' }).click();
  await page.waitForTimeout(1200);
  await panel.getByRole('button', { name: 'Poll now' }).click();
  await expect(panel.getByTestId('monitoring-state')).toHaveText('OK');
  await panel.getByTestId('interfaces').getByRole('row').filter({ hasText: 'lo' }).first().click();
  const graph = panel.getByTestId('bandwidth-graph');
  await expect(graph.locator('canvas')).toBeVisible();
  await expect(graph.locator('.u-legend')).toContainText('in');
  await graph.getByTestId('graph-week').click();
  await expect(graph).toContainText(/No samples for this range yet|in/);

  // link the switch port to the server plugged into it: the server's drawer then shows that port's graph
  const editor = panel.getByTestId('port-editor');
  await editor.locator('input').first().fill('srv-1');
  await page.getByTestId('device-picker-menu').getByText('srv-1', { exact: true }).click();
  await editor.locator('.bp6-numeric-input input, input[type=text]').nth(1).fill('1000');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByTestId('interfaces').getByRole('row').filter({ hasText: '1000 Mbit/s' })).toBeVisible();
  await page.getByTestId('device-row').filter({ hasText: 'srv-1' }).click();
  await expect(page.getByTestId('device-drawer-title')).toContainText('srv-1');
  await page.getByTestId('tab-monitoring').click();
  const uplinks = page.getByTestId('monitoring-panel').getByTestId('uplinks');
  await expect(uplinks).toContainText('sw-e2e lo (commit 1000 Mbit/s)');
  await expect(uplinks.getByTestId('bandwidth-graph').locator('canvas')).toBeVisible();
});
