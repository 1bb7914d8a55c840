// Login for the headless host when it is reached beyond loopback: a staff name and
// password, or a wall display's token.
import { Button, Callout, Card, FormGroup, H3, InputGroup, SegmentedControl } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { login } from '../../session';

type Mode = 'password' | 'token';

export function LoginPage() {
  const [mode, setMode] = useState<Mode>('password');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const missing = mode === 'password' ? (!name.trim() ? 'name' : !password ? 'password' : null) : !token.trim() ? 'token' : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (missing) {
      setError(missing === 'token' ? 'Enter the token.' : `Enter your ${missing}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const why = await login(mode === 'password' ? { name: name.trim(), password } : { token: token.trim() });
      if (why) setError(why);
      else window.location.reload();
    } catch (err) {
      setError(`Cannot reach the server: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="noc-center noc-login" data-testid="login-page">
      <Card className="noc-login-card" elevation={2}>
        <div className="noc-login-brand"><img src="./favicon.svg" alt="" width={28} height={28} /><H3>Aedify NOC</H3></div>
        <SegmentedControl
          fill
          size="small"
          value={mode}
          onValueChange={(v) => { setMode(v as Mode); setError(null); }}
          options={[{ label: 'Staff login', value: 'password' }, { label: 'Display token', value: 'token' }]}
        />
        <form onSubmit={(e) => void submit(e)} className="noc-login-form">
          {mode === 'password' ? (
            <>
              <FormGroup label="Name" labelFor="login-name">
                <InputGroup id="login-name" data-testid="login-name" autoFocus autoComplete="username" value={name} onValueChange={setName} />
              </FormGroup>
              <FormGroup label="Password" labelFor="login-password">
                <InputGroup id="login-password" data-testid="login-password" type="password" autoComplete="current-password" value={password} onValueChange={setPassword} />
              </FormGroup>
            </>
          ) : (
            <FormGroup label="Token" labelFor="login-token" helperText="The shared secret the server was started with (--token).">
              <InputGroup id="login-token" data-testid="login-token" type="password" autoFocus value={token} onValueChange={setToken} />
            </FormGroup>
          )}
          {error && <Callout intent="danger" compact data-testid="login-error">{error}</Callout>}
          <Button type="submit" intent="primary" fill loading={busy} text="Log in" data-testid="login-submit" />
        </form>
      </Card>
    </div>
  );
}
