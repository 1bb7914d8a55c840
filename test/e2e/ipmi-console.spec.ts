// Issue 4 end to end in Debian's Chromium: a headless host (port 4820) whose one server has a
// running ipmi_sim as its BMC (UDP 29800, fake serial TCP 29801). Through the drawer: set the
// BMC, read power and sensors, open the console, type into the xterm and see the serial side
// receive it and its echo come back, a second watcher take control, power off/on and cycle
// with the confirmation, power-cycle from the console and watch the host boot in it, send a
// BREAK, the terminal fitting its box, and take over a SOL session another client left open.
//   npm run build:renderer && npx playwright test test/e2e/ipmi-console.spec.ts
// (NOC_RENDERER_DIR points it at another build.)
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deviceInput } from '../../shared/schemas/inventory';
import { createCore, type Core } from '../../src-main/core/create-core';
import { startServer, type RunningServer } from '../../src-main/hosts/server/server';
import { IpmiClient, IpmiSessionManager } from '../../src-main/protocols/ipmi/index';
import { ipmiSimAvailable, ipmiSimMissingReason, startIpmiSim, type IpmiSim } from '../peers/ipmi-sim';
import { shot, test } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER = process.env.NOC_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
const HOST_PORT = 4820;
const BMC_PORT = 29800;
const SOL_PORT = 29801;
const PASSWORD = 'Zq9-e2e-pw';
const URL = `http://127.0.0.1:${HOST_PORT}/`;

test.describe.configure({ mode: 'serial' });

let sim: IpmiSim | null = null;
let core: Core | null = null;
let server: RunningServer | null = null;
let dir = '';

test.beforeAll(async () => {
  test.skip(!ipmiSimAvailable, ipmiSimMissingReason);
  test.skip(!existsSync(join(RENDERER, 'index.html')), `no renderer build in ${RENDERER}: run npm run build:renderer`);
  sim = await startIpmiSim(BMC_PORT, { solPort: SOL_PORT, pass: PASSWORD });
  dir = mkdtempSync(join(tmpdir(), 'noc-e2e-ipmi-'));
  core = createCore({ dataDir: dir, ipmi: { enabled: true, session: { timeoutMs: 500, retries: 2, cipherSuiteProbeMs: 150 } } });
  core.services.inventory.create({ actor: { id: 'e2e', name: 'e2e', role: 'admin' } }, deviceInput.parse({ name: 'e2e-bmc-01', type: 'server', status: 'available', mgmtIp: '127.0.0.1' }));
  server = await startServer(core, { port: HOST_PORT, rendererDir: RENDERER });
});

