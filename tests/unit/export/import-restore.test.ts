/**
 * Restore and import: a named version restored as the restoring member's
 * proposed changes (accepting them gives the version's text back), the
 * other side's text imported as a new document or as suggestions `--into`
 * an existing one, round trips through the exported .docx, a numbered list
 * saved by LibreOffice, and junk files refused with the workspace as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportRedline } from '../../../main/export/export-redline';
import { importAsNewDocument, importIntoDocument, type Importer } from '../../../main/import/import-proposal';
import { readImportFile } from '../../../main/import/read-import-file';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { clausesFromParagraphs } from '../../../shared/import/clauses-from-paragraphs';
import { markdownParagraphs, plainTextParagraphs } from '../../../shared/import/text-paragraphs';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { targetOf, type TargetClause } from '../../../shared/suggest/propose-target';
import { withVersionDoc } from '../../../shared/history/version-clauses';
import { readChanges } from '../../../shared/ydoc/layout';
import { EUROPEAN_FRAMEWORK_6 } from '../../../main/sample/european-framework';
import { cli, fingerprint, lines } from '../cli/cli-harness';
import { DOC, openSample, sourceOf, V28, type SampleWorkspace } from './fixtures';

const SOFFICE = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!SOFFICE) console.warn('import-restore: LibreOffice (soffice) not installed; the LibreOffice-saved .docx test is skipped');

let sample: SampleWorkspace;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-import-'));
});

beforeEach(() => {
  sample?.dispose();
  sample = openSample();
});

afterAll(() => {
  sample?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function importer(store: WorkspaceStoreApi, memberId: string, partyCode?: string): Importer {
  const identity = identityOf(store, memberId)!;
  return { member: identity.member, party: partyCode ? store.findParty(partyCode)! : identity.party };
}

/** The document's text as if every pending suggestion were accepted: heading and paragraphs per clause. */
function acceptedText(store: WorkspaceStoreApi, docId: string): TargetClause[] {
  const ydoc = loadYDoc(store, docId);
  try {
    return targetOf(readSuggestedDoc(ydoc)).map((c) => ({ heading: c.heading, paragraphs: c.paragraphs }));
  } finally {
    ydoc.destroy();
  }
}

/** Accepts the given changes as `leadId` and stores the update. */
function accept(store: WorkspaceStoreApi, docId: string, changeIds: readonly string[], leadId: string): void {
  const ydoc = loadYDoc(store, docId);
  try {
    const lead = identityOf(store, leadId)!;
    const before = Y.encodeStateVector(ydoc);
    for (const changeId of changeIds) decideInYDoc(ydoc, { changeId }, 'accepted', lead);
    store.appendUpdate(docId, Y.encodeStateAsUpdate(ydoc, before), { memberId: lead.member.id, partyId: lead.party.id });
  } finally {
    ydoc.destroy();
  }
}

describe('clauses from paragraphs', () => {
  it('starts a clause at each typed point ("1.", "Point 2 (was 3)"), with a heading when a short line has text after it', () => {
    const text = clausesFromParagraphs(
      plainTextParagraphs(
        ['Framework (illustrative)', '1. Sovereignty', 'Ukraine’s sovereignty is reaffirmed.', 'Point 2 (was 3) Armed forces — At most 800,000.', '3. A point with one sentence only.'].join('\n'),
      ),
    );
    expect(text.preamble).toEqual(['Framework (illustrative)']);
    expect(text.clauses.map((c) => c.after)).toEqual([
      { heading: 'Sovereignty', paragraphs: ['Ukraine’s sovereignty is reaffirmed.'] },
      { heading: 'Armed forces', paragraphs: ['At most 800,000.'] },
      { heading: '', paragraphs: ['A point with one sentence only.'] },
    ]);
  });

  it('keeps "(a)" items inside "1." points, and takes "(a)" as the point when it comes first', () => {
    const nested = clausesFromParagraphs(plainTextParagraphs('1. Ceasefire\n(a) Forces pull back.\n(b) Monitors deploy.\n2. Elections\nWithin 100 days.'));
    expect(nested.clauses).toHaveLength(2);
    expect(nested.clauses[0]!.after!.paragraphs).toEqual(['(a) Forces pull back.', '(b) Monitors deploy.']);
    const lettered = clausesFromParagraphs(plainTextParagraphs('(a) Forces pull back.\n(b) Monitors deploy.'));
    expect(lettered.clauses.map((c) => c.after!.paragraphs)).toEqual([['Forces pull back.'], ['Monitors deploy.']]);
  });

  it('reads a Draftroom Markdown redline both ways: struck text before, bold text after', () => {
    const md = markdownParagraphs('# T\n\n### Point 5 (was 6) — Armed forces\n\nAt most ~~600,000~~**800,000** troops\\.\n\n> Olena: a comment\n\n## Change summary\n\n### 9. Not a clause');
    const text = clausesFromParagraphs(md);
    expect(text.clauses).toHaveLength(1);
    expect(text.clauses[0]!.before).toEqual({ heading: 'Armed forces', paragraphs: ['At most 600,000 troops.'] });
    expect(text.clauses[0]!.after).toEqual({ heading: 'Armed forces', paragraphs: ['At most 800,000 troops.'] });    // A moved clause: "(was 9)" after its heading is the redline's note, not the heading.
    const moved = clausesFromParagraphs(markdownParagraphs('### 3. Compliance working group _(was 9)_\n\nA joint working group checks compliance\.'));
    expect(moved.clauses[0]!.after).toEqual({ heading: 'Compliance working group', paragraphs: ['A joint working group checks compliance.'] });
  });
});

