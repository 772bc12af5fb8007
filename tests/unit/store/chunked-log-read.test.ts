/**
 * Reading a long log in chunks (one blob per up to 4,096 rows, B2): the
 * same updates as reading it row by row, every row still checked against
 * its checksum, and damage anywhere (a later chunk, a removed checksum)
 * still found, named and cut at the same row as before.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import { loadIntactYDoc, loadYDoc } from '../../../main/store/document-state';
import { forEachLogUpdate } from '../../../main/store/log-chunks';
import { updateChecksum } from '../../../main/store/row-checksums';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** One update per character typed into Y.Text 't' (a few deleted again), and the text they make. */
function typing(count: number, prefix: string): { updates: Uint8Array[]; text: string } {
  const ydoc = new Y.Doc();
  const updates: Uint8Array[] = [];
  ydoc.on('update', (u: Uint8Array) => updates.push(u));
  const text = ydoc.getText('t');
  for (let i = 0; i < count; i++) {
    if (i % 97 === 96) text.delete(text.length - 1, 1);
    else text.insert(text.length, i % 13 === 0 ? ` ${prefix}${i}` : String.fromCharCode(97 + (i % 26)));
  }
  return { updates, text: text.toString() };
}

/** A workspace with documents d-1 (10,000 rows, interleaved with d-2's 3,000 in runs of 500) and its texts. */
function longLog(path: string): { texts: Record<string, string> } {
  const store = createWorkspace(path, { name: 'Chunks' });
  store.createDocument({ id: 'd-1', title: 'Long' });
  store.createDocument({ id: 'd-2', title: 'Other' });
  const one = typing(10_000, 'a');
  const two = typing(3_000, 'b');
  for (let i = 0, j = 0; i < one.updates.length || j < two.updates.length; i += 500, j += 150) {
    if (i < one.updates.length) store.appendUpdates('d-1', one.updates.slice(i, i + 500));
    if (j < two.updates.length) store.appendUpdates('d-2', two.updates.slice(j, j + 150));
  }
  store.close();
  return { texts: { 'd-1': one.text, 'd-2': two.text } };
}

/** The rows as stored, one by one in seq order (what the row-by-row read returns). */
function rowsOf(path: string, docId: string): { seq: number; data: Buffer }[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw
      .prepare('SELECT seq, data FROM update_log WHERE doc_key = (SELECT doc_key FROM documents WHERE id = ?) ORDER BY seq')
      .all(docId) as { seq: number; data: Buffer }[];
  } finally {
    raw.close();
  }
}

function corruptError(f: () => unknown): DraftroomError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(DraftroomError);
    expect((error as DraftroomError).code).toBe('corrupt');
    return error as DraftroomError;
  }
  throw new Error('expected a corrupt error');
}

