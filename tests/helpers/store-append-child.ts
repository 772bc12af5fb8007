/**
 * Child process for the store's crash and race tests. Usage:
 *
 *   node --import tsx tests/helpers/store-append-child.ts <file> <docId> <label> <count> <compactEvery>
 *
 * Opens the workspace and, `count` times, pushes "<label>:<i>" onto the
 * document's shared `entries` array and appends that Yjs update to the store.
 * Only after `appendUpdate` has returned does it print "<seq> <label>:<i>",
 * so every printed line names an update that must survive a crash. Every
 * `compactEvery` appends (0: never) it also compacts the document.
 */
import * as Y from 'yjs';
import { openWorkspace } from '../../main/store/workspace-store';

const [file, docId, label, countText, compactEveryText] = process.argv.slice(2);
if (!file || !docId || !label || !countText) {
  process.stderr.write('usage: store-append-child.ts <file> <docId> <label> <count> [compactEvery]\n');
  process.exit(2);
}
const count = Number(countText);
const compactEvery = Number(compactEveryText ?? '0');

const store = openWorkspace(file);
const ydoc = new Y.Doc();
const entries = ydoc.getArray<string>('entries');
let lastUpdate: Uint8Array | null = null;
ydoc.on('update', (update: Uint8Array) => {
  lastUpdate = update;
});

for (let i = 0; i < count; i++) {
  const entry = `${label}:${i}`;
  entries.push([entry]);
  if (!lastUpdate) throw new Error('no update was produced');
  const seq = store.appendUpdate(docId, lastUpdate);
  process.stdout.write(`${seq} ${entry}\n`);
  if (compactEvery > 0 && (i + 1) % compactEvery === 0) store.compact(docId);
}
store.close();