describe('restore', () => {
  it('proposes the 28-point draft back as the restoring member’s changes; accepting them gives its text back', async () => {
    const { store } = sample;
    const doc = store.getDocument(DOC);
    const run = await cli('restore', sample.file, '--doc', DOC, '--version', V28, '--as', 'Dana Whitfield', '--json');
    // The CLI opened the file itself: reopen to see what it wrote.
    expect(run.code, run.stderr).toBe(0);
    sample.store.close();
    const reopened = (await import('../../../main/store/workspace-store')).openWorkspace(sample.file);
    try {
      const report = JSON.parse(run.stdout) as { changes: { id: string; kind: string; rationale: string; authorId: string; status: string; clauseIds: string[] }[]; skipped: { clauseId: string }[] };
      expect(report.changes.length).toBeGreaterThan(8);
      for (const change of report.changes) expect(change).toMatchObject({ rationale: `Restored from “${V28}”`, authorId: 'us-whitfield', status: 'proposed' });
      const version = reopened.getVersion(doc.id, V28);
      const wanted = withVersionDoc(version.state, (ydoc) => targetOf(readSuggestedDoc(ydoc)));
      // Nothing later is lost: every record the draft had is still there, as it was.
      const records = new Map(readChanges(loadYDoc(reopened, doc.id)).map((r) => [r.id, r]));
      for (const id of ['ru-donetsk-withdrawal', 'ru-znpp-status-quo', 'ch-troop-cap-800k']) expect(records.get(id)).toBeDefined();
      accept(reopened, doc.id, report.changes.map((c) => c.id), 'us-whitfield');
      const skipped = new Set(report.skipped.map((s) => s.clauseId));
      const now = acceptedText(reopened, doc.id);
      for (const clause of wanted) {
        if (skipped.has(clause.id!)) continue;
        expect(now, `clause ${clause.id}`).toContainEqual({ heading: clause.heading, paragraphs: clause.paragraphs });
      }
      expect(now.find((c) => c.heading === 'Armed forces')!.paragraphs.join(' ')).toContain('600,000');
    } finally {
      reopened.close();
      sample = openSample();
    }
  });
});

