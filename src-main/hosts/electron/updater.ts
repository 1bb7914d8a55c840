// Updates through electron-updater (the feed is set in electron-builder.yml's `publish`).
// Only packaged builds check; development runs and NOC_NO_UPDATES=1 never do.
import electronUpdater from 'electron-updater';
import { updatePolicy } from './update-policy';

export function configureUpdates(isPackaged: boolean, notify: (text: string) => void): void {
  const policy = updatePolicy({ isPackaged, env: process.env });
  if (!policy.check) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = policy.autoDownload;
  autoUpdater.allowPrerelease = policy.channel !== 'latest';
  autoUpdater.channel = policy.channel;
  autoUpdater.on('update-downloaded', (info) => notify(`Version ${info.version} is ready; it installs when you quit.`));
  autoUpdater.on('error', () => { /* offline or no feed: the app keeps working, next start tries again */ });
  void autoUpdater.checkForUpdates().catch(() => undefined);
}
