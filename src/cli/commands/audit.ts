import type { Command } from 'commander';
import { CliError } from '../io.js';
import { withDbOption, withStore } from './store-option.js';

/**
 * `homefinder audit verify`: recompute the hash chain and cross-check the recommendations, decisions and
 * homes it vouches for; exits 1 naming every edited or deleted entry's seq. `homefinder audit show <seq>`
 * prints one entry.
 *
 * @example
 * // npx homefinder audit verify
 * register(program);
 */
export function register(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit log');
  withDbOption(audit.command('verify').description('Recompute the hash chain; fail naming any edited or deleted entry').option('--json', 'print the result as JSON')).action(
    async (o: { db?: string; json?: boolean }) => {
      await withStore(o.db, async (store) => {
        const v = await store.verifyAudit();
        if (o.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
        else if (v.ok) {
          process.stdout.write(`audit verify: OK, ${v.entries} entries, head seq ${v.headSeq} hash ${v.headHash}\n`);
        } else {
          const lines = [...v.failures, ...v.recordFailures].map((f) => `  seq ${f.seq} [${f.code}]: ${f.message}`);
          process.stdout.write(`audit verify: FAILED, ${v.failures.length + v.recordFailures.length} problem(s) in ${v.entries} entries\n${lines.join('\n')}\n`);
        }
        if (!v.ok) process.exitCode = 1;
      });
    },
  );
  withDbOption(audit.command('show').description('Print one audit entry').argument('<seq>', 'sequence number')).action(async (seqText: string, o: { db?: string }) => {
    const seq = Number(seqText);
    if (!Number.isInteger(seq) || seq < 1) throw new CliError(`audit show: seq must be a positive integer, got "${seqText}"`);
    await withStore(o.db, async (store) => {
      const e = await store.getAudit(seq);
      if (!e) throw new CliError(`audit show: no entry with seq ${seq}`, [], 1);
      process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
    });
  });
}
