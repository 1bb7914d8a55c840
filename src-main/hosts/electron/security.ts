// Electron's security checklist, as plain functions (no electron import) so they are
// unit-tested without the binary: window options, CSP, sender and navigation checks.

export const APP_SCHEME = 'noc';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** No remote content at all: scripts, styles, media and connections stay in the app. */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface WindowOptionsInput { preload: string; kiosk: boolean }

export function mainWindowOptions({ preload, kiosk }: WindowOptionsInput) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#1c2127', // Blueprint dark background: no white flash at start
    title: 'Aedify NOC',
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  } as const;
}

/** Only the app's own top frame may talk to the main process. */
export function isTrustedSender(frameUrl: string | undefined | null, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const url = new URL(frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch (_err) {
    return false;
  }
}

/** Navigation away from the app (links, drag and drop, window.location) is refused. */
export function isAllowedNavigation(target: string): boolean {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch (_err) {
    return false;
  }
}

/** Links the user clicks that go outside may open in the system browser, if http(s). */
export function isExternalLinkAllowed(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch (_err) {
    return false;
  }
}

/**
 * What main.ts hangs on a window's webContents: navigation (and redirects) away from the app
 * are cancelled; new windows are always refused, http(s) links open in the system browser.
 */
export function navigationGuards(openExternal: (url: string) => void) {
  return {
    willNavigate: (event: { preventDefault(): void }, url: string): void => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    },
    windowOpen: ({ url }: { url: string }): { action: 'deny' } => {
      if (isExternalLinkAllowed(url)) openExternal(url);
      return { action: 'deny' };
    },
  };
}

/** Maps an app URL to a file in the renderer build, refusing anything outside it. */
export function appUrlToPath(requestUrl: string, rendererDir: string, join: (...p: string[]) => string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch (_err) {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null;
  const path = decodeURIComponent(url.pathname);
  if (path.split(/[\\/]/).some((seg) => seg === '..')) return null;
  const file = join(rendererDir, path === '/' ? 'index.html' : path);
  return file.startsWith(`${join(rendererDir)}/`) ? file : null;
}
