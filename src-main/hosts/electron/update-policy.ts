// Whether and how the desktop app looks for updates: pure, tested without Electron.
export interface UpdatePolicy { check: boolean; autoDownload: boolean; channel: 'latest' | 'beta' }

export function updatePolicy({ isPackaged, env }: { isPackaged: boolean; env: Record<string, string | undefined> }): UpdatePolicy {
  if (!isPackaged || env.NOC_NO_UPDATES === '1') return { check: false, autoDownload: false, channel: 'latest' };
  const channel = env.NOC_UPDATE_CHANNEL === 'beta' ? 'beta' : 'latest';
  // Wall displays (kiosk) download quietly; desks too, installing only on quit.
  return { check: true, autoDownload: true, channel };
}
