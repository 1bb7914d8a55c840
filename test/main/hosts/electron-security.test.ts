// The Electron host's own logic, without the Electron binary.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { APP_URL, DESKTOP_CSP, appUrlToPath, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, mainWindowOptions, navigationGuards } from '../../../src-main/hosts/electron/security';
import { updatePolicy } from '../../../src-main/hosts/electron/update-policy';

describe('window options', () => {
  it('isolate the page from Node and Electron', () => {
    const { webPreferences } = mainWindowOptions({ preload: '/app/preload.cjs', kiosk: false });
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(webPreferences.preload).toBe('/app/preload.cjs');
  });
  it('go full screen in kiosk mode', () => {
    expect(mainWindowOptions({ preload: 'p', kiosk: true })).toMatchObject({ kiosk: true, fullscreen: true });
    expect(mainWindowOptions({ preload: 'p', kiosk: false })).toMatchObject({ kiosk: false, fullscreen: false });
  });
});

describe('content security policy', () => {
  const directives = Object.fromEntries(DESKTOP_CSP.split('; ').map((d) => { const [k, ...v] = d.split(' '); return [k, v.join(' ')]; }));
  it('allows only the app itself, no inline or remote script', () => {
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self'");
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(directives['object-src']).toBe("'none'");
    expect(directives['connect-src']).toBe("'self'");
  });
});

describe('IPC sender check', () => {
  it('trusts only the app top frame', () => {
    expect(isTrustedSender(APP_URL, true)).toBe(true);
    expect(isTrustedSender('noc://app/views/wall', true)).toBe(true);
    expect(isTrustedSender(APP_URL, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender('file:///etc/passwd', true)).toBe(false);
    expect(isTrustedSender('noc://other/index.html', true)).toBe(false);
    expect(isTrustedSender('not a url', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
});

describe('navigation', () => {
  it('stays inside the app', () => {
    expect(isAllowedNavigation('noc://app/index.html#/racks')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/x.html')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });
  it('opens only http(s) links outside, in the system browser', () => {
    expect(isExternalLinkAllowed('https://docs.example/')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('smb://host/share')).toBe(false);
  });
  it('the webContents guards cancel navigation away and never open a window', () => {
    const opened: string[] = [];
    const guards = navigationGuards((url) => opened.push(url));
    const navigate = (url: string) => {
      let prevented = false;
      guards.willNavigate({ preventDefault: () => { prevented = true; } }, url);
      return prevented;
    };
    expect(navigate('noc://app/index.html#/racks')).toBe(false);
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(guards.windowOpen({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(guards.windowOpen({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(guards.windowOpen({ url: 'noc://app/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/']);
  });
  it('serves only files inside the renderer build', () => {
    expect(appUrlToPath('noc://app/index.html', '/r', join)).toBe('/r/index.html');
    expect(appUrlToPath('noc://app/', '/r', join)).toBe('/r/index.html');
    expect(appUrlToPath('noc://app/assets/a.js', '/r', join)).toBe('/r/assets/a.js');
    // dot segments are resolved by the URL parser and can never climb out of the build
    expect(appUrlToPath('noc://app/%2e%2e/%2e%2e/etc/passwd', '/r', join)).toBe('/r/etc/passwd');
    expect(appUrlToPath('noc://app/a/..%2f..%2f..%2fetc/passwd', '/r', join)).toBeNull();
    expect(appUrlToPath('noc://elsewhere/x', '/r', join)).toBeNull();
  });
});

describe('update policy', () => {
  it('never checks in development or when turned off', () => {
    expect(updatePolicy({ isPackaged: false, env: {} }).check).toBe(false);
    expect(updatePolicy({ isPackaged: true, env: { NOC_NO_UPDATES: '1' } }).check).toBe(false);
  });
  it('checks packaged builds on the chosen channel', () => {
    expect(updatePolicy({ isPackaged: true, env: {} })).toEqual({ check: true, autoDownload: true, channel: 'latest' });
    expect(updatePolicy({ isPackaged: true, env: { NOC_UPDATE_CHANNEL: 'beta' } }).channel).toBe('beta');
  });
});
