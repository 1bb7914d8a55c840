// A SCRAM-SHA-256 verifier (RFC 7677 / RFC 5802, PostgreSQL's stored form), made on the
// admin's machine: CREATE ROLE … PASSWORD 'SCRAM-SHA-256$…' stores it as given, so the clear
// password never travels to the server or lands in its logs.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export function scramVerifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  // PostgreSQL SASLprep-normalises passwords; NFKC is that for every password people type
  // (it differs only for rare control/bidirectional characters, which we refuse upstream).
  const salted = pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
