import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRedlineDocx } from '../../../main/export/docx-writer';
import { buildRedline, exportRedline } from '../../../main/export/export-redline';
import { DraftroomError } from '../../../shared/api/errors';
import { COMPARISON_AUTHOR } from '../../../shared/redline/compare-redline';
import type { RedlineDocument } from '../../../shared/redline/model';
import { pendingRedline } from '../../../shared/redline/pending-redline';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { clauseHeads, commentWith, DOC, openSample, paragraphText, sourceOf, trackedRuns, unzipDocx, V20, V28, type SampleWorkspace } from './fixtures';

let sample: SampleWorkspace;
let pending: RedlineDocument;
let compared: RedlineDocument;

const REMOVED_IN_TALKS = [
  'pf-nato-russia-dialogue',
  'pf-no-nato-accession',
  'pf-no-nato-troops',
  'pf-jets-in-poland',
  'pf-russia-reintegration',
  'pf-frozen-assets',
  'pf-arms-control-talks',
  'pf-amnesty',
];

beforeAll(() => {
  sample = openSample();
  pending = buildRedline(sourceOf(sample.store), { docId: DOC }).model;
  compared = buildRedline(sourceOf(sample.store), { docId: DOC, from: V28, to: V20 }).model;
});

afterAll(() => {
  sample?.dispose();
});

async function expectFailure(run: () => unknown, code: string): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DraftroomError);
  expect((caught as DraftroomError).code).toBe(code);
}

describe('the sample’s pending suggestions', () => {
  it('shows the working draft’s clauses with Russia’s proposed clauses wholly inserted', () => {
    const heads = clauseHeads(pending);
    expect(heads).toHaveLength(23);
    expect(heads.filter((h) => h.revision === 'insertion').map((h) => h.clauseId)).toEqual(['pf-ru-neutrality-pledges', 'pf-ru-no-nato-forces', 'pf-ru-amnesty']);
    expect(heads.filter((h) => h.revision === 'deletion')).toEqual([]);
    expect(paragraphText(pending.paragraphs[1]!)).toBe('Peace talks, Nov–Dec 2025 (illustrative sample) — Redline exported 30 Dec 2025 by Anna Volkova (Russia)');
  });

  it('attributes every tracked change to its Russian member, with the rationale as a comment', () => {
    const authors = new Set([...trackedRuns(pending, 'insertion'), ...trackedRuns(pending, 'deletion')].map((r) => r.author));
    expect(authors).toEqual(new Set(['Anna Volkova (Russia)', 'Dmitri Orlov (Russia)']));
    const donetsk = trackedRuns(pending, 'insertion').filter((r) => r.id === 'ru-donetsk-withdrawal');
    expect(donetsk.map((r) => r.text).join('')).toContain('Ukrainian forces will withdraw from the parts of Donetsk region');
    expect(donetsk[0]!.author).toBe('Dmitri Orlov (Russia)');
    const znpp = trackedRuns(pending, 'deletion').filter((r) => r.id === 'ru-znpp-status-quo');
    expect(znpp.map((r) => r.text).join('')).toBe('under an operating arrangement agreed by the parties');
    expect(commentWith(pending, 'RU — added — Rationale: Russia can accept these commitments as pledges').author).toBe('Anna Volkova (Russia)');
    expect(pending.comments.filter((c) => c.paragraphs[0]!.startsWith('RU — '))).toHaveLength(5);
    // Discussion threads on a change follow its rationale as replies.
    expect(commentWith(pending, 'red line for Kyiv')).toMatchObject({ author: 'Taras Melnyk (Ukraine)', parentId: 'rationale:ru-donetsk-withdrawal' });
  });
});

