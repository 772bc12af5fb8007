import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../main/store/workspace-store';
import { PROJECT_ROOT } from '../../helpers/store-fixtures';
import { cli, lines } from '../cli/cli-harness';
import { contentFragment } from '../../../shared/ydoc/layout';
import { clauseLinesOnDisk, tempDir, typeInClause } from '../services/harness';
import { makeTeamWorkspace, RawClient, waitUntil, type TeamPeople } from './team-harness';

const bin = join(PROJECT_ROOT, 'bin', 'draftroom.mjs');

describe('draftroom members, member add / set-role, token create / list / revoke', () => {
  let dir: { dir: string; cleanup: () => void };
  let file: string;
  let people: TeamPeople;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(file);
  });
  afterEach(() => dir.cleanup());

  it('adds a member to a party by code or name, lists members, changes a role', async () => {
    const added = await cli('member', 'add', file, '--name', 'Olena Koval', '--party', 'ukraine', '--role', 'drafter', '--json');
    expect(added.code).toBe(0);
    const member = JSON.parse(added.stdout);
    expect(member).toMatchObject({ name: 'Olena Koval', role: 'drafter', party: { code: 'UA' } });
    const listed = await cli('members', file, '--json');
    expect(JSON.parse(listed.stdout).map((m: { name: string }) => m.name)).toContain('Olena Koval');
    const table = await cli('members', file);
    expect(lines(table.stdout)[0]).toMatch(/^NAME +PARTY +ROLE +ID$/);
    const changed = await cli('member', 'set-role', file, '--member', 'olena koval', '--role', 'observer');
    expect(changed).toMatchObject({ code: 0, stdout: 'Olena Koval is now an observer (was drafter)\n' });
    const store = openWorkspace(file);
    expect(store.getMember(member.id)!.role).toBe('observer');
    store.close();
  });

  it('fails with one line and exit 2, writing nothing, on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['member', 'add', file, '--name', 'X', '--party', 'ZZ', '--role', 'lead'], /unknown party "ZZ" \(parties: US \(United States\), UA \(Ukraine\)\)/],
      [['member', 'add', file, '--name', 'X', '--party', 'US', '--role', 'king'], /--role must be one of lead, drafter, suggester, observer/],
      [['member', 'set-role', file, '--member', 'Nobody', '--role', 'lead'], /unknown member "Nobody"/],
      [['token', 'create', file, '--member', 'Nobody'], /unknown member "Nobody"/],
      [['token', 'revoke', file, 'no-such-token'], /no token with id no-such-token/],
      [['member', file], /unknown command "member .*"|missing subcommand/],
      [['token'], /missing subcommand: token create \| token list \| token revoke/],
      [['members', join(dir.dir, 'missing.draftroom')], /no such file/],
    ];
    const before = openWorkspace(file);
    const membersBefore = before.listMembers().length;
    const tokensBefore = before.listTokens().length;
    before.close();
    for (const [argv, message] of cases) {
      const run = await cli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    const after = openWorkspace(file);
    expect(after.listMembers().length).toBe(membersBefore);
    expect(after.listTokens().length).toBe(tokensBefore);
    after.close();
  });

  it('prints a token once, lists tokens without secrets, revokes one', async () => {
    const created = await cli('token', 'create', file, '--member', 'Alice Drafter', '--json');
    expect(created.code).toBe(0);
    const issued = JSON.parse(created.stdout);
    expect(issued.token).toMatch(/^drt_/);
    expect(issued.member).toMatchObject({ id: people.alice.id, role: 'drafter' });
    const listed = await cli('token', 'list', file, '--json');
    expect(listed.stdout).not.toContain(issued.token.split('_')[2]);
    const rows = JSON.parse(listed.stdout) as { id: string; revokedAt: string | null; lastUsedAt: string | null }[];
    expect(rows.find((r) => r.id === issued.id)).toMatchObject({ revokedAt: null, lastUsedAt: null });
    const revoked = await cli('token', 'revoke', file, issued.id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked token .* of Alice Drafter/);
    const table = await cli('token', 'list', file);
    const line = lines(table.stdout).find((l) => l.startsWith(issued.id))!;
    expect(line).toMatch(/Alice Drafter +drafter +\d{4}-\d\d-\d\d \d\d:\d\d +never +\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect((await cli('token', 'create', '--help')).stdout).toMatch(/Usage: draftroom token create <file> --member <id\|name> \[--json\]/);
  });
});

/** Runs `draftroom serve` as its own process; resolves with the URL it prints. */
async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const child = spawn(process.execPath, [bin, 'serve', ...args, '--port', '0'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => output.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(`stderr: ${line}`));
  await waitUntil(() => output.some((l) => l.includes('listening on')) || child.exitCode !== null, 20_000, 'serve to listen');
  const url = /listening on (\S+)/.exec(output.find((l) => l.includes('listening on')) ?? '')?.[1];
  if (url === undefined) throw new Error(`serve did not start: ${output.join('\n')}`);
  return { child, url, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('draftroom serve (its own process)', () => {
  let dir: { dir: string; cleanup: () => void };
  let file: string;
  let people: TeamPeople;
  let child: ChildProcess | null = null;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(file);
  });
  afterEach(async () => {
    if (child !== null && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = null;
    dir.cleanup();
  });

  it('serves, closes a connection at once when "draftroom token revoke" runs in another process, and stops cleanly on SIGTERM', async () => {
    const started = await startServe([file]);
    child = started.child;
    // The lead: direct (untracked) typing is a lead's edit (issue 13 rule 6 refuses it from others).
    const token = people.tokens.get(people.bohdan.id)!;
    const client = new RawClient(`${started.url}/${people.workspaceId}/${people.docId}?token=${token}`);
    await client.sync();
    client.edit((doc) => typeInClause(doc, 0, ' Agreed.', { tracked: false }));
    await client.sync();
    await waitUntil(() => started.output.some((l) => / connect .*member="Bohdan Lead"/.test(l)), 5000, 'the connect log line');

    const out = execFileSync(process.execPath, [bin, 'token', 'revoke', file, people.tokenIds.get(people.bohdan.id)!], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const revoked = Date.now();
    expect(out).toMatch(/Revoked token/);
    const closed = await client.whenClosed(5000);
    expect(closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/revoked/) });
    expect(Date.now() - revoked).toBeLessThan(2000);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(started.output.some((l) => l.startsWith('Stopped.'))).toBe(true);
    expect(started.output.some((l) => / disconnect .*code=4401/.test(l))).toBe(true);
    // The file is closed and complete: the edit is there, the log was compacted.
    expect(clauseLinesOnDisk(file, people.docId)[0]).toMatch(/800,000\. Agreed\.$/);
    const store = openWorkspace(file);
    expect(store.logLength(people.docId)).toBe(0);
    store.close();
  }, 40_000);

  it('serves wss:// with --cert and --key, and refuses half a TLS pair with one line', async () => {
    const key = join(dir.dir, 'key.pem');
    const cert = join(dir.dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    const half = await cli('serve', file, '--cert', cert);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/give both --cert and --key/);

    const started = await startServe([file, '--cert', cert, '--key', key]);
    child = started.child;
    expect(started.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    // The client trusts the test's self-signed certificate.
    const client = new RawClient(`${started.url}/${people.workspaceId}/${people.docId}?token=${people.tokens.get(people.bohdan.id)!}`, { ca: readFileSync(cert) });
    await client.sync();
    expect(client.closed).toBeNull();
    expect(contentFragment(client.doc).length).toBe(2);
    client.close();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 40_000);
});