test.afterAll(async () => {
  await server?.close();
  // what the hosts do on stop: consoles end and BMC sessions close before the store does
  await core?.shutdown();
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openDrawer(page: Page, tab: 'hardware' | 'console'): Promise<void> {
  await page.goto(URL);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');
  await page.getByTestId('device-row').filter({ hasText: 'e2e-bmc-01' }).click();
  await expect(page.getByTestId('device-drawer-title')).toContainText('e2e-bmc-01');
  await page.getByTestId(`tab-${tab}`).click();
}

/** What the xterm shows (its DOM renderer's rows). */
const screen = (page: Page) => page.getByTestId('console-terminal').locator('.xterm-rows');

test('set the BMC in the drawer, read power and sensors', async ({ page }, info) => {
  await openDrawer(page, 'hardware');
  await expect(page.getByTestId('bmc-form')).toBeVisible();
  await expect(page.getByTestId('bmc-address')).toHaveValue('127.0.0.1'); // from the management IP
  await page.getByTestId('bmc-port').fill(String(BMC_PORT));
  await page.getByTestId('bmc-user').fill('admin');
  // a bad setting is refused at its field
  await page.getByTestId('bmc-save').click();
  await expect(page.getByTestId('field-error-password')).toContainText(/password/i);
  await page.getByTestId('bmc-password').fill(PASSWORD);
  await page.getByTestId('bmc-insecure').check({ force: true });
  await expect(page.getByTestId('bmc-insecure-warning')).toContainText('anyone who can reach');
  await page.getByTestId('bmc-insecure').uncheck({ force: true });
  await page.getByTestId('bmc-save').click();

  await expect(page.getByTestId('bmc-endpoint')).toHaveText(`127.0.0.1:${BMC_PORT}`);
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on', { timeout: 15_000 });
  const cpu = page.getByTestId('sensor-row').filter({ hasText: 'CPU Temp' });
  await expect(cpu.getByTestId('sensor-value')).toHaveText('45 degrees C');
  await expect(cpu).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('sensor-row').filter({ hasText: '12V Rail' }).getByTestId('sensor-value')).toHaveText('12 Volts');
  await expect(page.getByTestId('sel-list')).toContainText('Upper Critical going high');

  // the host heats up: Read now shows the crossing
  sim!.write('cpu_temp.val', '99\n');
  await expect(async () => {
    await page.getByTestId('hardware-refresh').click();
    await expect(cpu).toHaveAttribute('data-status', 'cr', { timeout: 1500 });
  }).toPass({ timeout: 15_000 });
  await expect(cpu.getByTestId('sensor-value')).toHaveText('99 degrees C');
  await shot(page, info, 'ipmi-hardware');
  sim!.write('cpu_temp.val', '45\n');
});

test('type into the console, see the serial side receive it and the echo; a second watcher takes control', async ({ page, browser }, info) => {
  await openDrawer(page, 'console');
  const panel = page.getByTestId('console-panel');
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(panel).toHaveAttribute('data-controlling', 'yes');
  await expect(page.getByTestId('console-controller')).toHaveText('You have control: your keys go to the server.');

  await page.getByTestId('console-terminal').click();
  await page.keyboard.type('hello-e2e');
  await page.keyboard.press('Enter');
  await expect.poll(() => sim!.read('serial.log'), { timeout: 10_000 }).toContain('RX line: hello-e2e');
  await expect(screen(page)).toContainText('ECHO:hello-e2e');
  sim!.write('sol_inject', 'host: boot complete\n');
  await expect(screen(page)).toContainText('host: boot complete');

  // a colleague opens the same console: sees the past output, watches, then takes control
  const other = await browser.newPage();
  try {
    await openDrawer(other, 'console');
    await expect(other.getByTestId('console-panel')).toHaveAttribute('data-state', 'open');
    await expect(screen(other)).toContainText('ECHO:hello-e2e');
    await expect(other.getByTestId('console-watcher')).toHaveCount(2);
    await expect(page.getByTestId('console-watcher')).toHaveCount(2);
    await other.getByTestId('console-take').click();
    await expect(other.getByTestId('console-panel')).toHaveAttribute('data-controlling', 'yes');
    await expect(page.getByTestId('console-panel')).toHaveAttribute('data-controlling', 'no');
    await expect(page.getByTestId('console-controller')).toContainText('has control; you are watching.');
    await expect(page.getByTestId('console-notices')).toContainText('took control from');
    // the first page's keys no longer go anywhere; the new controller's do
    await page.getByTestId('console-terminal').click();
    await page.keyboard.type('ignored');
    await other.getByTestId('console-terminal').click();
    await other.keyboard.type('second');
    await other.keyboard.press('Enter');
    await expect.poll(() => sim!.read('serial.log'), { timeout: 10_000 }).toContain('RX line: second');
    expect(sim!.read('serial.log')).not.toContain('ignored');
    await expect(screen(page)).toContainText('ECHO:second');
    await shot(other, info, 'ipmi-console');
    await other.getByTestId('console-disconnect').click();
    await expect(page.getByTestId('console-ended')).toContainText('disconnected by');
  } finally {
    await other.close();
  }
  // the session is in the console logs, readable from the drawer
  await expect(page.getByTestId('console-log').first()).toBeVisible();
  await page.getByTestId('console-log-view').first().click();
  await expect(page.getByTestId('console-log-text')).toContainText('ECHO:hello-e2e');
  await expect(page.getByTestId('console-log-text')).toContainText('took control from');
});

test('power off and on, and power-cycle, each with its confirmation', async ({ page }, info) => {
  await openDrawer(page, 'hardware');
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on', { timeout: 15_000 });

  await page.getByTestId('power-off').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('Power off on e2e-bmc-01: this cuts power at once');
  await page.getByTestId('power-reason').fill('e2e power test');
  await shot(page, info, 'ipmi-power-confirm');
  await page.getByRole('button', { name: 'Power off e2e-bmc-01' }).click();
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'off');
  expect(sim!.read('power.state').trim()).toBe('0');
  await expect(page.getByTestId('bmc-events')).toContainText('power-off by');

  await page.getByTestId('power-on').click();
  await page.getByRole('button', { name: 'Power on e2e-bmc-01' }).click();
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on');

  const before = sim!.read('chassis.log').length;
  await page.getByTestId('power-cycle').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('cuts power and turns it back on');
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(sim!.read('chassis.log').length).toBe(before); // cancelled: nothing sent
  await page.getByTestId('power-cycle').click();
  await page.getByRole('button', { name: 'Power cycle e2e-bmc-01' }).click();
  await expect.poll(() => /set power 0[\s\S]*set power 1/.test(sim!.read('chassis.log').slice(before)), { timeout: 10_000 }).toBe(true);
  await expect(async () => {
    await page.getByTestId('hardware-refresh').click();
    await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on', { timeout: 1500 });
  }).toPass({ timeout: 10_000 });
  // every action is in the audit history with who and why
  const actions = (core!.services.store.db.prepare(`SELECT action, reason FROM audit WHERE action LIKE 'power-%' ORDER BY id`).all() as Array<{ action: string; reason: string | null }>);
  expect(actions.map((a) => a.action)).toEqual(['power-off', 'power-on', 'power-cycle']);
  expect(actions[0]!.reason).toBe('e2e power test');
});

