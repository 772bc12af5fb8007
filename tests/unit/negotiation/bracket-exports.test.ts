/**
 * Brackets in every export of the sample: the redline model prints them in
 * the text with each alternative's party and lists the open ones under the
 * header; the Word file carries both, HTML, Markdown and PDF the brackets in
 * the text. A comparison lists the brackets open on its later side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRedline, renderRedline } from '../../../main/export/export-redline';
import type { RedlineDocument } from '../../../shared/redline/model';
import { DOC, openSample, sourceOf, unzipDocx, V20, type SampleWorkspace } from '../export/fixtures';

let sample: SampleWorkspace;
beforeAll(() => {
  sample = openSample();
});
afterAll(() => sample.dispose());

function texts(model: RedlineDocument): string[] {
  return model.paragraphs.map((p) => p.inlines.map((i) => (i.kind === 'text' ? i.text : '')).join(''));
}

const TERRITORY = '[Alt 1 — Ukraine: The line of contact on the day this framework takes effect / Alt 2 — Russia: The full administrative borders of the regions Russia claims in the east]';

describe('brackets in the exports', () => {
  it('prints each open bracket with its alternatives’ parties, and lists the open brackets under the header', async () => {
    const { model } = buildRedline(sourceOf(sample.store), { docId: DOC });
    const all = texts(model);
    expect(all.some((t) => t.includes(TERRITORY))).toBe(true);
    expect(all.some((t) => t.includes('[Alt 1 — United States: set out in an annex / Alt 2 — Ukraine: decided by Ukraine, to whose grid the plant belongs]'))).toBe(true);
    const summary = all.indexOf('Open brackets: 2 (4 alternatives)');
    expect(summary).toBeGreaterThan(0);
    expect(all.slice(summary + 1, summary + 3)).toEqual([
      'Point 14: [Alt 1 — United States: set out in an annex / Alt 2 — Ukraine: decided by Ukraine, to whose grid the plant belongs]',
      `Point 16: ${TERRITORY}`,
    ]);
    // The labels are italic text of their own, the bracketed words keep their runs.
    const label = model.paragraphs.flatMap((p) => p.inlines).find((i) => i.kind === 'text' && i.text === 'Alt 2 — Russia: ');
    expect(label).toMatchObject({ italic: true });

    const docx = await unzipDocx(await renderRedline(model, 'docx'));
    const wordText = docx.document.replace(/<[^>]+>/g, '');
    expect(wordText).toContain('Alt 2 — Russia: ');
    expect(wordText).toContain('Open brackets: 2 (4 alternatives)');
    // HTML, Markdown and PDF print the brackets in the text (their header comes from the model's own fields).
    const md = new TextDecoder().decode(await renderRedline(model, 'md'));
    expect(md).toMatch(/\\\[.{0,3}Alt 1 — Ukraine:.{0,3} The line of contact/);
    expect(md).toContain('Alt 2 — Russia');
    const html = new TextDecoder().decode(await renderRedline(model, 'html'));
    expect(html).toContain('Alt 2 — Russia');
    const pdf = await renderRedline(model, 'pdf');
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
  });

  it('a comparison from the 20-point proposal to the working draft lists the brackets open in the working draft', () => {
    const { model } = buildRedline(sourceOf(sample.store), { docId: DOC, from: V20 });
    expect(texts(model)).toContain('Open brackets: 2 (4 alternatives)');
  });
});