describe('the sample’s 28-point draft compared with the 20-point proposal', () => {
  it('shows the 20 clauses and the 8 removed ones, removed ones wholly deleted with their old number', () => {
    const heads = clauseHeads(compared);
    expect(heads).toHaveLength(28);
    expect(heads.filter((h) => h.revision === undefined)).toHaveLength(20);
    expect(heads.filter((h) => h.revision === 'deletion').map((h) => h.clauseId)).toEqual(REMOVED_IN_TALKS);
    expect(heads.find((h) => h.clauseId === 'pf-nato-russia-dialogue')!.text).toBe('4.\tNATO–Russia dialogue');
    // Renumbered by the removals before it, not moved: the number alone (the concordance has the old one).
    expect(heads.find((h) => h.clauseId === 'pf-armed-forces-cap')!.text).toBe('5.\tArmed forces');
    expect(heads.filter((h) => h.text.includes('(was '))).toEqual([]);
  });

  it('word-diffs the troop cap: 600,000 deleted, 800,000 inserted, by Ukraine’s drafter, accepted by the U.S. lead', () => {
    const cap = (type: 'insertion' | 'deletion') => trackedRuns(compared, type).filter((r) => r.clauseId === 'pf-armed-forces-cap');
    expect(cap('deletion')).toEqual([{ text: '600,000', author: 'Taras Melnyk (Ukraine)', id: 'ch-troop-cap-800k', clauseId: 'pf-armed-forces-cap' }]);
    expect(cap('insertion').map((r) => r.text)).toEqual(['800,000']);
    expect(commentWith(compared, 'A ceiling of 600,000 would leave Ukraine too weak').paragraphs[1]).toBe(
      'Accepted by Dana Whitfield (United States), 1 Dec 2025',
    );
  });

  it('attributes each removal to the party that proposed it, and leaves nothing unexplained', () => {
    const dialogue = trackedRuns(compared, 'deletion').filter((r) => r.clauseId === 'pf-nato-russia-dialogue');
    expect(new Set(dialogue.map((r) => r.author))).toEqual(new Set(['Olena Kovalenko (Ukraine)']));
    const assets = trackedRuns(compared, 'deletion').filter((r) => r.clauseId === 'pf-frozen-assets');
    expect(new Set(assets.map((r) => r.author))).toEqual(new Set(['Dana Whitfield (United States)']));
    expect(commentWith(compared, 'US — removed — Rationale: Spelling out what happens to Russia’s frozen assets').author).toBe('Dana Whitfield (United States)');
    expect(compared.revisions.map((r) => r.author)).not.toContain(COMPARISON_AUTHOR);
    expect(compared.comments).toHaveLength(12);
  });

  it('compares a version with the working draft: Russia’s pending suggestions are Russia’s', () => {
    const model = buildRedline(sourceOf(sample.store), { docId: DOC, from: V20 }).model;
    expect(new Set(model.revisions.map((r) => r.author))).toEqual(new Set(['Anna Volkova (Russia)', 'Dmitri Orlov (Russia)']));
    expect(clauseHeads(model).find((h) => h.clauseId === 'pf-elections')!.text).toBe('21.\tElections');
    expect(model.description).toContain('“Working draft” (30 Dec 2025)');
  });

  it('refuses an unknown document or version, and "to" without "from"', async () => {
    const source = sourceOf(sample.store, null);
    await expectFailure(() => buildRedline(source, { docId: 'No such document' }), 'unknown-document');
    await expectFailure(() => buildRedline(source, { docId: DOC, from: 'No such version' }), 'unknown-version');
    await expectFailure(() => buildRedline(source, { docId: DOC, from: V28, to: 'v-european-6' }), 'unknown-version');
    await expectFailure(() => buildRedline(source, { docId: DOC, to: V20 }), 'invalid-argument');
    // A version compared with itself, by id or by name.
    await expectFailure(() => buildRedline(source, { docId: DOC, from: V20, to: V20 }), 'invalid-argument');
    const v20 = sample.store.getVersion(sample.store.getDocument(DOC).id, V20);
    await expectFailure(() => buildRedline(source, { docId: DOC, from: v20.id, to: v20.name }), 'invalid-argument');
  });
});

