/**
 * Fixtures for the workspace store tests: temporary folders, a declarative
 * workspace builder, byte snapshots of a file and its SQLite side files,
 * and a runner for child processes that use the store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DocumentInfo, Member, MemberRole, Party } from '../../shared/domain/types';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { runMigrations } from '../../main/store/migrations/migrate';
import type { UpdateMeta, WorkspaceStoreApi } from '../../main/store/store-types';
import { createWorkspace } from '../../main/store/workspace-store';
import { APPLICATION_ID } from '../../main/store/workspace-format';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh temporary folder; call `remove()` when done. */
export interface TempDir {
  readonly path: string;
  /** A path inside the folder. */
  file(name: string): string;
  remove(): void;
}

/** Makes a fresh temporary folder for one test file or test. */
export function makeTempDir(prefix = 'draftroom-store-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** The bytes of a database file and of its `-wal`, `-shm` and `-journal` (null where absent). */
export interface FileSetBytes {
  readonly main: Buffer | null;
  readonly wal: Buffer | null;
  readonly shm: Buffer | null;
  readonly journal: Buffer | null;
}

/** Reads a database file and its side files, to compare before and after. */
export function readFileSet(path: string): FileSetBytes {
  const read = (p: string): Buffer | null => (existsSync(p) && statSync(p).isFile() ? readFileSync(p) : null);
  return { main: read(path), wal: read(`${path}-wal`), shm: read(`${path}-shm`), journal: read(`${path}-journal`) };
}

/**
 * Which of the files differ between two readings (byte for byte), or
 * appeared or disappeared: [] when nothing changed.
 */
export function fileSetDifferences(before: FileSetBytes, after: FileSetBytes): string[] {
  const names = ['main', 'wal', 'shm', 'journal'] as const;
  return names.filter((name) => {
    const a = before[name];
    const b = after[name];
    if (a === null || b === null) return a !== b;
    return !a.equals(b);
  });
}

/** What a test workspace should contain. */
export interface WorkspaceSpec {
  readonly name?: string;
  readonly parties?: readonly { name: string; code: string; colour: string }[];
  /** Members name their party by code. */
  readonly members?: readonly { name: string; party: string; role: MemberRole }[];
  readonly documents?: readonly string[];
}

/** A built test workspace with its records looked up by code, name and title. */
export interface BuiltWorkspace {
  readonly store: WorkspaceStoreApi;
  readonly parties: Record<string, Party>;
  readonly members: Record<string, Member>;
  readonly documents: Record<string, DocumentInfo>;
}

/** The four parties of the sample negotiation, for tests. */
export const TEST_PARTIES = [
  { name: 'United States', code: 'US', colour: '#1f4e9c' },
  { name: 'Ukraine', code: 'UA', colour: '#d4a017' },
  { name: 'Europe', code: 'EU', colour: '#2e7d32' },
  { name: 'Russia', code: 'RU', colour: '#b23a48' },
] as const;

/** Creates a workspace at `path` holding what `spec` lists. */
export function buildWorkspace(path: string, spec: WorkspaceSpec = {}): BuiltWorkspace {
  const store = createWorkspace(path, { name: spec.name ?? 'Test negotiation' });
  const parties: Record<string, Party> = {};
  for (const party of spec.parties ?? []) parties[party.code] = store.addParty(party);
  const members: Record<string, Member> = {};
  for (const member of spec.members ?? []) {
    const party = parties[member.party];
    if (!party) throw new Error(`buildWorkspace: no party with code ${member.party}`);
    members[member.name] = store.addMember({ name: member.name, partyId: party.id, role: member.role });
  }
  const documents: Record<string, DocumentInfo> = {};
  for (const title of spec.documents ?? []) documents[title] = store.createDocument({ title });
  return { store, parties, members, documents };
}

/** A Y.Doc whose every update is appended to the store (as main does for a live document). */
export function recordingYDoc(store: WorkspaceStoreApi, docId: string, meta?: UpdateMeta): { ydoc: Y.Doc; seqs: number[] } {
  const ydoc = new Y.Doc();
  const seqs: number[] = [];
  ydoc.on('update', (update: Uint8Array) => {
    seqs.push(store.appendUpdate(docId, update, meta));
  });
  return { ydoc, seqs };
}

/** The Y.Array every child process appends its labels to. */
export const CHILD_ENTRIES = 'entries';

/** Path of the child-process script that appends updates. */
export const APPEND_CHILD = join(PROJECT_ROOT, 'tests', 'helpers', 'store-append-child.ts');

/** Arguments of the append child (see `store-append-child.ts`). */
export interface AppendChildArgs {
  readonly file: string;
  readonly docId: string;
  readonly label: string;
  readonly count: number;
  /** Compact the document after every this many appends (0: never). */
  readonly compactEvery?: number;
}

/** A running child process and the lines it printed so far. */
export interface RunningChild {
  readonly process: ChildProcess;
  /** Labels the child printed, each after its `appendUpdate` returned. */
  readonly printed: string[];
  /** Called with the number of labels printed after each line. */
  onLine(listener: (count: number) => void): void;
  /** Resolves when the child has exited and its output is fully read. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the append child under Node with tsx, like `node --import tsx tests/helpers/store-append-child.ts`. */
export function startAppendChild(args: AppendChildArgs): RunningChild {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      APPEND_CHILD,
      args.file,
      args.docId,
      args.label,
      String(args.count),
      String(args.compactEvery ?? 0),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const printed: string[] = [];
  const listeners: ((count: number) => void)[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const match = /^(\d+) (\S+)$/.exec(line);
    if (!match) return;
    printed.push(match[2]!);
    for (const listener of listeners) listener(printed.length);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stderr }));
  });
  return { process: child, printed, onLine: (listener) => listeners.push(listener), done };
}

/** The labels in the shared entries array of a document's Y.Doc. */
export function childEntries(ydoc: Y.Doc): string[] {
  return ydoc.getArray<string>(CHILD_ENTRIES).toArray();
}

/**
 * A raw connection to a new workspace file whose schema stops at `version`
 * (as an older Draftroom left it), for migration tests to seed with SQL.
 */
export function createDatabaseAtVersion(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const reached = runMigrations(db, version);
  if (reached !== version) throw new Error(`createDatabaseAtVersion: reached ${reached}, wanted ${version}`);
  return db;
}
