import type { Command } from 'commander';
import { parseOrThrow, ValidationError } from '../../domain/index.js';
import { KeyCreateRequestSchema } from '../../api/schemas.js';
import { systemActor } from '../../store/index.js';
import { CliError, formatPath } from '../io.js';
import { withDbOption, withStore } from './store-option.js';

function asCli(e: unknown, what: string): unknown {
  if (e instanceof ValidationError) {
    return new CliError(`${what}: ${e.problems.map((p) => `--${formatPath(p.path)}: ${p.message}`).join('; ')}`, e.problems);
  }
  return e;
}

/**
 * `homefinder keys create|list|revoke`: manage API keys in the database. The token is printed once; only
 * its salted hash is stored.
 *
 * @example
 * // npx homefinder keys create --authority E08000026 --role placement_officer
 * register(program);
 */
export function register(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (stored hashed; a token is shown once)');
  withDbOption(
    keys
      .command('create')
      .description('Create a key: placement_officer and commissioner need --authority, provider needs --provider')
      .requiredOption('--role <role>', 'placement_officer | commissioner | provider | admin')
      .option('--authority <code>', 'ONS code of the authority the key acts for, e.g. E08000026')
      .option('--provider <id>', 'provider id (provider keys)')
      .option('--label <text>', 'a note to recognise the key by'),
  ).action(async (o: { role: string; authority?: string; provider?: string; label?: string; db?: string }) => {
    let input;
    try {
      input = parseOrThrow(KeyCreateRequestSchema, { role: o.role, authority: o.authority, providerId: o.provider, label: o.label }, 'keys create');
    } catch (e) {
      throw asCli(e, 'keys create');
    }
    await withStore(o.db, async (store) => {
      const { record, token } = await store.createApiKey(input, systemActor('cli'));
      process.stdout.write(`${token}\n`);
      process.stderr.write(`key ${record.id}: role ${record.role}${record.authority ? `, authority ${record.authority}` : ''}${record.providerId ? `, provider ${record.providerId}` : ''}. Store the token now: it is not shown again.\n`);
    });
  });
  withDbOption(keys.command('list').description('List keys (no secrets)')).action(async (o: { db?: string }) => {
    await withStore(o.db, async (store) => {
      for (const k of await store.listApiKeys()) {
        process.stdout.write(`${k.id}\t${k.role}\t${k.authority ?? '-'}\t${k.providerId ?? '-'}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t${k.label ?? ''}\n`);
      }
    });
  });
  withDbOption(keys.command('revoke').description('Revoke a key by id').argument('<id>', 'key id, e.g. k0123456789abcdef')).action(async (id: string, o: { db?: string }) => {
    await withStore(o.db, async (store) => {
      try {
        const k = await store.revokeApiKey(id, systemActor('cli'));
        process.stdout.write(`revoked ${k.id} at ${k.revokedAt}\n`);
      } catch (e) {
        throw new CliError(`keys revoke: ${(e as Error).message}`);
      }
    });
  });
}
