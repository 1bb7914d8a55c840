// Burn-in results imported from the tool's own log, so nobody retypes hours and verdicts:
//  - stress-ng's summary ("successful run completed in 86400.02s (1 day, 0.02 secs)",
//    newer: "successful run completed in 1 day, 0.02 secs"; "unsuccessful run …" and
//    "failed: N" lines when a stressor failed);
//  - a plain key/value summary any script can write: "hours: 26" and "result: pass|fail".
// Anything else is refused with what the importer understands.
import { invalid } from '../../core/errors';

export interface ParsedBurnIn { tool: string; hours: number; passed: boolean }

const UNIT_SECONDS: Record<string, number> = { day: 86_400, hour: 3600, hr: 3600, min: 60, sec: 1 };

/** "1 day, 2 hrs, 3 mins, 4.5 secs" → seconds (null when nothing in it is a duration). */
function spelledSeconds(text: string): number | null {
  let total = 0;
  let seen = false;
  for (const m of text.matchAll(/([\d.]+)\s*(day|hour|hr|min|sec)s?\b/g)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    seen = true;
  }
  return seen ? total : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function parseBurnInLog(text: string): ParsedBurnIn {
  const done = /(unsuccessful|successful) run completed in ([^\n]*)/.exec(text);
  if (text.includes('stress-ng') && done) {
    const secs = /^([\d.]+)s\b/.exec(done[2]!.trim());
    const seconds = secs ? Number(secs[1]) : spelledSeconds(done[2]!);
    if (seconds === null) throw invalid(`The stress-ng log says "${done[0].trim()}" but no duration could be read from it.`, 'output');
    const failed = /\bfailed:\s*([1-9]\d*)/.exec(text);
    return { tool: 'stress-ng', hours: round2(seconds / 3600), passed: done[1] === 'successful' && !failed };
  }
  const hours = /^\s*hours\s*[:=]\s*([\d.]+)\s*$/im.exec(text);
  const result = /^\s*result\s*[:=]\s*(pass(?:ed)?|fail(?:ed)?)\s*$/im.exec(text);
  if (hours && result) return { tool: 'burn-in log', hours: Number(hours[1]), passed: result[1]!.toLowerCase().startsWith('pass') };
  throw invalid('This log is not one the importer reads: use the output of stress-ng (with its "successful run completed in …" line), or a summary with the lines "hours: N" and "result: pass" (or fail).', 'output');
}
