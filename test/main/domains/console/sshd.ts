// A throwaway OpenSSH server on loopback for the ssh console driver's test: its own host key,
// one authorized client key, and a forced command that behaves like a tiny shell (prints a
// banner, echoes each line back). Stopped by killing the PID it started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const sshdAvailable = existsSync(SSHD) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen');
export const sshdMissingReason = 'sshd not installed (apt-get install openssh-server): ssh console test skipped';

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** options for the ssh client: this key, this known_hosts, no user config */
  clientArgs: string[];
  stop(): Promise<void>;
}

// "size" answers with the terminal's size as the server side sees it (stty size: rows cols)
const FORCED = `echo ssh-console-ready; while IFS= read -r l; do if [ "$l" = size ]; then echo "SSH-SIZE:$(stty size)"; else echo "SSH-ECHO:$l"; fi; done`;

export async function startSshd(port: number): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-sshd-'));
  const user = userInfo().username;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password', 'StrictModes no', 'UsePAM no', `ForceCommand ${FORCED}`, '',
  ].join('\n'));
  // sshd's privilege separation needs its (empty, root-owned) directory; Debian makes it at service start
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const end = Date.now() + 10_000;
  while (!/Server listening on 127\.0\.0\.1 port/.test(log)) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const clientArgs = ['-F', '/dev/null', '-i', join(dir, 'client_key'), '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes'];
  return {
    port, dir, user, clientArgs,
    stop: async () => {
      const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
