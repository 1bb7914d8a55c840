// The wall inside the app: its navigation entry, the one "add a switch" form with its field
// errors, a tile opening the device drawer, and the drawer's Monitoring tab with a port's
// bandwidth graph drawn by uPlot from two real polls of snmpd; and the newcomer's whole path.
// Ports 26355-26357, 26260-26262 and 4813.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { snmpdMissing, startSnmpd, type SnmpdPeer } from '../peers/snmpd';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SNMP = 26355;
const SNMP2 = 26356;
const HTTP = 26357;
const NEWCOMER = 26260; // the newcomer's switch (this brief's range)
const SERVER_AGENT = 26261; // srv-1's own agent (HOST-RESOURCES)
const WEB = 4813; // the web server behind srv-2's HTTP check
const GROUP_AGENT = 26262; // a switch added with the credential group

let agents: SnmpdPeer[] = [];
let host: ChildProcess | null = null;
let info: { url: string };

test.skip(!!snmpdMissing(), snmpdMissing() ?? '');

test.beforeAll(async () => {
  agents = await Promise.all([startSnmpd({ port: SNMP }), startSnmpd({ port: SNMP2 }), startSnmpd({ port: NEWCOMER }), startSnmpd({ port: SERVER_AGENT }), startSnmpd({ port: GROUP_AGENT })]);
  host = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/wall-host.mts', String(HTTP), `/tmp/noc-wall-e2e-${HTTP}`, '--snmp', String(SNMP), '--seed-week'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
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

// The "done when", as a newcomer does it in the app: a switch added by address and
// community shows its state on the wall within its interval (10 s) and its ports in its
// drawer; a pulled link (found by the poll: this switch sends no traps) raises an alarm whose
// sound plays until it is acknowledged; a maintenance window started from the drawer keeps
// the next pull silent. Runs first: the wall's counts are known (sw-e2e OK, nothing else).
test('a newcomer adds a switch, sees it on the wall within one interval, pulls a link and hears the alarm until acknowledging it; maintenance keeps it silent', async ({ page }) => {
  test.setTimeout(150_000);
  const agent = agents[2]!;
  await page.goto(info.url);
  await page.getByTestId('nav-wall').click();
  const wall = page.getByTestId('wall');
  await expect(wall).toBeVisible();
  await enableSound(page);
  await expect(page.getByTestId('wall-count-OK')).toHaveText('ok 1');

  await page.getByTestId('wall-add-switch').click();
  const form = page.getByTestId('monitor-add-form');
  await form.getByTestId('monitor-address').fill('127.0.0.1');
  await form.getByTestId('monitor-port').fill(String(NEWCOMER));
  await form.getByTestId('monitor-community').fill('public');
  await form.getByTestId('monitor-name').fill('sw-new');
  await form.getByTestId('monitor-interval').fill('10');
  await form.getByTestId('monitor-submit').click();
  await expect(page.getByText('Polling sw-new every 10 s.')).toBeVisible();
  // its first poll comes within the interval and is pushed to the wall
  await expect(page.getByTestId('wall-count-OK')).toHaveText('ok 2', { timeout: 15_000 });
  await expect(page.getByTestId('wall-count-PENDING')).toHaveText('pending 0');

  // its ports in its drawer: the link in use alarms when it goes down, without any setting
  await page.getByTestId('wall-exit').click();
  await page.getByTestId('device-row').filter({ hasText: 'sw-new' }).click();
  await expect(page.getByTestId('device-drawer-title')).toContainText('sw-new');
  await page.getByTestId('tab-monitoring').click();
  const panel = page.getByTestId('monitoring-panel');
  await expect(panel.getByTestId('monitoring-state')).toHaveText('OK');
  const lo = panel.getByTestId('interfaces').getByRole('row').filter({ hasText: 'lo' }).first();
  await expect(lo).toContainText('alarms');
  await lo.click();
  await expect(panel.getByTestId('bandwidth-graph')).toBeVisible();

  // pull the link: the next poll (≤ 10 s) raises the alarm, the wall sounds until acknowledged
  await agent.setIfOperStatus(1, 'down');
  await page.getByTestId('nav-wall').click();
  await enableSound(page);
  const row = page.getByTestId('wall-alarm').filter({ hasText: 'sw-new lo' });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toHaveAttribute('data-state', 'CRITICAL');
  await expect(row).toContainText('link down');
  await expect(wall).toHaveAttribute('data-sound-state', 'playing:critical');
  await expect(wall).toHaveAttribute('data-sound-trigger', (await row.getAttribute('data-alarm-id'))!);
  await expect(wall).toHaveAttribute('data-sound-playing', 'true');
  await page.waitForTimeout(2500); // it keeps sounding: nothing stops it but a person
  await expect(wall).toHaveAttribute('data-sound-state', 'playing:critical');
  await row.getByTestId('wall-ack').click();
  await page.getByTestId('ack-comment').fill('cable pulled on purpose');
  await page.getByTestId('ack-submit').click();
  await expect(row).toHaveAttribute('data-acked', 'true');
  await expect(wall).toHaveAttribute('data-sound-state', 'idle');

  // the link is back: the alarm clears by itself at the next poll
  await agent.clearIfOperStatus(1);
  await expect(page.getByTestId('wall-no-alarms')).toBeVisible({ timeout: 15_000 });

  // a maintenance window from the device's drawer (opened from the wall's Maintenance list too)
  await page.getByTestId('wall-exit').click();
  await page.getByTestId('device-row').filter({ hasText: 'sw-new' }).click();
  await page.getByTestId('tab-monitoring').click();
  // the alarm's history with its timeline: raised, acknowledged (who and what), cleared
  const history = page.getByTestId('monitoring-panel').getByTestId('alarm-history');
  await history.getByRole('button', { name: /sw-new lo/ }).first().click();
  const timeline = history.locator('.noc-timeline');
  await expect(timeline).toContainText('raised CRITICAL');
  await expect(timeline).toContainText('cable pulled on purpose');
  await expect(timeline).toContainText('cleared');

  const maint = page.getByTestId('monitoring-panel').getByTestId('maintenance');
  await maint.getByTestId('maintenance-add').click();
  await maint.getByTestId('maintenance-until').fill('');
  await maint.getByTestId('maintenance-submit').click();
  await expect(maint.getByTestId('field-error-endsAt')).toBeVisible(); // no end: said next to the field
  await maint.getByTestId('maintenance-until').fill(localInput(Date.now() + 3_600_000));
  await maint.getByTestId('maintenance-reason').fill('replacing the uplink');
  await maint.getByTestId('maintenance-submit').click();
  await expect(maint.getByTestId('maintenance-window')).toContainText('Maintenance of sw-new');

  // a customer's ports under one commit, from the same tab: field errors first, then the group
  const groups = page.getByTestId('monitoring-panel').getByTestId('port-groups');
  await groups.getByTestId('port-group-add').click();
  await groups.getByTestId('port-group-submit').click();
  await expect(groups.getByTestId('field-error-interfaceIds')).toBeVisible();
  await expect(groups.getByTestId('field-error-committedMbps')).toContainText('more than 0');
  await groups.getByTestId('port-group-name').fill('Acme uplinks');
  await groups.getByTestId('port-group-commit').fill('100');
  await groups.locator('label').filter({ hasText: /^lo$/ }).click(); // the box, as a person ticks it
  await groups.getByTestId('port-group-submit').click();
  await expect(groups.getByTestId('port-group')).toContainText('Acme uplinks');
  await expect(groups.getByTestId('port-group')).toContainText('commit 100 Mbit/s together');
  await page.getByTestId('nav-wall').click();
  await page.getByTestId('wall-maintenance').click();
  await expect(page.getByRole('dialog').getByTestId('maintenance-window')).toContainText('replacing the uplink');
  await page.keyboard.press('Escape');

  // pulled again inside the window: on the wall, marked maintenance, and silent
  await agent.setIfOperStatus(1, 'down');
  const again = page.getByTestId('wall-alarm').filter({ hasText: 'sw-new lo' });
  await expect(again).toBeVisible({ timeout: 15_000 });
  await expect(again).toContainText('maintenance');
  await page.waitForTimeout(1500);
  await expect(wall).toHaveAttribute('data-sound-state', 'idle');
  await expect(wall).toHaveAttribute('data-sound-playing', 'false');
});

/** A browser needs a click before it plays sound; the wall asks for it with a button, clicked like a person. */
async function enableSound(page: Page): Promise<void> {
  const enable = page.getByTestId('wall-enable-sound');
  if (await enable.isVisible()) await enable.click();
  await expect(page.getByTestId('wall-enable-sound')).toHaveCount(0);
}

/** A time as an <input type="datetime-local"> takes it (local time). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

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
  // every range draws its data (the host seeded a year of this port's traffic; 5-minute and hourly
  // rollups are written when their bucket is over): points, not the "no samples" note
  for (const range of ['week', 'month', 'year', 'day']) {
    await graph.getByTestId(`graph-${range}`).click();
    await expect(graph).toHaveAttribute('data-range', range);
    await expect(graph).toHaveAttribute('data-points', /^[1-9]\d*$/);
    await expect(graph.locator('canvas')).toBeVisible();
    await expect(graph).not.toContainText('No samples for this range yet');
  }
  // the pollers' own counters, dropped packets included
  await expect(panel.getByTestId('pollers-status')).toContainText(/Pollers running, \d+ job\(s\) · traps: 0 received, 0 dropped, 0 from unknown agents · SNMP answers dropped: 0/);
  // errors and discards per second next to the bit rates (loopback has none)
  const loRow = panel.getByTestId('interfaces').getByRole('row').filter({ hasText: 'lo' }).first();
  await expect(loRow.getByTestId('if-errors')).toHaveText('0 / 0');
  await expect(loRow.getByTestId('if-discards')).toHaveText('0 / 0');

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

  // the server's own SNMP agent: monitored from its drawer, its CPU, memory and disk use shown
  const srvPanel = page.getByTestId('monitoring-panel');
  const srvForm = srvPanel.getByTestId('monitor-add-form');
  await srvForm.getByTestId('monitor-address').fill('127.0.0.1');
  await srvForm.getByTestId('monitor-port').fill(String(SERVER_AGENT));
  await srvForm.getByTestId('monitor-community').fill('public');
  await srvForm.getByTestId('monitor-submit').click();
  await srvPanel.getByRole('button', { name: 'Poll now' }).click();
  const resources = srvPanel.getByTestId('resources');
  await expect(resources).toContainText('Memory');
  await expect(resources).toContainText(/\d+ %/);
  await expect(resources).toContainText('Utilisation flags need a week of hourly data');

  // its parent: none set, the switch whose port is linked to it counts; an explicit one is chosen here
  const parent = srvPanel.getByTestId('parent-picker');
  await expect(parent).toContainText('None set: sw-e2e counts, its port is linked to this device.');
  await parent.getByTestId('device-picker').fill('sw-added');
  await page.getByTestId('device-picker-menu').getByText('sw-added', { exact: true }).click();
  await parent.getByTestId('parent-save').click();
  await expect(srvPanel).toContainText('behind sw-added');
});

// An HTTP check from the drawer against a web server this test controls: the wrong page
// raises an alarm on the wall and the check list says why; the right page clears it. Then
// the fleet's flagged servers (the host seeded a week of samples). Port 4813 is the web server's.
test('a failing HTTP check raises an alarm on the wall and shows its state; flagged servers are listed', async ({ page }) => {
  test.setTimeout(150_000);
  let body = 'maintenance page';
  const web = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(body); });
  await new Promise<void>((r) => web.listen(WEB, '127.0.0.1', r));
  try {
    await page.goto(info.url);
    await page.getByTestId('device-row').filter({ hasText: 'srv-2' }).click();
    await expect(page.getByTestId('device-drawer-title')).toContainText('srv-2');
    await page.getByTestId('tab-monitoring').click();
    const panel = page.getByTestId('monitoring-panel');
    const add = panel.getByTestId('add-check');
    await add.locator('select').selectOption('http');
    await add.getByTestId('check-url').fill('not a url');
    await add.getByRole('button', { name: 'Add check' }).click();
    await expect(add.getByTestId('field-error-url')).toContainText('http:// or https://');
    await add.getByTestId('check-url').fill(`http://127.0.0.1:${WEB}/health`);
    await add.getByTestId('check-text').fill('status: ok');
    await add.getByTestId('check-status').fill('200');
    await expect(add.getByTestId('check-tls-verify')).toBeChecked();
    await add.getByTestId('check-interval').fill('10');
    await add.getByRole('button', { name: 'Add check' }).click();
    const check = panel.getByTestId('check-row').filter({ hasText: '/health' });
    await expect(check).toContainText('expects 200 and “status: ok”');
    await expect(check).toContainText('every 10 s');

    // the wrong page: after the device's attempts, an alarm on the wall
    await page.getByTestId('nav-wall').click();
    const row = page.getByTestId('wall-alarm').filter({ hasText: 'srv-2' });
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toHaveAttribute('data-state', 'CRITICAL');
    await expect(row).toContainText('"status: ok" is not in the page');

    // the check list says the same
    await page.getByTestId('wall-exit').click();
    await page.getByTestId('device-row').filter({ hasText: 'srv-2' }).click();
    await page.getByTestId('tab-monitoring').click();
    await expect(check.getByTestId('check-state')).toHaveText('CRITICAL');
    await expect(check.getByTestId('check-message')).toContainText('is not in the page');

    // the page is fixed: the next run clears the alarm
    body = 'status: ok';
    await page.getByTestId('nav-wall').click();
    await expect(page.getByTestId('wall-alarm').filter({ hasText: 'srv-2' })).toHaveCount(0, { timeout: 30_000 });

    // a switch added with a credential group instead of its own community
    await page.getByTestId('wall-add-switch').click();
    const form = page.getByTestId('monitor-add-form');
    await form.getByTestId('monitor-address').fill('127.0.0.1');
    await form.getByTestId('monitor-port').fill(String(GROUP_AGENT));
    await form.getByTestId('monitor-credential-group').selectOption({ label: 'lab-v2c (SNMP v2c)' });
    await expect(form.getByTestId('monitor-community')).toHaveCount(0);
    await form.getByTestId('monitor-name').fill('sw-grouped');
    await form.getByTestId('monitor-submit').click();
    await expect(page.getByText('Polling sw-grouped every 60 s.')).toBeVisible();
    await page.getByTestId('wall-exit').click();
    await page.getByTestId('device-row').filter({ hasText: 'sw-grouped' }).click();
    await page.getByTestId('tab-monitoring').click();
    const grouped = page.getByTestId('monitoring-panel');
    await grouped.getByRole('button', { name: 'Poll now' }).click();
    await expect(grouped.getByTestId('monitoring-state')).toHaveText('OK');
    await expect(grouped).toContainText('sysName snmpd-test');
    await page.getByTestId('nav-wall').click();

    // servers flagged across the fleet, from the wall
    await page.getByTestId('wall-flagged').click();
    const flagged = page.getByRole('dialog').getByTestId('flagged-server');
    await expect(flagged).toHaveCount(2);
    await expect(flagged.filter({ hasText: 'srv-3' })).toContainText('memory over-utilised');
    await expect(flagged.filter({ hasText: 'srv-4' })).toContainText('CPU under-utilised');
    await flagged.filter({ hasText: 'srv-3' }).click();
    await expect(page.getByTestId('device-drawer-title')).toContainText('srv-3');
  } finally {
    await new Promise((r) => web.close(r));
  }
});