describe('import', () => {
  it('round trip: the exported pending-suggestions .docx imports as the same clauses with the same pending suggestions', async () => {
    const { store } = sample;
    const file = await exportRedline(sourceOf(store), { docId: DOC });
    const path = join(dir, 'pending.docx');
    writeFileSync(path, file.bytes);
    const report = importAsNewDocument(store, await readImportFile(path), 'Round trip', importer(store, 'us-whitfield'));
    // The export prints the sample's open brackets as text ("[Alt 1 — Ukraine: … / Alt 2 — Russia: …]"); the import
    // reads them as words, so compare without those labels.
    const unbracketed = (clauses: TargetClause[]) =>
      clauses.map((c) => ({ ...c, paragraphs: c.paragraphs.map((p) => p.replace(/\[Alt \d+ — [^:\]]+: /g, '').replace(/ \/ Alt \d+ — [^:\]]+: /g, '').replace(/\]/g, '')) }));
    expect(unbracketed(acceptedText(store, report.document.id))).toEqual(acceptedText(store, store.getDocument(DOC).id));
    const original = readChanges(loadYDoc(store, store.getDocument(DOC).id)).filter((r) => r.status === 'proposed');
    const imported = readChanges(loadYDoc(store, report.document.id));
    expect(imported.map((r) => `${r.kind}:${r.authorId}:${r.partyId}`).sort()).toEqual(original.map((r) => `${r.kind}:${r.authorId}:${r.partyId}`).sort());
    expect(imported.every((r) => r.status === 'proposed')).toBe(true);
    expect(report.comments).toBeGreaterThan(0);
  });

  it('round trip: the 28 → 20 comparison .docx imports with the comparison’s differences pending, by their authors', async () => {
    const { store } = sample;
    const file = await exportRedline(sourceOf(store), { docId: DOC, from: V28, to: 'U.S.–Ukraine 20-point proposal' });
    const path = join(dir, 'compare.docx');
    writeFileSync(path, file.bytes);
    const report = importAsNewDocument(store, await readImportFile(path), '28 to 20', importer(store, 'us-whitfield'));
    expect(report.clauses).toBe(28);
    expect(report.changes.filter((c) => c.kind === 'removed')).toHaveLength(8);
    const cap = report.changes.find((c) => c.after === '800,000');
    expect(cap).toMatchObject({ kind: 'amended', authorId: 'ua-melnyk', before: '600,000' });
  });

  it('into an existing document: the counter-draft’s differences are the importing party’s suggestions', async () => {
    const { store } = sample;
    const docId = store.getDocument('European 6-point framework').id;
    const counter = EUROPEAN_FRAMEWORK_6.filter((c) => c.id !== 'eu-reconstruction').map((c, i) =>
      `${i + 1}. ${c.heading}\n${(typeof c.text === 'string' ? c.text : c.text.join('\n')).replace('800,000', '600,000')}`,
    );
    counter.push(`${counter.length + 1}. Neutrality\nUkraine will remain outside military alliances.`);
    const path = join(dir, 'counter.md');
    writeFileSync(path, counter.join('\n\n'));
    const before = acceptedText(store, docId);
    const report = importIntoDocument(store, await readImportFile(path), docId, importer(store, 'us-whitfield', 'RU'));
    expect(report.changes.map((c) => c.kind).sort()).toEqual(['added', 'amended', 'removed']);
    expect(report.changes.every((c) => c.partyId === store.findParty('RU')!.id && c.authorId === 'us-whitfield' && c.status === 'proposed')).toBe(true);
    const amended = report.changes.find((c) => c.kind === 'amended')!;
    expect([amended.before, amended.after]).toEqual([expect.stringMatching(/^800,000\.?$/), expect.stringMatching(/^600,000\.?$/)]);
    // Suggestions only: the text as agreed so far is untouched until a lead decides.
    const ydoc = loadYDoc(store, docId);
    const clauseCount = readSuggestedDoc(ydoc).childCount;
    ydoc.destroy();
    // The removed clause is still there (proposed for removal), the new one proposed beside it.
    expect(clauseCount).toBe(before.length + 1);
    accept(store, docId, report.changes.map((c) => c.id), 'us-whitfield');
    expect(acceptedText(store, docId).map((c) => c.heading)).toEqual([...EUROPEAN_FRAMEWORK_6.filter((c) => c.id !== 'eu-reconstruction').map((c) => c.heading), 'Neutrality']);
  });

  it.skipIf(!SOFFICE)('a numbered list saved as .docx by LibreOffice imports as six clauses with their headings', async () => {
    const items = EUROPEAN_FRAMEWORK_6.map((c) => `<li><p>${c.heading}</p><p>${typeof c.text === 'string' ? c.text : c.text.join('</p><p>')}</p></li>`);
    const html = join(dir, 'european-6.html');
    writeFileSync(html, `<html><body><h1>European 6-point framework</h1><p>Illustrative.</p><ol>${items.join('')}</ol></body></html>`);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, html], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const docx = join(dir, 'european-6.docx');
    expect(readFileSync(docx).subarray(0, 2).toString('latin1')).toBe('PK');
    const { store } = sample;
    const report = importAsNewDocument(store, await readImportFile(docx), 'European counter-proposal', importer(store, 'us-whitfield', 'EU'));
    expect(report.clauses).toBe(6);
    expect(acceptedText(store, report.document.id)).toEqual(
      EUROPEAN_FRAMEWORK_6.map((c) => ({ heading: c.heading, paragraphs: typeof c.text === 'string' ? [c.text] : [...c.text] })),
    );
  }, 150_000);
});

