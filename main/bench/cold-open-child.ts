/**
 * A fresh process for B2 (cold open): `node --import tsx cold-open-child.ts
 * <mode> <file> [docId]`. Mode `store`: open the workspace and load the
 * document's Y.Doc (what opening a document costs the app); mode `yjs`: the
 * baseline, `Y.applyUpdate` of an encoded state read from `file`. Prints one
 * JSON line `{ ms, openMs, loadMs, text }` (text: its length, to check).
 * The modules are imported before the clock starts; the work itself runs
 * cold (first call in the process).
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { loadYDoc } from '../store/document-state';
import { openWorkspace } from '../store/workspace-store';
import { contentFragment } from '../../shared/ydoc/layout';

const [mode, file, docId] = process.argv.slice(2);
if (mode === 'yjs' && file !== undefined) {
  const state = readFileSync(file);
  const started = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, openMs: 0, loadMs: ms, text: contentFragment(doc).toString().length }));
} else if (mode === 'store' && file !== undefined && docId !== undefined) {
  const started = performance.now();
  const store = openWorkspace(file);
  const opened = performance.now();
  const doc = loadYDoc(store, docId);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, openMs: opened - started, loadMs: ms - (opened - started), text: contentFragment(doc).toString().length }));
  store.close();
} else {
  console.error('usage: cold-open-child.ts yjs <state-file> | store <workspace> <docId>');
  process.exitCode = 2;
}
