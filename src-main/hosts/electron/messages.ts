// Texts the desktop host shows in its own dialogs; kept apart from main.ts (which needs the
// Electron binary) so they can be tested under plain Node.

export interface MigrationInfo { from: number; to: number; backup: string | null }

/** The message box after an older store was upgraded: never a silent migration. */
export function migrationMessage(file: string, info: MigrationInfo): { title: string; message: string; detail: string } {
  return {
    title: 'Aedify NOC upgraded your store',
    message: `The store ${file} was upgraded from schema ${info.from} to ${info.to}.`,
    detail: info.backup
      ? `A copy of the store as it was is kept at ${info.backup}. To go back to an older version of the app, close it and put that file back in place of ${file}.`
      : 'No copy was kept (the store is in memory).',
  };
}
