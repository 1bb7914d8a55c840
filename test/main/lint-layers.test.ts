// The layer rules of eslint.config.js really fire (review of issue 2, finding 7): each one is
// fed a small forbidden import through ESLint's own API at a path in that layer, and the
// allowed forms pass. A regressed glob or pattern would turn a `refused` case green → red.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** All messages for `code` linted as if it were the file at `path` (relative to the repo). */
async function lint(path: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const refused = (rule: RegExp) => expect.arrayContaining([expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringMatching(rule) })]);

describe('layer lint rules', () => {
  const cases: Array<{ what: string; path: string; code: string; why: RegExp }> = [
    { what: 'shared/ importing node:fs', path: 'shared/lint-probe.ts', code: `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n`, why: /shared\/ is imported by both sides/ },
    { what: 'shared/ importing bare fs', path: 'shared/lint-probe.ts', code: `import { readFileSync } from 'fs';\nexport const f = readFileSync;\n`, why: /shared\/ is imported by both sides/ },
    { what: 'shared/ importing src-main', path: 'shared/lint-probe.ts', code: `import { createCore } from '../src-main/core/create-core';\nexport const f = createCore;\n`, why: /shared\/ is imported by both sides/ },
    { what: 'the renderer importing a value from src-main', path: 'src-renderer/lint-probe.ts', code: `import { createCore } from '../src-main/core/create-core';\nexport const f = createCore;\n`, why: /only as `import type \{ AppRouter \}`/ },
    { what: 'the renderer importing node:fs', path: 'src-renderer/views/lint-probe.tsx', code: `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n`, why: /runs in a browser/ },
    { what: 'the renderer importing electron', path: 'src-renderer/lint-probe.ts', code: `import { ipcRenderer } from 'electron';\nexport const f = ipcRenderer;\n`, why: /runs in a browser/ },
    { what: 'core importing electron', path: 'src-main/core/lint-probe.ts', code: `import { app } from 'electron';\nexport const f = app;\n`, why: /Only src-main\/hosts\/electron imports electron/ },
    { what: 'the headless host importing electron', path: 'src-main/hosts/server/lint-probe.ts', code: `import { app } from 'electron';\nexport const f = app;\n`, why: /Only src-main\/hosts\/electron imports electron/ },
    { what: 'src-main importing the renderer', path: 'src-main/domains/lint-probe.ts', code: `import { App } from '../../src-renderer/App';\nexport const f = App;\n`, why: /never imports the renderer/ },
    { what: 'a protocol importing the store', path: 'src-main/protocols/lint-probe.ts', code: `import { openStore } from '../store/db';\nexport const f = openStore;\n`, why: /protocols\/ are self-contained/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}`, async () => {
      expect(await lint(c.path, c.code)).toEqual(refused(c.why));
    }, 30_000);
  }

  it('passes the allowed forms: type-only API import in the renderer, electron in its host, Node in src-main', async () => {
    expect(await lint('src-renderer/lint-probe.ts', `import type { AppRouter } from '../src-main/core/router';\nexport type R = AppRouter;\n`)).toEqual([]);
    expect(await lint('src-main/hosts/electron/lint-probe.ts', `import { app } from 'electron';\nexport const f = app;\n`)).toEqual([]);
    expect(await lint('src-main/core/lint-probe.ts', `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n`)).toEqual([]);
    expect(await lint('shared/lint-probe.ts', `import { z } from 'zod';\nexport const s = z.string();\n`)).toEqual([]);
  }, 30_000);
});
