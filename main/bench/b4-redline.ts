/**
 * B4, redline: the redline model (`buildRedline`, comparing two named
 * versions) and each export format, for two versions of a generated
 * 1,000-clause proposal with 300 differences (accepted amendments).
 * Baseline: jsdiff `diffWords` on the same two texts flattened (every
 * clause's heading and text, one after the other). The model is measured
 * three ways: the first comparison of the two versions, read from their
 * stored projections (migration 009, as every version saved by this build
 * has one); the same first comparison decoding both Yjs states (a version
 * saved before migration 009, or whose projection does not give its hash);
 * and the same comparison again with their read snapshots kept, as the app
 * does.
 */
import { join } from 'node:path';
import { diffWords } from 'diff';
import type { RedlineDocument } from '../../shared/redline/model';
import { withVersionDoc } from '../../shared/history/version-clauses';
import { documentSnapshot } from '../../shared/redline/document-snapshot';
import { listClauses } from '../../shared/schema/clauses';
import { writeRedlineDocx } from '../export/docx-writer';
import { buildRedline, type RedlineSource } from '../export/export-redline';
import { VersionSnapshots } from '../export/version-snapshots';
import { result, type BenchResult } from './bench-results';
import { benchIdentity, buildLargeProposal, LARGE_PROPOSAL_SHAPE, writeLargeWorkspace } from './large-proposal';
import type { Measure } from './measure-context';
import type { WorkspaceStoreApi } from '../store/store-types';

/**
 * The export formats measured: one line per format the app writes (a new
 * format is measured by adding its writer here).
 */
const EXPORT_FORMATS: readonly { readonly format: string; readonly write: (model: RedlineDocument) => Promise<Uint8Array> | Uint8Array | string }[] = [
  { format: 'docx', write: writeRedlineDocx },
];

/** The generated proposal: 1,000 clauses, 300 of them amended between the two versions. */
const SHAPE = { ...LARGE_PROPOSAL_SHAPE, clauses: 1000, minWords: 60, maxWords: 120, versionChanges: 300, amended: 20, added: 2, removed: 2, moved: 2, comments: 20, threads: 10 };

function flattened(state: Uint8Array): string {
  return withVersionDoc(state, (ydoc) =>
    listClauses(documentSnapshot(ydoc).doc)
      .map((c) => `${c.heading}\n${c.text}`)
      .join('\n\n'),
  );
}

/** The store as it reads when its versions have no stored projection (saved before migration 009): every read decodes the state, and stores nothing. */
function withoutProjections(store: WorkspaceStoreApi): WorkspaceStoreApi {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'versionProjection') return (id: string) => {
        const stored = target.versionProjection(id);
        return stored && { ...stored, projection: null };
      };
      if (key === 'storeVersionProjection') return () => undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** B4. */
export const redlineMeasure: Measure = {
  ids: ['B4'],
  title: 'redline',
  async run(context): Promise<BenchResult[]> {
    const runs = context.quick ? 3 : 5;
    const proposal = buildLargeProposal(20251203, SHAPE);
    const store = writeLargeWorkspace(join(context.workDir, 'b4.draftroom'), proposal);
    try {
      const [first, second] = proposal.versions;
      const source: RedlineSource = {
        store,
        readWorkingDraft: () => {
          throw new Error('B4 compares two named versions');
        },
        exportedBy: benchIdentity('m-us-lead'),
        now: new Date('2025-12-01T12:00:00Z'),
      };
      const request = { docId: proposal.docId, from: first!.name, to: second!.name };
      const before = flattened(first!.state);
      const after = flattened(second!.state);
      const model: number[] = [];
      const decoded: number[] = [];
      const repeated: number[] = [];
      const baseline: number[] = [];
      // The app keeps each workspace's decoded versions (versions never change): a compare after the first reads them from there.
      const kept = new VersionSnapshots();
      buildRedline({ ...source, versionSnapshots: kept }, request);
      const formats = new Map<string, { ms: number[]; bytes: number }>(EXPORT_FORMATS.map((f) => [f.format, { ms: [], bytes: 0 }]));
      for (let run = 0; run < runs; run++) {
        let started = performance.now();
        const built = buildRedline({ ...source, versionSnapshots: new VersionSnapshots() }, request);
        model.push(performance.now() - started);
        if (built.model.paragraphs.length < SHAPE.clauses) throw new Error('B4: the redline lost clauses');
        started = performance.now();
        const fromStates = buildRedline({ ...source, store: withoutProjections(store), versionSnapshots: new VersionSnapshots() }, request);
        decoded.push(performance.now() - started);
        if (JSON.stringify(fromStates.model) !== JSON.stringify(built.model)) throw new Error('B4: the redline read from the states differs from the one read from the projections');
        started = performance.now();
        buildRedline({ ...source, versionSnapshots: kept }, request);
        repeated.push(performance.now() - started);
        for (const { format, write } of EXPORT_FORMATS) {
          started = performance.now();
          const out = await write(built.model);
          const entry = formats.get(format)!;
          entry.ms.push(performance.now() - started);
          entry.bytes = typeof out === 'string' ? Buffer.byteLength(out) : out.length;
        }
        started = performance.now();
        const parts = diffWords(before, after);
        baseline.push(performance.now() - started);
        if (!parts.some((p) => p.added === true)) throw new Error('B4: the two versions do not differ');
      }
      context.log(`B4 model ${model.map(Math.round).join(', ')} ms; states decoded ${decoded.map(Math.round).join(', ')} ms; repeated ${repeated.map(Math.round).join(', ')} ms; diffWords ${baseline.map(Math.round).join(', ')} ms`);
      const words = after.split(/\s+/).length.toLocaleString('en-US');
      return [
        result('B4', `redline model, 2 versions of ${SHAPE.clauses} clauses, ${SHAPE.versionChanges} differences`, 'ms', model, {
          baseline,
          atMost: 200,
          note: `${words} words; first comparison of the two, read from their stored projections (migration 009); baseline jsdiff diffWords on the flattened texts (${Math.round(after.length / 1024)} KB)`,
        }),
        result('B4', 'redline model, first comparison decoding both Yjs states', 'ms', decoded, {
          baseline,
          note: 'versions without a stored projection (saved before migration 009): what every first comparison cost before; the same model, checked',
        }),
        result('B4', 'redline model, the same versions compared again', 'ms', repeated, {
          baseline,
          atMost: 200,
          note: "the versions' read snapshots kept (as the app keeps them per open workspace)",
        }),
        ...[...formats].map(([format, { ms, bytes }]) => result('B4', `export ${format} (from the model)`, 'ms', ms, { note: `${Math.round(bytes / 1024)} KB` })),
      ];
    } finally {
      store.close();
    }
  },
};
