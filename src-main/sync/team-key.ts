// The team key (issue 6): secrets that sync must open on every client of the team — the
// poller that takes over a shard polls an SNMPv3 switch with the credential set on another
// desk, a technician opens a BMC console whose password a colleague entered, staff read a
// rental's root password — yet stay unreadable to logins that have no business with them.
//
//  - One 256-bit AES key per team, in PostgreSQL's noc_team_keys (migration 0009), made by
//    `noc db migrate` (ensureTeamKey, from Node's crypto) with a key id, so it can be rotated:
//    a new current key, the old one kept (retired) so old values still open.
//  - PostgreSQL decides who may have it: SELECT is granted to noc_admin, noc_technician and
//    noc_provisioning only. A client fetches it when it connects, as the person's own login
//    (fetchTeamKey); a viewer's, billing or customer login is refused by the database itself.
//  - The client keeps it for offline use sealed with its machine key (core/secrets.ts,
//    team.key beside secret.key, mode 0600) and seals values of synced rows with it
//    ("s2.<keyId>.…"); it opens both those and its own machine's "s1." values. A login that is
//    refused makes the client forget any key kept before: whoever logs in here now may not
//    read it.
//  - Before anything is pushed (each connect, so also the first upload of a standalone store),
//    values of synced rows this machine sealed with its own key (or the desktop's keychain, or
//    a retired team key) are re-sealed with the current team key (resealForTeam): nothing
//    arrives on the other clients unopenable. A value that cannot be opened here (another
//    machine's "s1." from before) is left as it is and counted.
import type pg from 'pg';
import type { SecretBox } from '../core/secrets';
import type { Services } from '../core/services';
import type { SharedSecrets } from '../core/shared-secrets';
import type { MonitoringService } from '../domains/monitoring/service';
import type { WriteContext } from '../store/repository';
import { fetchLiveKey, liveKeysOf, type LiveKeyFetch, type LiveKeys } from './live-key';
import { ensureKey, readKeys, type KeyFetch } from './key-table';
import { SyncError } from './pg';

const RESEAL: WriteContext = { actor: { id: 'system:sync', name: 'sync', role: 'admin' }, reason: 're-sealed with the team key before syncing' };

/** Makes the first team key when there is none (inside `noc db migrate`'s transaction). Returns the current key id. */
export const ensureTeamKey = (client: pg.ClientBase): Promise<string> => ensureKey(client, 'noc_team_keys', 'k');

/** A new current key; the old ones stay readable (retired). Clients re-seal when they next connect. */
export async function rotateTeamKey(client: pg.ClientBase): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(`UPDATE noc_team_keys SET retired_at = now() WHERE retired_at IS NULL`);
    const keyId = await ensureTeamKey(client);
    await client.query('COMMIT');
    return keyId;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export type TeamKeyFetch = KeyFetch;

/** Fetches the team key(s) as the connected login and keeps them in the box (sealed with the machine key). */
export async function fetchTeamKey(client: pg.ClientBase, box: SecretBox): Promise<TeamKeyFetch> {
  // retired keys first, so the current one is the last one kept (and the one sealShared uses)
  const rows = await readKeys(client, 'noc_team_keys');
  if (rows === 'refused') {
    box.forgetTeamKeys();
    return { state: 'refused', keyId: null, message: 'This login may not read the team key (only admin, technician and provisioning logins may): secrets sealed with it (SNMP credentials, BMC and root passwords) cannot be opened on this client.' };
  }
  if (rows.length === 0) {
    return { state: 'none', keyId: null, message: 'The shared database has no team key yet: an admin runs `noc db migrate`. Secrets are sealed with this machine\'s key until then.' };
  }
  for (const r of rows) box.useTeamKey(r.key_id, r.key);
  const keyId = box.teamKeyId();
  if (!keyId || rows.every((r) => r.retired)) throw new SyncError('refused', 'The shared database has only retired team keys: an admin runs `noc db migrate` to make a current one.');
  return { state: 'fetched', keyId, message: `Team key ${keyId} fetched.` };
}

export interface ResealReport {
  resealed: number;
  /** values that do not open on this machine (another machine's key): left as they are */
  unopenable: Array<{ table: string; id: string; reason: string }>;
}

/** What resealForTeam needs of the core: the synced rows that hold sealed values, and their boxes. */
export interface SealedRows {
  monitoring: MonitoringService;
  /** the box that seals SNMP credentials */
  secrets: SecretBox;
  /** BMC and root passwords (its box also opens what the desktop's keychain sealed) */
  shared: SharedSecrets;
  /** the live key's holder (sync/live-key.ts): fetched in the same connect step */
  live: LiveKeys;
}

export const sealedRowsOf = (s: Services): SealedRows => ({ monitoring: s.monitoring, secrets: s.secrets, shared: s.bmc.secrets.shared, live: liveKeysOf(s.pollers.live) });

/** Re-seals every value of a synced row that is not sealed with the current team key and opens here. */
export function resealForTeam(d: SealedRows): ResealReport {
  const report: ResealReport = { resealed: 0, unopenable: [] };
  const current = d.secrets.teamKeyId();
  if (!current) return report;
  const stale = (v: string) => v !== '' && !v.startsWith(`s2.${current}.`);
  const store = d.shared.store;
  store.write(() => {
    for (const cred of d.monitoring.repo.credentials.select(`SELECT * FROM snmp_credentials WHERE deleted = 0`)) {
      if (!stale(cred.secret)) continue;
      const purpose = `snmp:${cred.id}`;
      const plain = tryOpen(d.secrets, cred.secret, purpose);
      if (typeof plain !== 'string') report.unopenable.push({ table: 'snmp_credentials', id: cred.id, reason: plain.reason });
      else {
        d.monitoring.repo.credentials.update(RESEAL, cred.id, { secret: d.secrets.sealShared(plain, purpose) }, 'reseal');
        report.resealed++;
      }
    }
    for (const row of d.shared.repo.select(`SELECT * FROM shared_secrets WHERE deleted = 0`)) {
      if (!stale(row.sealed)) continue;
      const plain = tryOpen(d.shared.box, row.sealed, row.purpose);
      if (typeof plain !== 'string') report.unopenable.push({ table: 'shared_secrets', id: row.id, reason: plain.reason });
      else {
        d.shared.putSealed(RESEAL, row.purpose, d.shared.box.sealShared(plain, row.purpose), 'reseal');
        report.resealed++;
      }
    }
  });
  return report;
}

function tryOpen(box: SecretBox, sealed: string, purpose: string): string | { reason: string } {
  try {
    return box.open(sealed, purpose);
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
}

export interface TeamKeyReport extends TeamKeyFetch { reseal: ResealReport; live: LiveKeyFetch }

/** At every connect, before the first push: fetch the live key and the team key, then re-seal what this machine sealed alone. */
export async function teamKeyOnConnect(client: pg.ClientBase, d: SealedRows): Promise<TeamKeyReport> {
  const live = await fetchLiveKey(client, d.live);
  const fetched = await fetchTeamKey(client, d.secrets);
  const reseal = fetched.state === 'fetched' ? resealForTeam(d) : { resealed: 0, unopenable: [] };
  return { ...fetched, reseal, live };
}
