import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChange } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { IDENTITY_PREFERENCE, TEAM_BINDING_PREFERENCE } from '../../../main/services/identities';
import { cli, fingerprint, lines, numberedClauses } from './cli-harness';

const DOC = 'Peace framework';
const V20 = 'U.S.–Ukraine 20-point proposal';
const LEAD = { id: 'us-whitfield', name: 'Dana Whitfield' };

let dir: string;
let pristine: string;
let copies = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-decide-'));
  pristine = join(dir, 'pristine.draftroom');
  expect((await cli('demo', pristine)).code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the sample workspace, in its own folder (so fingerprints see only it). */
function sampleCopy(): string {
  const folder = mkdtempSync(join(dir, `case-${++copies}-`));
  const file = join(folder, 'sample.draftroom');
  copyFileSync(pristine, file);
  return file;
}

interface ChangeJson {
  id: string;
  kind: string;
  status: string;
  party: { code: string };
  clauses: { id: string; number: number | null; heading: string }[];
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
}

async function changes(file: string, ...extra: string[]): Promise<ChangeJson[]> {
  const run = await cli('changes', file, '--doc', DOC, '--json', ...extra);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ChangeJson[];
}

async function show(file: string, ...extra: string[]): Promise<string> {
  const run = await cli('show', file, '--doc', DOC, ...extra);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/**
 * The stored log of the Peace framework: rows not yet compacted, the lead's
 * updates over its history, the document's state vector, and the Yjs
 * clients whose structs the newest row carries.
 */
function logOf(file: string): { rows: number; leadUpdates: number; stateVector: Map<number, number>; newestClients: Set<number> } {
  const store = openWorkspace(file);
  try {
    const docId = store.getDocument(DOC).id;
    const lead = store.listContributors(docId).find((c) => c.memberId === LEAD.id);
    const { updates } = store.readDocumentState(docId);
    const newest = updates.at(-1);
    const newestClients = new Set(newest ? Y.decodeUpdate(newest).structs.map((s) => s.id.client) : []);
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(loadYDoc(store, docId)));
    return { rows: store.logLength(docId), leadUpdates: lead?.updates ?? 0, stateVector, newestClients };
  } finally {
    store.close();
  }
}

/** A team binding (the `team.binding` preference) whose token acts as `memberId`. */
function binding(memberId: string): string {
  return JSON.stringify({ serverUrl: 'wss://team.example.org', workspaceId: 'w-peace', memberId });
}

function setPreference(file: string, key: string, value: string): void {
  const store = openWorkspace(file);
  try {
    store.setPreference(key, value);
  } finally {
    store.close();
  }
}

/** Adds a proposed clause removal by Russia to the working draft, the way an editor would store it. */
function proposeRemoval(file: string, clauseId: string, changeId: string): void {
  const store = openWorkspace(file);
  try {
    const docId = store.getDocument(DOC).id;
    const ydoc = loadYDoc(store, docId);
    const before = Y.encodeStateVector(ydoc);
    writeChange(ydoc, {
      id: changeId,
      kind: 'removed',
      partyId: 'party-ru',
      authorId: 'ru-volkova',
      createdAt: '2025-12-30T09:00:00.000Z',
      rationale: 'Russia sees no need for this point in the text.',
      status: 'proposed',
      clauseIds: [clauseId],
    });
    store.appendUpdate(docId, Y.encodeStateAsUpdate(ydoc, before), { memberId: 'ru-volkova', partyId: 'party-ru' });
  } finally {
    store.close();
  }
}

describe('draftroom accept / reject: help', () => {
  it('prints usage with the exclusive target flags and every option', async () => {
    for (const name of ['accept', 'reject']) {
      const run = await cli(name, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Usage: draftroom ${name} <file> --doc <id|title> (--change <id> | --party <name|code> | --all) [--as <member id|name>] [--json]`,
      );
      for (const flag of ['--doc', '--change', '--party', '--all', '--as', '--json', '--help']) expect(run.stdout).toContain(flag);
      expect(run.stdout).toMatch(/Only a lead may decide/);
      expect((await cli('help', name)).stdout).toBe(run.stdout);
    }
    const top = await cli('--help');
    expect(top.stdout).toMatch(/^ {2}accept +Accept proposed changes/m);
    expect(top.stdout).toMatch(/^ {2}reject +Reject proposed changes/m);
  });
});

describe('draftroom accept / reject: decisions', () => {
  it('accepts one Russian change by id: recorded with who decided, shown in the text, stored as one attributed edit', async () => {
    const file = sampleCopy();
    const before = logOf(file);
    const numberBefore = parseInt(numberedClauses(await show(file)).find((l) => /Zaporizhzhia/.test(l))!, 10);

    const run = await cli('accept', file, '--doc', DOC, '--change', 'ru-znpp-status-quo', '--as', LEAD.name);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)[0]).toBe(`Accepted 1 change in "${DOC}" as Dana Whitfield (United States):`);
    expect(run.stdout).toContain(`ru-znpp-status-quo  amended  Russia (RU)  Point ${numberBefore} (Zaporizhzhia`);

    const all = await changes(file);
    const decided = all.find((c) => c.id === 'ru-znpp-status-quo')!;
    expect(decided).toMatchObject({ status: 'accepted', decidedBy: LEAD, decidedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(all.filter((c) => c.party.code === 'RU' && c.status === 'proposed')).toHaveLength(4);

    const current = await show(file);
    expect(current).toContain('under the management that runs it today');
    expect(current).not.toContain('under an operating arrangement agreed by the parties');
    const marked = await show(file, '--view', 'marked');
    expect(marked).not.toMatch(/\[[-+]under/);
    // Accepted text is no longer a suggestion: even "as if all pending were rejected" keeps it.
    expect(await show(file, '--view', 'original')).toContain('under the management that runs it today');

    // One attributed row, holding only the decision's own edit (one new Yjs client), not the whole state.
    const after = logOf(file);
    expect(after).toMatchObject({ rows: before.rows + 1, leadUpdates: before.leadUpdates + 1 });
    expect(after.newestClients.size).toBe(1);
    const [client] = [...after.newestClients];
    expect(before.stateVector.has(client!)).toBe(false);
    expect([...after.stateVector.keys()].sort()).toEqual([...before.stateVector.keys(), client!].sort());
  });

  it('rejects all of Russia’s proposals: the text is exactly the 20-point proposal again', async () => {
    const file = sampleCopy();
    expect(await show(file)).not.toBe(await show(file, '--version', V20));

    const run = await cli('reject', file, '--doc', DOC, '--party', 'RU', '--as', LEAD.id, '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { decision: string; decidedBy: { id: string; party: { code: string } }; decided: ChangeJson[]; swept: ChangeJson[] };
    expect(report.decision).toBe('rejected');
    expect(report.decidedBy).toMatchObject({ id: LEAD.id, party: { code: 'US' } });
    expect(report.decided.map((c) => c.id).sort()).toEqual(
      ['ru-amnesty', 'ru-donetsk-withdrawal', 'ru-neutrality-pledges', 'ru-no-nato-forces', 'ru-znpp-status-quo'],
    );
    expect(report.decided.every((c) => c.status === 'rejected' && c.party.code === 'RU' && c.clauses[0]!.number !== null)).toBe(true);
    expect(report.swept).toEqual([]);

    const text = await show(file);
    // The sample's two open brackets stay (they are no suggestions); without their alternatives it is the 20-point text.
    const unbracketed = text.replace(/\[Alt 1 — [^:\]]+: ([^\]]*?) \/ Alt 2 — [^:\]]+: [^\]]*\]/g, '$1');
    expect(unbracketed).not.toBe(text);
    expect(unbracketed).toBe(await show(file, '--version', V20));
    expect(numberedClauses(text)).toHaveLength(20);
    expect(await show(file, '--view', 'marked')).toBe(text);
    expect((await changes(file, '--party', 'RU')).every((c) => c.status === 'rejected' && c.decidedBy?.id === LEAD.id)).toBe(true);
    const docs = JSON.parse((await cli('docs', file, '--json')).stdout) as { title: string; clauses: number; pending: number }[];
    expect(docs.find((d) => d.title === DOC)).toMatchObject({ clauses: 20, pending: 0 });
  });

  it('accepting a clause addition makes it a numbered clause of the text', async () => {
    const file = sampleCopy();
    const original = numberedClauses(await show(file, '--view', 'original'));
    expect(original).toHaveLength(20);
    expect(original.join('\n')).not.toContain('Amnesty and legal claims');

    const run = await cli('accept', file, '--doc', DOC, '--change', 'ru-amnesty', '--as', LEAD.name);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ru-amnesty {2}added {2}Russia \(RU\) {2}Point \d+ \(Amnesty and legal claims\)/);

    const after = numberedClauses(await show(file, '--view', 'original'));
    expect(after).toHaveLength(21);
    const amnesty = after.find((l) => /Amnesty and legal claims/.test(l))!;
    expect(amnesty).toMatch(/^\d+\. Amnesty and legal claims — The parties grant an amnesty/);
    expect(after.map((l) => parseInt(l, 10))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    const current = numberedClauses(await show(file));
    expect(current.find((l) => /Amnesty/.test(l))).not.toMatch(/proposed\)$/);
    expect(current.filter((l) => /\(addition proposed\)$/.test(l))).toHaveLength(2);
  });

  it('on a workspace bound to a team server, decides as the binding\'s lead without --as, and writes nothing when nothing is proposed', async () => {
    const file = sampleCopy();
    setPreference(file, TEAM_BINDING_PREFERENCE, binding(LEAD.id));
    const run = await cli('accept', file, '--doc', DOC, '--all');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Accepted 5 changes in "Peace framework" as Dana Whitfield \(United States\):/);
    expect((await changes(file)).every((c) => c.status === 'accepted')).toBe(true);
    expect(numberedClauses(await show(file, '--view', 'original'))).toHaveLength(23);

    const settled = fingerprint(join(file, '..'));
    const none = await cli('reject', file, '--doc', DOC, '--party', 'Russia');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe('Nothing to reject: no proposed changes of Russia in "Peace framework". Nothing was written.\n');
    const noneJson = JSON.parse((await cli('accept', file, '--doc', DOC, '--all', '--json')).stdout) as { decided: unknown[] };
    expect(noneJson.decided).toEqual([]);
    expect(fingerprint(join(file, '..'))).toEqual(settled);
  });
});

describe('draftroom show and accept/reject with a clause proposed for removal', () => {
  it('shows the clause as proposed for removal, with its number kept, until it is decided', async () => {
    const file = sampleCopy();
    proposeRemoval(file, 'pf-elections', 'ru-drop-elections');
    const marked = numberedClauses(await show(file, '--view', 'marked'));
    expect(marked).toHaveLength(23);
    const elections = marked.find((l) => /Elections/.test(l))!;
    expect(elections).toMatch(/^21\. Elections — Ukraine will hold elections .*\(removal proposed\)$/);
    expect(numberedClauses(await show(file)).find((l) => /Elections/.test(l))).toMatch(/^21\. .*\(removal proposed\)$/);
    expect(numberedClauses(await show(file, '--view', 'original')).find((l) => /Elections/.test(l))).toMatch(/^18\. Elections — [^(]*$/);
    const record = (await changes(file)).find((c) => c.id === 'ru-drop-elections')!;
    expect(record.clauses).toEqual([{ id: 'pf-elections', number: 21, heading: 'Elections' }]);

    // Rejected: the clause stays and is no longer marked.
    const keep = sampleCopy();
    proposeRemoval(keep, 'pf-elections', 'ru-drop-elections');
    expect((await cli('reject', keep, '--doc', DOC, '--change', 'ru-drop-elections', '--as', LEAD.id)).code).toBe(0);
    expect(numberedClauses(await show(keep)).find((l) => /Elections/.test(l))).toMatch(/^21\. Elections — [^(]*$/);

    // Accepted: the clause goes and the clauses after it renumber.
    const run = await cli('accept', file, '--doc', DOC, '--change', 'ru-drop-elections', '--as', LEAD.id);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('ru-drop-elections  removed  Russia (RU)  Point 21 (Elections)');
    const after = numberedClauses(await show(file));
    expect(after).toHaveLength(22);
    expect(after.join('\n')).not.toContain('Elections —');
    expect(after[20]).toMatch(/^21\. Binding force and oversight — /);
  });
});

describe('draftroom accept: changes swept away with a decision', () => {
  it('accepting a clause removal rejects the pending amendment inside that clause, and says so', async () => {
    const file = sampleCopy();
    proposeRemoval(file, 'pf-territory', 'ru-drop-territory');
    const run = await cli('accept', file, '--doc', DOC, '--change', 'ru-drop-territory', '--as', LEAD.name);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `Accepted 1 change in "${DOC}" as Dana Whitfield (United States):`,
      '  ru-drop-territory  removed  Russia (RU)  Point 16 (Territory)',
      'Also rejected, because their text went with the decision (1):',
      '  ru-donetsk-withdrawal  amended  Russia (RU)  Point 16 (Territory)',
    ]);
    const swept = (await changes(file)).find((c) => c.id === 'ru-donetsk-withdrawal')!;
    expect(swept).toMatchObject({ status: 'rejected', decidedBy: LEAD });
    expect(await show(file)).not.toMatch(/Territory|Donetsk/);

    const again = sampleCopy();
    proposeRemoval(again, 'pf-territory', 'ru-drop-territory');
    const json = JSON.parse((await cli('accept', again, '--doc', DOC, '--change', 'ru-drop-territory', '--as', LEAD.id, '--json')).stdout) as {
      decided: ChangeJson[];
      swept: ChangeJson[];
    };
    expect(json.decided.map((c) => [c.id, c.status])).toEqual([['ru-drop-territory', 'accepted']]);
    expect(json.swept.map((c) => [c.id, c.status, c.clauses[0]!.number])).toEqual([['ru-donetsk-withdrawal', 'rejected', 16]]);
  });
});

describe('draftroom accept / reject: errors change nothing', () => {
  let file: string;

  beforeAll(async () => {
    file = sampleCopy();
    // One decided change to decide again.
    expect((await cli('accept', file, '--doc', DOC, '--change', 'ru-amnesty', '--as', LEAD.id)).code).toBe(0);
  });

  /** Runs a failing command: exit 2, one line on stderr, nothing on stdout, the workspace file byte for byte the same. */
  async function expectFailure(argv: string[], message: RegExp): Promise<void> {
    const bytes = readFileSync(file);
    const before = fingerprint(join(file, '..'));
    const run = await cli(...argv);
    expect(run.code, `${argv.join(' ')} → ${run.stderr}`).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^draftroom: /);
    expect(run.stderr).toMatch(message);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(fingerprint(join(file, '..'))).toEqual(before);
  }

  it('unknown change, and a change already decided (conflict)', async () => {
    for (const command of ['accept', 'reject']) {
      await expectFailure([command, file, '--doc', DOC, '--change', 'ru-nope', '--as', LEAD.id], /unknown change "ru-nope" in "Peace framework"/);
      await expectFailure(
        [command, file, '--doc', DOC, '--change', 'ru-amnesty', '--as', LEAD.id],
        /change "ru-amnesty" is already accepted by Dana Whitfield/,
      );
      await expectFailure([command, file, '--doc', DOC, '--change', 'ch-troop-cap-800k', '--as', LEAD.id], /already accepted/);
    }
  });

  it('unknown party, document, file', async () => {
    await expectFailure(['accept', file, '--doc', DOC, '--party', 'Atlantis', '--as', LEAD.id], /unknown party "Atlantis" \(parties: US, UA, EU, RU\)/);
    await expectFailure(['reject', file, '--doc', 'Armistice text', '--all', '--as', LEAD.id], /Armistice text/);
    await expectFailure(['accept', join(file, '..', 'missing.draftroom'), '--doc', DOC, '--all', '--as', LEAD.id], /no such file/);
  });

  it('missing or combined target flags, missing --doc, bad flags', async () => {
    for (const command of ['accept', 'reject']) {
      await expectFailure([command, file, '--doc', DOC, '--as', LEAD.id], /missing --change <id>, --party <name\|code> or --all/);
      await expectFailure([command, file, '--doc', DOC, '--change', 'ru-amnesty', '--all', '--as', LEAD.id], /--change and --all cannot be combined/);
      await expectFailure([command, file, '--doc', DOC, '--change', 'ru-amnesty', '--party', 'RU'], /--change and --party cannot be combined/);
      await expectFailure([command, file, '--doc', DOC, '--party', 'RU', '--all'], /--party and --all cannot be combined/);
      await expectFailure([command, file, '--all'], /missing --doc <id\|title>/);
      await expectFailure([command, file, '--doc', DOC, '--change'], /option --change needs a value/);
      await expectFailure([command, file, '--doc', DOC, '--all=yes'], /option --all takes no value/);
      await expectFailure([command, file, '--doc', DOC, '--all', '--as', ''], /option --as needs a value/);
      await expectFailure([command, '--doc', DOC, '--all'], /missing <file>/);
    }
  });

  it('a deciding member who is not a lead is forbidden; an unknown one is refused', async () => {
    for (const command of ['accept', 'reject']) {
      await expectFailure(
        [command, file, '--doc', DOC, '--party', 'RU', '--as', 'Dmitri Orlov'],
        /forbidden: Dmitri Orlov \(Russia\) is a drafter; only a lead may accept or reject changes/,
      );
      await expectFailure([command, file, '--doc', DOC, '--all', '--as', 'eu-rossi'], /forbidden: Sofia Rossi \(Europe\) is an observer/);
      await expectFailure([command, file, '--doc', DOC, '--all', '--as', 'Nobody Known'], /unknown member "Nobody Known"/);
    }
  });

  it('without --as, asks for it (the file remembers nobody for everyone); bound to a team server, acts only as its member', async () => {
    await expectFailure(['accept', file, '--doc', DOC, '--all'], /say who decides \(a lead\) with --as <member id\|name>/);
    // The preference older versions remembered for everyone is ignored.
    setPreference(file, IDENTITY_PREFERENCE, LEAD.id);
    await expectFailure(['accept', file, '--doc', DOC, '--all'], /say who decides \(a lead\) with --as <member id\|name>/);
    setPreference(file, TEAM_BINDING_PREFERENCE, binding('ru-orlov'));
    await expectFailure(['reject', file, '--doc', DOC, '--party', 'RU'], /forbidden: Dmitri Orlov \(Russia\) is a drafter/);
    await expectFailure(
      ['reject', file, '--doc', DOC, '--party', 'RU', '--as', LEAD.id],
      /forbidden: this workspace is bound to the team server wss:\/\/team\.example\.org as Dmitri Orlov \(Russia\)/,
    );
    // The file is untouched by all of the above: Russia's four other proposals are still pending.
    expect((await changes(file, '--party', 'RU', '--status', 'proposed')).map((c) => c.id).sort()).toEqual(
      ['ru-donetsk-withdrawal', 'ru-neutrality-pledges', 'ru-no-nato-forces', 'ru-znpp-status-quo'],
    );
  });
});