test('power-cycle from the console and watch the server boot in it; send a BREAK', async ({ page }, info) => {
  // the console.resize mutations this page sends over its WebSocket
  const resizes: Array<{ cols: number; rows: number }> = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => {
    const text = String(f.payload);
    const m = /"cols":(\d+),"rows":(\d+)/.exec(text);
    if (m && text.includes('"console.resize"')) resizes.push({ cols: Number(m[1]), rows: Number(m[2]) });
  }));
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDrawer(page, 'console');
  const panel = page.getByTestId('console-panel');
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(panel).toHaveAttribute('data-controlling', 'yes');
  await expect(page.getByTestId('console-power-state')).toHaveAttribute('data-power', 'on');

  // the terminal fits its box, not a fixed 80x24: as many rows as xterm draws, no wider than the box
  const term = page.getByTestId('console-terminal');
  const rows = Number(await term.getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(24);
  await expect(term.locator('.xterm-rows > div')).toHaveCount(rows);
  const boxW = (await term.boundingBox())!.width;
  expect((await term.locator('.xterm-screen').boundingBox())!.width).toBeLessThanOrEqual(boxW);
  const sent = async () => ({ cols: Number(await term.getAttribute('data-cols')), rows: Number(await term.getAttribute('data-rows')) });
  await expect.poll(() => resizes.at(-1)).toEqual(await sent()); // in control: the console gets the size
  await page.setViewportSize({ width: 1280, height: 640 });
  await expect.poll(async () => Number(await term.getAttribute('data-rows'))).toBeLessThan(rows);
  await expect(term.locator('.xterm-rows > div')).toHaveCount(Number(await term.getAttribute('data-rows')));
  await expect.poll(() => resizes.at(-1)).toEqual(await sent());

  // power-cycle without leaving the console: the host goes down and boots on screen
  const before = sim!.read('chassis.log').length;
  await page.getByTestId('power-cycle').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('Power cycle on e2e-bmc-01');
  await page.getByTestId('power-reason').fill('watch it boot');
  await page.getByRole('button', { name: 'Power cycle e2e-bmc-01' }).click();
  await expect(screen(page)).toContainText('reboot: Power down', { timeout: 10_000 });
  await expect(screen(page)).toContainText('sim-host BIOS 2.1 POST', { timeout: 15_000 });
  await expect(screen(page)).toContainText('sim-host boot complete');
  expect(sim!.read('chassis.log').slice(before)).toMatch(/set power 0[\s\S]*set power 1/);
  await expect(page.getByTestId('console-power-state')).toHaveAttribute('data-power', 'on', { timeout: 15_000 });
  await shot(page, info, 'ipmi-console-boot');
  const audited = core!.services.store.db.prepare(`SELECT action, reason FROM audit WHERE action = 'power-cycle' ORDER BY id DESC LIMIT 1`).get() as { action: string; reason: string | null };
  expect(audited.reason).toBe('watch it boot');

  // BREAK: ipmi_sim passes it to the serial side as telnet IAC BRK (ff f3) with the next character
  const raw = () => readFileSync(join(sim!.dir, 'serial.log.raw'));
  const rawBefore = raw().length;
  await page.getByTestId('console-break').click();
  await expect(page.getByTestId('console-notices')).toContainText('sent a BREAK');
  await term.click();
  await page.keyboard.press('Enter');
  await expect.poll(() => raw().subarray(rawBefore).includes(Buffer.from([0xff, 0xf3])), { timeout: 10_000 }).toBe(true);

  await page.getByTestId('console-disconnect').click();
  await expect(page.getByTestId('console-ended')).toBeVisible();
});