describe('the .docx', () => {
  it('holds Word tracked changes by "<member> (<party>)" and the rationales as comments', async () => {
    const file = await exportRedline(sourceOf(sample.store), { docId: DOC });
    expect(file.fileName).toMatch(/^Peace framework – pending suggestions – \d{4}-\d{2}-\d{2}\.docx$/);
    const parts = await unzipDocx(file.bytes);
    expect(parts.names).toEqual(expect.arrayContaining(['word/document.xml', 'word/comments.xml', '[Content_Types].xml']));
    expect(parts.document).toMatch(/<w:ins w:id="\d+" w:author="Anna Volkova \(Russia\)" w:date="2025-12-27T10:15:00Z">/);
    expect(parts.document).toMatch(/<w:del w:id="\d+" w:author="Dmitri Orlov \(Russia\)"/);
    expect(parts.document).toContain('No forces of NATO or of its member states will be deployed on Ukrainian territory.');
    expect(parts.comments).toContain('RU — added — Rationale: Russia opposes any foreign military presence in Ukraine.');
    expect(parts.comments).toContain('w:author="Anna Volkova (Russia)"');
    expect(parts.settings).toContain('<w:trackRevisions');
  });

  it('writes a record or comment with a damaged time as of the epoch instead of failing the whole export', async () => {
    const { model } = buildRedline(sourceOf(sample.store), { docId: DOC });
    const damaged: RedlineDocument = {
      ...model,
      revisions: model.revisions.map((r, i) => (i === 0 ? { ...r, date: 'not a date' } : r)),
      comments: model.comments.map((c, i) => (i === 0 ? { ...c, date: 'yesterday-ish' } : c)),
    };
    const parts = await unzipDocx(await writeRedlineDocx(damaged));
    expect(parts.document).toContain('w:date="1970-01-01T00:00:00Z"');
    expect(parts.comments).toContain('w:date="1970-01-01T00:00:00');
    expect(parts.document).not.toContain('not a date');
  });

  it('pairs every comment range with its reference, and gives every annotation its own id', async () => {
    const parts = await unzipDocx(await writeRedlineDocx(pending));
    const ids = (pattern: RegExp): string[] => [...parts.document.matchAll(pattern)].map((m) => m[1]!);
    const starts = ids(/<w:commentRangeStart w:id="(\d+)"/g);
    expect(starts.length).toBe(pending.comments.length);
    expect(ids(/<w:commentRangeEnd w:id="(\d+)"/g).sort()).toEqual([...starts].sort());
    expect(ids(/<w:commentReference w:id="(\d+)"/g).sort()).toEqual([...starts].sort());
    const revisions = ids(/<w:(?:ins|del) w:id="(\d+)"/g);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(revisions.filter((id) => starts.includes(id))).toEqual([]);
  });

  it('escapes markup and drops characters XML cannot hold, so Word can open any text', async () => {
    const doc = proposal(clause('c1', heading('R&D <annex>'), p('Bell\u0007 and broken \uD800 surrogate & "quotes"')));
    const model = pendingRedline({ doc, records: [], comments: [], people: { parties: [], members: [] }, header: { title: 'A & B', workspaceName: 'W', exportedAt: new Date(), exportedBy: null } });
    const { document } = await unzipDocx(await writeRedlineDocx(model));
    expect(document).toContain('R&amp;D &lt;annex&gt;');
    expect(document).toContain('Bell and broken  surrogate &amp;');
    expect(document).not.toMatch(/[\u0000-\u0008\uD800-\uDFFF]/);
  });

  it('of the 28 → 20 comparison: 28 clause heads, 8 of them deleted, "600,000" deleted and "800,000" inserted', async () => {
    const file = await exportRedline(sourceOf(sample.store), { docId: DOC, from: V28, to: V20 });
    const { document, comments } = await unzipDocx(file.bytes);
    const heads = document.match(/<w:p><w:pPr><w:pStyle w:val="ClauseHead"\/>.*?<\/w:pPr>/g) ?? [];
    expect(heads).toHaveLength(28);
    expect(heads.filter((h) => /<w:rPr><w:del /.test(h))).toHaveLength(8);
    expect(document).toMatch(/<w:del w:id="\d+" w:author="Taras Melnyk \(Ukraine\)" w:date="[^"]+"><w:r><w:delText xml:space="preserve">600,000<\/w:delText>/);
    expect(document).toMatch(/<w:ins w:id="\d+" w:author="Taras Melnyk \(Ukraine\)" w:date="[^"]+"><w:r><w:t xml:space="preserve">800,000<\/w:t>/);
    // No clause moved between these versions: no number line says "(was N)" (the summary's rows do).
    const headParagraphs = document.match(/<w:p><w:pPr><w:pStyle w:val="ClauseHead"\/>.*?<\/w:p>/g) ?? [];
    expect(headParagraphs).toHaveLength(28);
    expect(headParagraphs.filter((h) => h.includes('(was '))).toEqual([]);
    expect(headParagraphs.some((h) => h.includes('>5.<'))).toBe(true);
    expect(comments).toContain('Accepted by Dana Whitfield (United States), 1 Dec 2025');
  });
});