describe('draftroom import and restore refuse bad input with one line, exit 2 and the workspace unchanged', () => {
  it('junk, empty, encrypted, binary, unnumbered, unknown kinds and bad flags', async () => {
    const junk = join(dir, 'junk');
    rmSync(junk, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', junk]);
    const files: [string, Uint8Array | string, RegExp][] = [
      ['random.docx', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), /not a Word document \(\.docx\): it is not a ZIP/],
      ['empty.txt', '', /empty\.txt is empty/],
      ['encrypted.docx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /encrypted or an old Word 97–2003/],
      ['binary.txt', new Uint8Array([0x31, 0x2e, 0x20, 0x00, 0xff, 0x41]), /not a text file/],
      ['prose.md', 'Just a paragraph of prose.\n\nAnd another one.', /has no numbered points/],
      ['notes.rtf', '{\\rtf1 1. A}', /give a \.docx, \.md or \.txt file/],
    ];
    for (const [name, content] of files) writeFileSync(join(junk, name), content);
    const workspace = sample.file;
    sample.store.close();
    const before = fingerprint(join(workspace, '..'));
    const expectRefused = async (argv: string[], message: RegExp): Promise<void> => {
      const run = await cli(...argv);
      expect(run.code, `${argv.join(' ')} → ${run.stderr}`).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(fingerprint(join(workspace, '..'))).toEqual(before);
    };
    for (const [name, , message] of files) await expectRefused(['import', workspace, join(junk, name), '--title', `T ${name}`, '--as', 'Dana Whitfield'], message);
    await expectRefused(['import', workspace, join(junk, 'prose.md'), '--as', 'Dana Whitfield'], /give either --title/);
    await expectRefused(['import', workspace, join(junk, 'missing.md'), '--title', 'X', '--as', 'Dana Whitfield'], /no such file/);
    const ok = join(junk, 'ok.txt');
    writeFileSync(ok, '1. One\nText.');
    await expectRefused(['import', workspace, ok, '--title', 'Peace framework', '--as', 'Dana Whitfield'], /already exists/);
    await expectRefused(['import', workspace, ok, '--title', 'New', '--as', 'Sofia Rossi'], /forbidden: .*observer/);
    await expectRefused(['import', workspace, ok, '--into', 'Peace framework', '--party', 'XX', '--as', 'Dana Whitfield'], /unknown party "XX"/);
    await expectRefused(['restore', workspace, '--doc', DOC, '--version', 'No such version', '--as', 'Dana Whitfield'], /no version|unknown version/i);
    await expectRefused(['restore', workspace, '--doc', DOC, '--version', V28], /say who restores with --as/);
    sample = openSample();
  });
});

describe('round trip into the document', () => {
  it('the pending-suggestions .docx imported --into the draft with those suggestions rejected brings them back as pending, by their authors', async () => {
    const { store } = sample;
    const docId = store.getDocument(DOC).id;
    const file = await exportRedline(sourceOf(store), { docId: DOC });
    const path = join(dir, 'pending-into.docx');
    writeFileSync(path, file.bytes);
    const original = readChanges(loadYDoc(store, docId)).filter((r) => r.status === 'proposed');
    // Reject every pending suggestion: the draft reads as agreed so far.
    const ydoc = loadYDoc(store, docId);
    const lead = identityOf(store, 'us-whitfield')!;
    const before = Y.encodeStateVector(ydoc);
    decideInYDoc(ydoc, { all: true }, 'rejected', lead);
    store.appendUpdate(docId, Y.encodeStateAsUpdate(ydoc, before), { memberId: lead.member.id, partyId: lead.party.id });
    ydoc.destroy();
    const report = importIntoDocument(store, await readImportFile(path), docId, importer(store, 'us-whitfield'));
    expect(report.skipped).toEqual([]);
    expect(report.changes.map((r) => `${r.kind}:${r.authorId}:${r.partyId}`).sort()).toEqual(original.map((r) => `${r.kind}:${r.authorId}:${r.partyId}`).sort());
    // Accepting them gives the text the suggestions proposed.
    accept(store, docId, report.changes.map((c) => c.id), 'us-whitfield');
    const texts = acceptedText(store, docId).map((c) => `${c.heading} ${c.paragraphs.join(' ')}`).join('\n');
    expect(texts).toContain('Ukrainian forces will withdraw from the parts of Donetsk region they still hold');
    expect(texts).toContain('No forces of NATO or of its member states will be deployed on Ukrainian territory.');
    expect(texts).toContain('under the management that runs it today');
  });
});