describe('the log read in chunks', () => {
  it('returns exactly the rows, in order, of a log spanning several chunks and interleaved with another document', () => {
    const path = dir.file('w.draftroom');
    const { texts } = longLog(path);
    const store = openWorkspace(path);
    for (const docId of ['d-1', 'd-2']) {
      const state = store.readDocumentState(docId);
      const rows = rowsOf(path, docId);
      expect(state.updates.length).toBe(rows.length);
      state.updates.forEach((update, i) => expect(Buffer.compare(Buffer.from(update), rows[i]!.data), `row ${rows[i]!.seq}`).toBe(0));
      expect(state.lastSeq).toBe(rows[rows.length - 1]!.seq);
      // Read in chunks, not row by row: neighbouring rows are views of one chunk's bytes.
      expect(state.updates[1]!.buffer).toBe(state.updates[0]!.buffer);
      // The same rows kept as the chunks they were read in (what loadYDoc applies): up to 4,096 rows each.
      const log = store.readDocumentLog(docId);
      expect(log.rows).toBe(rows.length);
      expect(log.chunks).toHaveLength(Math.ceil(rows.length / 4096));
      expect(log.lastSeq).toBe(state.lastSeq);
      const walked: Uint8Array[] = [];
      forEachLogUpdate(log.chunks, (update) => walked.push(update));
      expect(walked).toHaveLength(rows.length);
      walked.forEach((update, i) => expect(Buffer.compare(Buffer.from(update), rows[i]!.data), `chunked row ${rows[i]!.seq}`).toBe(0));
      expect(loadYDoc(store, docId).getText('t').toString()).toBe(texts[docId]);
      expect(store.readIntactDocumentState(docId).damagedSeq).toBeNull();
    }
    expect(rowsOf(path, 'd-1').length).toBeGreaterThan(2 * 4096);
    store.close();
  });

  it('reads only the rows after the snapshot once part of the log is compacted', () => {
    const path = dir.file('w.draftroom');
    const { texts } = longLog(path);
    const store = openWorkspace(path);
    store.compact('d-2');
    const more = new Y.Doc();
    Y.applyUpdate(more, Y.encodeStateAsUpdate(loadYDoc(store, 'd-2')));
    more.on('update', (u: Uint8Array) => store.appendUpdate('d-2', u));
    more.getText('t').insert(0, 'Head. ');
    expect(store.readDocumentState('d-2').updates).toHaveLength(1);
    expect(loadYDoc(store, 'd-2').getText('t').toString()).toBe(`Head. ${texts['d-2']}`);
    store.close();
  });

  it('a flipped byte in a later chunk: corrupt naming that row, and the intact state stops right before it', () => {
    const path = dir.file('w.draftroom');
    longLog(path);
    const rows = rowsOf(path, 'd-1');
    const damaged = rows[9_000]!;
    const raw = new Database(path);
    const bytes = Buffer.from(damaged.data);
    bytes[bytes.length - 1] ^= 0x01;
    raw.prepare('UPDATE update_log SET data = ? WHERE seq = ?').run(bytes, damaged.seq);
    raw.close();
    const store = openWorkspace(path);
    expect(corruptError(() => loadYDoc(store, 'd-1')).message).toMatch(new RegExp(`stored edit ${damaged.seq} does not match its checksum`));
    expect(corruptError(() => store.readDocumentLog('d-1')).message).toMatch(new RegExp(`stored edit ${damaged.seq} does not match its checksum`));
    const intact = store.readIntactDocumentState('d-1');
    expect(intact.damagedSeq).toBe(damaged.seq);
    expect(intact.updates).toHaveLength(9_000);
    intact.updates.forEach((update, i) => expect(Buffer.compare(Buffer.from(update), rows[i]!.data)).toBe(0));
    expect(loadIntactYDoc(store, 'd-1').damagedSeq).toBe(damaged.seq);
    // The other document reads in chunks as before.
    const other = store.readDocumentState('d-2').updates;
    expect(other).toHaveLength(3_000);
    expect(other[1]!.buffer).toBe(other[0]!.buffer);
    // The damaged one was read row by row (to find the row): each update its own bytes.
    expect(intact.updates[1]!.buffer).not.toBe(intact.updates[0]!.buffer);
    store.close();
  });

  it('a removed checksum, or one that fits another row, is found too', () => {
    const path = dir.file('w.draftroom');
    longLog(path);
    const rows = rowsOf(path, 'd-1');
    const raw = new Database(path);
    const docKey = raw.prepare("SELECT doc_key FROM documents WHERE id = 'd-1'").pluck().get() as number;
    raw.prepare('UPDATE update_log SET checksum = NULL WHERE seq = ?').run(rows[5_000]!.seq);
    // Row 7,000 gets the checksum of row 7,001's data: right for some row, wrong for its own.
    raw.prepare('UPDATE update_log SET checksum = ? WHERE seq = ?').run(updateChecksum(docKey, rows[7_001]!.data), rows[7_000]!.seq);
    raw.close();
    const store = openWorkspace(path);
    expect(corruptError(() => store.readDocumentState('d-1')).message).toMatch(new RegExp(`stored edit ${rows[5_000]!.seq} `));
    expect(store.readIntactDocumentState('d-1').damagedSeq).toBe(rows[5_000]!.seq);
    store.close();
    const fixed = new Database(path);
    fixed.prepare('UPDATE update_log SET checksum = ? WHERE seq = ?').run(updateChecksum(docKey, rows[5_000]!.data), rows[5_000]!.seq);
    fixed.close();
    const reopened = openWorkspace(path);
    expect(reopened.readIntactDocumentState('d-1').damagedSeq).toBe(rows[7_000]!.seq);
    reopened.close();
  });
});
