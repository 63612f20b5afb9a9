import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, parseApiKey, verifySecret } from '../../store/index.js';
import { CliError } from '../io.js';
import { useCliIo } from '../testing/capture.js';
import { register as registerAudit } from './audit.js';
import { register as registerImport } from './import.js';
import { register as registerKeys } from './keys.js';

const io = useCliIo('hf-cli-');
let db: string;
beforeEach(() => {
  db = join(io.dir, 'data', 'homefinder.db');
});

async function run(...argv: string[]): Promise<void> {
  const program = new Command('homefinder').exitOverride();
  registerKeys(program);
  registerAudit(program);
  registerImport(program);
  await program.parseAsync([...argv, '--db', db], { from: 'user' });
}

const HEADER = 'id,providerId,type,district,registration,ofsted,places,freePlaces,ageMin,ageMax,sexesAccepted,annualCost,contract';
const ROW = (id: string, free = 1) => `${id},P-1,council_foster,CV1,registered,good,2,${free},0,17,female|male,23993,council_run`;

describe('homefinder keys', () => {
  it('creates a key, printing the token once and storing only its hash', async () => {
    await run('keys', 'create', '--authority', 'E08000026', '--role', 'placement_officer', '--label', 'test');
    const token = io.out.join('').trim();
    const parsed = parseApiKey(token)!;
    const store = openSqliteStore({ path: db });
    const rec = await store.getApiKey(parsed.keyId);
    expect(rec).toMatchObject({ role: 'placement_officer', authority: 'E08000026', label: 'test' });
    expect(verifySecret(rec!.salt, rec!.secretHash, parsed.secret)).toBe(true);
    await store.close();
    io.out = [];
    await run('keys', 'list');
    expect(io.out.join('')).toMatch(new RegExp(`^${parsed.keyId}\\tplacement_officer\\tE08000026\\t-\\tactive\\ttest`));
    expect(io.out.join('')).not.toContain(parsed.secret);
    await run('keys', 'revoke', parsed.keyId);
    await expect(run('keys', 'revoke', parsed.keyId)).rejects.toThrow(/already revoked/);
  });

  it('refuses a key without the scope its role needs, naming the option', async () => {
    await expect(run('keys', 'create', '--role', 'placement_officer')).rejects.toThrow(/--authority: a placement_officer key needs an authority/);
    await expect(run('keys', 'create', '--role', 'wizard')).rejects.toBeInstanceOf(CliError);
  });
});

describe('homefinder import', () => {
  it('imports a CSV all or nothing, reporting every rejected row as file:line with the field', async () => {
    const good = join(io.dir, 'homes.csv');
    writeFileSync(good, [HEADER, ROW('H-1'), ROW('H-2')].join('\n'));
    await run('import', good);
    expect(io.out.join('')).toMatch(/2 created, 0 updated/);
    const bad = join(io.dir, 'bad.csv');
    writeFileSync(bad, [HEADER, ROW('H-3'), ROW('H-4', 9), 'H-5,P-1,council_foster,CV1,registered,good,2,1,0,17,female,lots,council_run'].join('\n'));
    const e = await run('import', bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    const msg = (e as CliError).message;
    expect(msg).toContain(`${bad}:3: ${bad} line 3, field "freePlaces"`);
    expect(msg).toContain(`${bad}:4: ${bad} line 4, field "annualCost"`);
    const store = openSqliteStore({ path: db });
    expect(await store.getHome('H-3')).toBeUndefined();
    expect(await store.countHomes()).toBe(2);
    await store.close();
  });

  it('refuses an unknown format and a missing file', async () => {
    await expect(run('import', join(io.dir, 'homes.txt'))).rejects.toThrow(/cannot tell the format/);
    await expect(run('import', join(io.dir, 'missing.csv'))).rejects.toThrow(/cannot read file \(ENOENT\)/);
  });
});

describe('homefinder audit verify', () => {
  it('passes on an intact log and fails naming the seq of an entry edited with raw SQL', async () => {
    const f = join(io.dir, 'homes.csv');
    writeFileSync(f, [HEADER, ROW('H-1'), ROW('H-2')].join('\n'));
    await run('import', f);
    await run('keys', 'create', '--role', 'admin');
    io.out = [];
    await run('audit', 'verify');
    expect(io.out.join('')).toMatch(/audit verify: OK, 4 entries, head seq 4/);
    expect(process.exitCode).toBeUndefined();

    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET payload = replace(payload, '"freePlaces":1', '"freePlaces":2') WHERE seq = 2`).run();
    raw.close();
    io.out = [];
    await run('audit', 'verify');
    expect(process.exitCode).toBe(1);
    expect(io.out.join('')).toMatch(/FAILED/);
    expect(io.out.join('')).toMatch(/seq 2 \[hash_mismatch\]: verifyAuditChain: seq 2 \(home.imported\) was edited/);
    io.out = [];
    await run('audit', 'show', '2');
    expect(JSON.parse(io.out.join(''))).toMatchObject({ seq: 2, kind: 'home.imported' });
  });
});
