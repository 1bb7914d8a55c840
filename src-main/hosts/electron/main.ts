// The desktop host: one window on the same core as the headless server, talking tRPC over
// IPC. Security: contextIsolation, sandbox, no nodeIntegration, strict CSP, no remote
// content, navigation and new windows refused, every IPC sender checked.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell, Notification } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, localActor, type Core } from '../../core/create-core';
import { IPC_CHANNEL } from '../../../shared/ipc';
import { createIpcHandler, createIpcListener } from './ipc-handler';
import { APP_SCHEME, APP_URL, DESKTOP_CSP, appUrlToPath, mainWindowOptions, navigationGuards } from './security';
import { configureUpdates } from './updater';
import { migrationMessage, type MigrationInfo } from './messages';

const argv = process.argv.slice(1);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const kiosk = argv.includes('--kiosk');
const rendererDir = join(__dirname, '..', 'renderer');

// The wall must sound alarms without waiting for a click (browsers would block autoplay).
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let core: Core | null = null;

function createWindow(handler: ReturnType<typeof createIpcHandler>): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preload: join(__dirname, 'preload.cjs'), kiosk }));
  const contents = win.webContents;
  const senderId = contents.id;
  const guards = navigationGuards((url) => void shell.openExternal(url));
  contents.on('will-navigate', guards.willNavigate);
  contents.on('will-redirect', guards.willNavigate);
  contents.setWindowOpenHandler(guards.windowOpen);
  contents.on('did-start-navigation', (details) => { if (details.isMainFrame && !details.isSameDocument) handler.dropSender(senderId); });
  contents.on('render-process-gone', () => handler.dropSender(senderId));
  win.on('closed', () => handler.dropSender(senderId));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(kiosk ? `${APP_URL}?kiosk=1` : APP_URL);
  return win;
}

async function main(): Promise<void> {
  await app.whenReady();
  // Secrets (BMC passwords) are sealed by the OS keychain through safeStorage; Linux's
  // 'basic_text' backend uses a fixed public key, so it counts as unavailable.
  const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  let migrated = null as MigrationInfo | null; // set from the callback below; `as` keeps TS from narrowing it to null
  core = createCore({
    dataDir: flag('--data'),
    onMigrate: (info) => { migrated = info; },
    pg: flag('--pg') ?? process.env.NOC_PG_URL,
    monitoring: { enabled: true },
    secretSealer: {
      name: `electron-safeStorage (${linuxBackend ?? process.platform})`,
      isAvailable: () => safeStorage.isEncryptionAvailable() && linuxBackend !== 'basic_text',
      encrypt: (text) => safeStorage.encryptString(text),
      decrypt: (sealed) => safeStorage.decryptString(sealed),
    },
  });
  // The demo lab on a first start only: once loaded or removed, it stays the user's choice.
  core.services.demo.loadIfNeverSeen();

  // Serve the renderer from noc://app/ with the CSP header; nothing else is reachable.
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToPath(request.url, rendererDir, join);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', DESKTOP_CSP);
    return new Response(response.body, { status: response.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, done) => done(permission === 'notifications'));
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, done) => done({ cancel: true }));

  const actor = localActor();
  const handler = createIpcHandler({ router: core.router, createContext: () => core!.createContext(actor) });
  ipcMain.on(IPC_CHANNEL, createIpcListener(handler));

  const win = createWindow(handler);
  setImmediate(() => core?.services.inventory.warmListIndex());
  // Said, not silent: which store was upgraded and where the old copy is.
  if (migrated) void dialog.showMessageBox(win, { type: 'info', buttons: ['OK'], ...migrationMessage(core.file, migrated) });
  configureUpdates(app.isPackaged, (text) => { if (Notification.isSupported()) new Notification({ title: 'Aedify NOC', body: text }).show(); });
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(handler); });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => {
  const closing = core;
  core = null;
  // Stop syncing and polling, end consoles and close BMC sessions (bounded) before the store closes, then quit.
  void (closing ? closing.shutdown() : Promise.resolve()).finally(() => app.quit());
});

main().catch((err: unknown) => {
  // e.g. a store that is locked, read-only, newer or damaged: the message names the file and what to do.
  const message = err instanceof Error ? err.message : String(err);
  console.error(message);
  dialog.showErrorBox('Aedify NOC cannot start', message);
  app.exit(1);
});
