/**
 * The one redline model in four formats (DOCX, PDF, HTML, Markdown): the
 * sample's 28 → 20 comparison in each, with its change summary and
 * concordance; the PDF read back with poppler (text, pages as PNG, embedded
 * fonts, Cyrillic); the external audience free of every rationale and
 * member name in every format and every part of the .docx; the .docx opened
 * by LibreOffice with its tracked changes and comments.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRedline, exportRedline, renderRedline } from '../../../main/export/export-redline';
import { verifyVersions } from '../../../main/services/version-seals';
import type { Member, Party } from '../../../shared/domain/types';
import { compareRedline } from '../../../shared/redline/compare-redline';
import type { RedlineFormat } from '../../../shared/redline/file-name';
import { SUMMARY_KINDS, type Audience, type RedlineDocument } from '../../../shared/redline/model';
import { renderHtml } from '../../../shared/redline/render-html';
import { renderMarkdown } from '../../../shared/redline/render-markdown';
import { summaryCsv } from '../../../shared/redline/render-csv';
import { stampLine } from '../../../shared/redline/version-stamp';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { DOC, openSample, sourceOf, trackedRuns, V20, V28, type SampleWorkspace } from './fixtures';

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const POPPLER = hasTool('pdftotext') && hasTool('pdftoppm') && hasTool('pdffonts');
const SOFFICE = hasTool('soffice');
if (!POPPLER) console.warn('redline-formats: poppler-utils (pdftotext, pdftoppm, pdffonts) not installed; the PDF read-back tests are skipped');
if (!SOFFICE) console.warn('redline-formats: LibreOffice (soffice) not installed; the LibreOffice test is skipped');

let sample: SampleWorkspace;
let dir: string;
const models = new Map<Audience, RedlineDocument>();

beforeAll(() => {
  sample = openSample();
  dir = mkdtempSync(join(tmpdir(), 'draftroom-formats-'));
  for (const audience of ['internal', 'external'] as const) {
    models.set(audience, buildRedline(sourceOf(sample.store), { docId: DOC, from: V28, to: V20, audience }).model);
  }
});

afterAll(() => {
  sample?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function model(audience: Audience = 'internal'): RedlineDocument {
  return models.get(audience)!;
}

async function written(format: RedlineFormat, audience: Audience = 'internal', name = `28-20-${audience}`): Promise<string> {
  const path = join(dir, `${name}.${format}`);
  if (!existsSync(path)) writeFileSync(path, await renderRedline(model(audience), format));
  return path;
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

async function docxParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    if (!zip.files[name]!.dir) parts.set(name, await zip.file(name)!.async('string'));
  }
  return parts;
}

/** XML text with entities decoded, so that a search sees "Ukraine’s" and "Russia & Ukraine" as written. */
function xmlText(xml: string): string {
  return xml
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('the 28 → 20 comparison’s summary and concordance (the model every format prints)', () => {
  it('has one row per attributed difference: every removed clause, every amended one, by the party that made it', () => {
    const { summary } = model();
    const removedHeads = model()
      .paragraphs.filter((p) => p.role === 'clause-head' && p.revision?.type === 'deletion')
      .map((p) => p.clauseId);
    expect(summary.rows.filter((r) => r.kind === 'Removed').map((r) => r.clauseId).sort()).toEqual([...removedHeads].sort());
    // Every clause kept but with tracked text has an Amended row by the party of its revision.
    const amended = new Set(
      [...trackedRuns(model(), 'insertion'), ...trackedRuns(model(), 'deletion')].filter((r) => !removedHeads.includes(r.clauseId)).map((r) => r.clauseId),
    );
    expect(new Set(summary.rows.filter((r) => r.kind === 'Amended').map((r) => r.clauseId))).toEqual(amended);
    const cap = summary.rows.find((r) => r.clauseId === 'pf-armed-forces-cap')!;
    // Renumbered by removals, not moved: "Point 5" (the concordance gives its old number).
    expect(cap).toMatchObject({ clause: 'Point 5', kind: 'Amended', party: 'Ukraine', member: 'Taras Melnyk' });
    expect(cap.rationale).toContain('A ceiling of 600,000 would leave Ukraine too weak');
    expect(cap.decision).toBe('Accepted by Dana Whitfield (United States), 1 Dec 2025');
    expect(summary.rows.find((r) => r.clauseId === 'pf-nato-russia-dialogue')).toMatchObject({ clause: 'was Point 4', kind: 'Removed', party: 'Ukraine' });
  });

  it('groups the rows by party and counts each party’s kinds', () => {
    const { summary } = model();
    const parties = summary.rows.map((r) => r.party);
    // Grouped: once a party's rows end, they never start again.
    expect(parties.filter((party, i) => i === 0 || parties[i - 1] !== party)).toEqual([...new Set(parties)]);
    for (const party of summary.parties) {
      for (const kind of SUMMARY_KINDS) expect(party.counts[kind], `${party.party} ${kind}`).toBe(summary.rows.filter((r) => r.party === party.party && r.kind === kind).length);
      expect(party.total).toBe(summary.rows.filter((r) => r.party === party.party).length);
    }
    expect(summary.parties.map((p) => p.party).sort()).toEqual(['Ukraine', 'United States']);
  });

  it('has a concordance of all 28 old clauses: 20 renumbered 1–20 in order, 8 removed', () => {
    const { concordance } = model().summary;
    expect(concordance.map((r) => r.before)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    const kept = concordance.filter((r) => r.after !== undefined);
    expect(kept.map((r) => r.after)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(concordance.find((r) => r.clauseId === 'pf-armed-forces-cap')).toMatchObject({ before: 6, after: 5, heading: 'Armed forces' });
    expect(concordance.filter((r) => r.after === undefined).map((r) => r.clauseId)).toEqual(model().summary.rows.filter((r) => r.kind === 'Removed').map((r) => r.clauseId).sort((a, b) => concordance.findIndex((c) => c.clauseId === a) - concordance.findIndex((c) => c.clauseId === b)));
  });
});

describe('the four formats of the 28 → 20 comparison', () => {
  it('Markdown: struck deletions, bold insertions, numbered headings, the summary counts and the concordance', () => {
    const md = renderMarkdown(model());
    expect(md).toContain('~~600,000~~**800,000**');
    // Renumbered, not moved: its number alone (the concordance says it was 6).
    expect(md).toContain('### 5. Armed forces');
    expect(md).toMatch(/^### ~~4\.~~ ~~NATO–Russia dialogue~~$/m);
    for (const party of model().summary.parties) {
      expect(md).toContain(`| ${party.party} | ${SUMMARY_KINDS.map((k) => party.counts[k]).join(' | ')} | ${party.total} |`);
    }
    for (const row of model().summary.concordance) {
      expect(md).toContain(`| ${row.before ?? 'added'} | ${row.after ?? 'removed'} | ${row.heading.replace(/[|]/g, '\\|')} |`);
    }
    expect(md).toContain('A ceiling of 600,000 would leave Ukraine too weak');
  });

  it('HTML: one self-contained file (no remote resource), party colours with a legend, a phone viewport', () => {
    const html = renderHtml(model());
    expect(html).toMatch(/<meta name="viewport" content="width=device-width/);
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(/i);
    expect(html).toMatch(/<del style="color:#a66300" data-revision="[^"]+">600,000<\/del><ins style="color:#a66300" data-revision="[^"]+">800,000<\/ins>/);
    expect(html).toContain('<span class="swatch" style="background:#0072b2"></span>United States');
    expect(html).toContain('<span class="number"><strong>5.</strong></span>');
    expect(html).toContain('Concordance of clause numbers');
    expect((html.match(/<td data-label="U\.S\.–Ukraine 20-point proposal">removed<\/td>/g) ?? []).length).toBe(8);
  });

  it('DOCX: the tracked changes as before, then the summary and the concordance as Word tables', async () => {
    const parts = await docxParts(readFileSync(await written('docx')));
    const document = parts.get('word/document.xml')!;
    expect(document).toMatch(/<w:del w:id="\d+" w:author="Taras Melnyk \(Ukraine\)"/);
    expect(document).toContain('<w:tbl>');
    const text = xmlText(document);
    expect(text).toContain('Change summary');
    expect(text).toContain('Concordance of clause numbers');
    for (const party of model().summary.parties) expect(text).toContain(`${party.party}${SUMMARY_KINDS.map((k) => party.counts[k]).join('')}${party.total}`);
  });

  it.skipIf(!POPPLER)('PDF: A4 pages with the header, page numbers, the changes and the summary, read back by pdftotext and drawn by pdftoppm', async () => {
    const path = await written('pdf');
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const text = pdfText(path);
    expect(text).toContain(`Peace framework — ${V28} → ${V20} — exported 30 Dec 2025`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toMatch(/\b5\.\s+Armed forces/);
    expect(text).toMatch(/600,000\s*800,000/);
    expect(text).toContain('Concordance of clause numbers');
    for (const row of model().summary.rows) expect(text).toContain(row.clause);
    const png = join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', path, png]);
    const drawn = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(drawn).toHaveLength(1);
    expect(statSync(join(dir, drawn[0]!)).size).toBeGreaterThan(10_000);
  });

  it.skipIf(!POPPLER)('PDF: Letter on request; Latin, Cyrillic and Ukrainian letters in an embedded font', async () => {
    const parties: Party[] = [{ id: 'p-ua', name: 'Україна', code: 'UA', colour: '#a66300' }];
    const members: Member[] = [{ id: 'm-1', name: 'Тарас Мельник', partyId: 'p-ua', role: 'drafter' }];
    const before = proposal(clause('c1', heading('Запорізька АЕС'), p('Станція Запоріжжя працює під наглядом МАГАТЕ.')));
    const after = proposal(clause('c1', heading('Запорізька АЕС'), p('Станция Запорожье работает под наглядом МАГАТЭ; naïve café.')));
    const cyrillic = compareRedline({
      before: { name: 'Версія 1', time: '2025-12-01T00:00:00Z', doc: before, records: [] },
      after: { name: 'Версия 2', time: '2025-12-02T00:00:00Z', doc: after, records: [] },
      people: { parties, members },
      header: { title: 'Рамкова угода', workspaceName: 'Переговори', exportedAt: new Date('2025-12-03T12:00:00Z'), exportedBy: null },
    });
    const path = join(dir, 'cyrillic.pdf');
    writeFileSync(path, await renderRedline(cyrillic, 'pdf', { paper: 'letter' }));
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const text = pdfText(path);
    for (const word of ['Запоріжжя', 'Запорожье', 'Рамкова угода', 'Запорізька АЕС', 'МАГАТЕ', 'МАГАТЭ', 'naïve café', 'Версія 1 → Версия 2']) expect(text).toContain(word);
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
    const rows = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSerif/);
      expect(row).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/); // embedded, subset
    }
  });
});

describe('the external audience', () => {
  function secrets(): { rationales: string[]; members: string[] } {
    const ydocRecords = buildRedline(sourceOf(sample.store), { docId: DOC, from: V28, to: V20 }).model.summary.rows;
    const pendingRows = buildRedline(sourceOf(sample.store), { docId: DOC }).model.summary.rows;
    const rationales = [...ydocRecords, ...pendingRows].map((r) => r.rationale ?? '').filter((r) => r.length > 0);
    return { rationales: [...new Set(rationales)], members: sample.store.listMembers().map((m) => m.name) };
  }

  function expectClean(where: string, text: string): void {
    const { rationales, members } = secrets();
    expect(rationales.length).toBeGreaterThan(5);
    for (const rationale of rationales) {
      // Long rationales are searched by their first sentence-sized piece too (a PDF may break a line inside).
      expect(text.includes(rationale), `${where} holds the rationale "${rationale.slice(0, 60)}…"`).toBe(false);
      expect(text.includes(rationale.slice(0, 40)), `${where} holds the start of "${rationale.slice(0, 60)}…"`).toBe(false);
    }
    for (const name of members) expect(text.includes(name), `${where} names ${name}`).toBe(false);
  }

  it('keeps parties, counts and the concordance, and drops members, rationales and comments', () => {
    const external = model('external');
    expect(external.comments).toEqual([]);
    expect(new Set(external.revisions.map((r) => r.author))).toEqual(new Set(['Ukraine', 'United States']));
    expect(external.summary.rows.every((r) => r.member === null && r.rationale === null)).toBe(true);
    expect(external.summary.parties).toEqual(model('internal').summary.parties);
    expect(external.summary.concordance).toEqual(model('internal').summary.concordance);
    expect(external.summary.rows.find((r) => r.clauseId === 'pf-armed-forces-cap')!.decision).toBe('Accepted by United States, 1 Dec 2025');
  });

  it('leaves every rationale and member name out of every part of the .docx (document, comments, docProps, revision authors)', async () => {
    for (const request of [
      { docId: DOC, from: V28, to: V20 },
      { docId: DOC },
    ]) {
      const file = await exportRedline(sourceOf(sample.store), { ...request, audience: 'external', format: 'docx' });
      expect(file.fileName).toContain(request.from ? `${V28} → ${V20} (external) – ` : 'pending suggestions (external) – ');
      const parts = await docxParts(file.bytes);
      expect([...parts.keys()]).toEqual(expect.arrayContaining(['word/document.xml', 'docProps/core.xml']));
      for (const [name, xml] of parts) {
        expectClean(name, xml);
        expectClean(`${name} (text)`, xmlText(xml));
      }
      expect(parts.get('word/document.xml')).toMatch(/<w:(ins|del) w:id="\d+" w:author="(Ukraine|United States|Russia)"/);
    }
  });

  it.skipIf(!POPPLER)('leaves them out of the PDF, its metadata included', async () => {
    for (const request of [{ from: V28, to: V20 }, {}]) {
      const file = await exportRedline(sourceOf(sample.store), { docId: DOC, ...request, audience: 'external', format: 'pdf' });
      const path = join(dir, `external-${request.from ? 'compare' : 'pending'}.pdf`);
      writeFileSync(path, file.bytes);
      const text = pdfText(path).replace(/\s+/g, ' ');
      expectClean('the PDF text', text);
      expectClean('the PDF info', execFileSync('pdfinfo', [path], { encoding: 'utf8' }));
      expect(text).toContain('Concordance of clause numbers');
    }
  });

  it('leaves them out of the HTML, the Markdown and the CSV summary', async () => {
    for (const request of [{ from: V28, to: V20 }, {}]) {
      const { model: external } = buildRedline(sourceOf(sample.store), { docId: DOC, ...request, audience: 'external' });
      expectClean('the HTML', renderHtml(external));
      expectClean('the Markdown', renderMarkdown(external));
      expectClean('the CSV', summaryCsv(external));
    }
  });
});

describe('the CSV change summary', () => {
  it('is one quoted row per difference with a header, formula-like cells defused', () => {
    const csv = summaryCsv(model());
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('Clause,Kind,Party,Member,Rationale,Decision');
    expect(lines).toHaveLength(model().summary.rows.length + 1);
    expect(csv).toContain('"A ceiling of 600,000 would leave Ukraine too weak');
    const tricky: RedlineDocument = {
      ...model(),
      summary: { ...model().summary, rows: [{ ...model().summary.rows[0]!, rationale: '=HYPERLINK("x") says "hi"' }] },
    };
    expect(summaryCsv(tricky)).toContain(`"'=HYPERLINK(""x"") says ""hi"""`);
  });
});

describe.skipIf(!SOFFICE)('the .docx in LibreOffice', () => {
  it('opens with its tracked changes (by their authors) and its comments', async () => {
    const path = await written('docx');
    const out = join(dir, 'lo');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'fodt', '--outdir', out, path], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const fodt = readFileSync(join(out, '28-20-internal.fodt'), 'utf8');
    const changes = fodt.match(/<text:changed-region /g) ?? [];
    expect(changes.length).toBeGreaterThanOrEqual(trackedRuns(model(), 'insertion').length > 0 ? 2 : 1);
    expect(fodt).toContain('<dc:creator>Taras Melnyk (Ukraine)</dc:creator>');
    const annotations = fodt.match(/<office:annotation[ >]/g) ?? [];
    expect(annotations.length).toBe(model().comments.length);
    expect(fodt).toContain('A ceiling of 600,000 would leave Ukraine too weak');
  }, 150_000);
});

describe('version hashes and initials in the header', () => {
  it('every format prints both versions’ short and full hashes and who initialled them (parties only when external)', async () => {
    const report = verifyVersions(sample.store, sample.store.getDocument(DOC).id);
    const hashOf = (name: string): string => report.versions.find((v) => v.name === name)!.hash!;
    const h28 = hashOf(V28);
    const h20 = hashOf(V20);
    const internal = model('internal').versionStamps ?? [];
    expect(internal).toEqual([
      `“${V28}”: hash ${h28.slice(0, 12)}, not initialled.`,
      `“${V20}”: hash ${h20.slice(0, 12)}, initialled by Dana Whitfield (US) and Olena Kovalenko (UA).`,
      `Full SHA-256 hashes: “${V28}” ${h28}; “${V20}” ${h20}.`,
    ]);
    expect(model('external').versionStamps?.[1]).toBe(`“${V20}”: hash ${h20.slice(0, 12)}, initialled by United States and Ukraine.`);
    const texts: Record<string, string> = {
      md: readFileSync(await written('md'), 'utf8'),
      html: readFileSync(await written('html'), 'utf8'),
      docx: await (await JSZip.loadAsync(readFileSync(await written('docx')))).file('word/document.xml')!.async('string'),
    };
    if (POPPLER) texts['pdf'] = pdfText(await written('pdf')).replace(/\s+/g, '');
    for (const [format, text] of Object.entries(texts)) {
      expect(text, format).toContain(h20.slice(0, 12));
      expect(text, format).toContain(format === 'pdf' ? h20.slice(0, 40) : h20);
      expect(text, format).toContain(h28.slice(0, 12));
      expect(text, format).toContain(format === 'pdf' ? 'initialledbyDanaWhitfield(US)andOlenaKovalenko(UA)' : 'initialled by Dana Whitfield (US) and Olena Kovalenko (UA)');
    }
  });

  it('a comparison with the working draft says it has no hash; pending suggestions have no version lines', () => {
    const toDraft = buildRedline(sourceOf(sample.store), { docId: DOC, from: V20 }).model;
    expect(toDraft.versionStamps?.[1]).toBe('“Working draft”: not a named version, so no hash and no initials.');
    const pending = buildRedline(sourceOf(sample.store), { docId: DOC }).model;
    expect(pending.versionStamps ?? []).toEqual([]);
    expect(stampLine({ name: 'Round 2', stamp: { hash: 'ab'.repeat(32), initials: [], verified: false } })).toBe(
      '“Round 2”: hash abababababab, not initialled. It does NOT verify: its content, place in the chain or a signature has changed (draftroom verify).',
    );
  });
});