test('SOL held by another session: the console says so and the user takes it over', async ({ page }) => {
  // another client (a colleague's ipmitool, a crashed session) holds the BMC's one SOL payload
  const manager = new IpmiSessionManager({ timeoutMs: 500, retries: 2 });
  const other = new IpmiClient({ host: sim!.addr, port: sim!.port, username: 'admin', password: PASSWORD, cipherSuites: [3] }, { manager });
  const held = await other.sol({ onData: () => undefined, takeOver: true });
  try {
    await openDrawer(page, 'console');
    const ended = page.getByTestId('console-ended');
    await expect(ended).toHaveAttribute('data-code', 'sol-active', { timeout: 15_000 });
    await page.getByTestId('console-takeover').click();
    const panel = page.getByTestId('console-panel');
    await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    await expect(panel).toHaveAttribute('data-controlling', 'yes');
    await page.getByTestId('console-terminal').click();
    await page.keyboard.type('after-takeover');
    await page.keyboard.press('Enter');
    await expect(screen(page)).toContainText('ECHO:after-takeover', { timeout: 10_000 });
    await expect.poll(() => sim!.read('serial.log'), { timeout: 10_000 }).toContain('RX line: after-takeover');
    await page.getByTestId('console-disconnect').click();
  } finally {
    await held.close().catch(() => undefined);
    await manager.closeAll();
  }
});

test('hard reset, soft shutdown and the next boot device from the drawer, each confirmed and audited', async ({ page }) => {
  await openDrawer(page, 'hardware');
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on', { timeout: 15_000 });
  const confirmIn = () => page.locator('.noc-power-confirm');

  let before = sim!.read('chassis.log').length;
  await page.getByTestId('power-reset').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('Hard reset on e2e-bmc-01: this resets the server at once');
  await page.getByTestId('power-reason').fill('e2e reset');
  await page.getByRole('button', { name: 'Hard reset e2e-bmc-01' }).click();
  await expect.poll(() => sim!.read('chassis.log').slice(before), { timeout: 10_000 }).toMatch(/set reset/);

  before = sim!.read('chassis.log').length;
  await page.getByTestId('power-soft').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('asks the operating system to shut down');
  await page.getByRole('button', { name: 'Soft shutdown e2e-bmc-01' }).click();
  await expect.poll(() => sim!.read('chassis.log').slice(before), { timeout: 10_000 }).toMatch(/set shutdown/);
  await expect(async () => {
    await page.getByTestId('hardware-refresh').click();
    await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'off', { timeout: 1500 });
  }).toPass({ timeout: 10_000 });
  await page.getByTestId('power-on').click();
  await page.getByRole('button', { name: 'Power on e2e-bmc-01' }).click();
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-power', 'on');

  // next boot from the BIOS setup: ipmitool reads the BMC's boot flags (parameter 5) back
  await page.getByTestId('boot-device').selectOption('bios');
  await page.getByTestId('boot-set').click();
  await expect(page.getByTestId('power-confirm-text')).toContainText('The next boot of e2e-bmc-01 will start from BIOS setup');
  await page.getByTestId('power-reason').fill('e2e firmware check');
  await confirmIn().getByRole('button', { name: 'Set boot device' }).click();
  await expect.poll(() => execFileSync('ipmitool', ['-I', 'lanplus', '-H', '127.0.0.1', '-p', String(BMC_PORT), '-U', 'admin', '-E', '-C', '3', 'chassis', 'bootparam', 'get', '5'], { env: { ...process.env, IPMI_PASSWORD: PASSWORD }, timeout: 10_000 }).toString(), { timeout: 10_000 })
    .toMatch(/Force Boot into BIOS Setup/);

  // the audit row follows the BMC's answer
  const audited = () => core!.services.store.db.prepare(`SELECT action, reason FROM audit WHERE action IN ('power-reset', 'power-soft', 'boot-device') ORDER BY id`).all() as Array<{ action: string; reason: string | null }>;
  await expect.poll(() => audited().map((a) => a.action), { timeout: 5_000 }).toEqual(['power-reset', 'power-soft', 'boot-device']);
  const audit = audited();
  expect(audit[0]!.reason).toBe('e2e reset');
  expect(audit[2]!.reason).toBe('e2e firmware check');
});

test('saving with "allow insecure" shows the insecure tag and the BMC\'s own warnings in the drawer', async ({ page }) => {
  await openDrawer(page, 'hardware');
  await expect(page.getByTestId('bmc-endpoint')).toBeVisible();
  await expect(page.getByTestId('bmc-insecure-tag')).toHaveCount(0);
  await page.getByTestId('bmc-edit').click();
  await page.getByTestId('bmc-insecure').check({ force: true });
  await page.getByTestId('bmc-save').click();
  await expect(page.getByTestId('bmc-insecure-tag')).toHaveText('Insecure logins allowed');
  await expect(page.getByTestId('bmc-warnings')).toContainText('Insecure logins are allowed for this BMC');
  // ipmi_sim accepts IPMI 1.5 logins without authentication: the poll's warning is shown too
  await expect(async () => {
    await page.getByTestId('hardware-refresh').click();
    await expect(page.getByTestId('bmc-warnings')).toContainText('accepts IPMI 1.5 sessions without authentication', { timeout: 1500 });
  }).toPass({ timeout: 10_000 });
});
