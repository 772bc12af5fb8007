/**
 * Test harness for main's services: a workspace file with parties and
 * members, API sessions that record their events, and renderer-like mirror
 * clients that keep a Y.Doc in sync with main through y-protocols messages
 * carried by `syncDocument` and the `documentMessage` event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import type { ApiEventName, DraftroomApi, DraftroomEvents } from '../../../shared/api/contract';
import type { Member, Party } from '../../../shared/domain/types';
import { listClauses } from '../../../shared/schema/clauses';
import { contentFragment, readProseMirrorDoc, writeChange } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { type ApiSession, createApiSession } from '../../../main/services/api-session';
import type { WorkspaceRegistry } from '../../../main/services/workspace-registry';

/** A temporary folder, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-services-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Who is in a test workspace. */
export interface TestPeople {
  readonly us: Party;
  readonly ua: Party;
  readonly alice: Member;
  readonly bohdan: Member;
  readonly carol: Member;
}

/** Creates a workspace file with two parties and three members (and closes it). */
export function makeWorkspace(path: string, name = 'Test negotiation'): TestPeople {
  const store = createWorkspace(path, { name });
  try {
    const us = store.addParty({ name: 'United States', code: 'US', colour: '#1f4e9c' });
    const ua = store.addParty({ name: 'Ukraine', code: 'UA', colour: '#d4a106' });
    const alice = store.addMember({ name: 'Alice Drafter', partyId: us.id, role: 'drafter' });
    const bohdan = store.addMember({ name: 'Bohdan Lead', partyId: ua.id, role: 'lead' });
    const carol = store.addMember({ name: 'Carol Suggester', partyId: us.id, role: 'suggester' });
    return { us, ua, alice, bohdan, carol };
  } finally {
    store.close();
  }
}

/** One recorded event. */
export interface RecordedEvent {
  readonly event: ApiEventName;
  readonly payload: DraftroomEvents[ApiEventName];
}

/** How a mirror reaches main: an API (a session, or a proxy over a transport) and the routing of its events. */
export interface MirrorLink {
  readonly api: Pick<DraftroomApi, 'syncDocument'>;
  /** Who the link acts as now, if known (`typeInClause` writes its change record in that member's name). */
  readonly member?: () => Member | null;
  /** Mirrors that receive this link's `documentMessage` events, by document id. */
  readonly mirrors: Map<string, MirrorClient>;
}

/** An API session with its recorded events and the mirrors it feeds. */
export interface TestPeer extends MirrorLink {
  readonly session: ApiSession;
  readonly events: RecordedEvent[];
}

/** Opens a session whose events are recorded and routed to its mirrors. */
export function openPeer(registry: WorkspaceRegistry, workspacePath: string): TestPeer {
  const events: RecordedEvent[] = [];
  const mirrors = new Map<string, MirrorClient>();
  const session = createApiSession({
    registry,
    workspacePath,
    emit: (event, payload) => {
      events.push({ event, payload });
      if (event === 'documentMessage') {
        const { docId, message } = payload as DraftroomEvents['documentMessage'];
        mirrors.get(docId)?.receive(message);
      }
    },
  });
  // Who the session acts as, known synchronously (for the records `typeInClause` writes on a mirror of this peer).
  let member: Member | null = null;
  const setIdentity = session.setIdentity.bind(session);
  session.setIdentity = async (memberId: string) => {
    const identity = await setIdentity(memberId);
    member = identity.member;
    return identity;
  };
  return { session, api: session, events, mirrors, member: () => member };
}

/** Number of `documentMessage` events a peer received for a document. */
export function documentMessages(peer: TestPeer, docId: string): number {
  return peer.events.filter(
    (e) => e.event === 'documentMessage' && (e.payload as DraftroomEvents['documentMessage']).docId === docId,
  ).length;
}

const FROM_MAIN = Symbol('from-main');

/**
 * What a renderer does with its mirror Y.Doc: handshake with step 1, answer
 * main's step 1 with step 2, send each local update, apply main's messages.
 * While disconnected, local edits stay in the mirror (offline edits) and go
 * to main in the next handshake.
 */
export class MirrorClient {
  readonly doc = new Y.Doc();
  private link: MirrorLink | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly docId: string) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_MAIN || this.link === null) return;
      const encoder = encoding.createEncoder();
      writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /** Connects through a session (y-protocols handshake); resolves when the exchange is done. */
  async connect(link: MirrorLink): Promise<void> {
    this.link = link;
    if (link.member !== undefined) typists.set(this.doc, link.member);
    link.mirrors.set(this.docId, this);
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.doc);
    this.send(encoding.toUint8Array(encoder));
    await this.settled();
  }

  /** Stops talking to main (the connection dropped); local edits keep accumulating. */
  disconnect(): void {
    this.link?.mirrors.delete(this.docId);
    this.link = null;
  }

  /** Applies a message from main; answers it if it asks for something. */
  receive(message: Uint8Array): void {
    const encoder = encoding.createEncoder();
    readSyncMessage(decoding.createDecoder(message), encoder, this.doc, FROM_MAIN);
    if (encoding.length(encoder) > 0) this.send(encoding.toUint8Array(encoder));
  }

  /** Resolves once every message sent so far has been answered. */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  private send(message: Uint8Array): void {
    const link = this.link;
    if (link === null) return;
    this.chain = this.chain.then(async () => {
      const replies = await link.api.syncDocument(this.docId, message);
      for (const reply of replies) this.receive(reply);
    });
  }
}

/** Who types on a mirror's Y.Doc: the member its link acts as. */
const typists = new WeakMap<Y.Doc, () => Member | null>();

/**
 * Appends text to the first paragraph of the clause at `index` (0-based), in
 * one transaction, as a suggester's editor would: a tracked insertion (the
 * `insertion` mark y-prosemirror stores as a text attribute) and its change
 * record, in the name of `by` or, by default, of the member the mirror whose
 * Y.Doc this is acts as (main refuses marks without their record). Pass
 * `tracked: false` for a lead's direct edit, `by: null` for a mark without a
 * record (a hostile client).
 */
export function typeInClause(doc: Y.Doc, index: number, text: string, options: { readonly tracked?: boolean; readonly by?: Member | null } = {}): void {
  if (options.tracked === false) {
    doc.transact(() => appendText(doc, index, text));
    return;
  }
  const id = `typed-${++typedChanges}`;
  const by = options.by === undefined ? typists.get(doc)?.() : options.by;
  if (by === undefined) throw new Error('typeInClause: a tracked insertion on a Y.Doc no mirror types on needs `by` (its author) or `by: null`');
  doc.transact(() => {
    appendText(doc, index, text, { insertion: { id } });
    if (by === null) return;
    const clause = contentFragment(doc).get(index) as Y.XmlElement;
    writeChange(doc, {
      id,
      kind: 'amended',
      partyId: by.partyId,
      authorId: by.id,
      createdAt: '2025-11-28T10:00:00.000Z',
      rationale: '',
      status: 'proposed',
      clauseIds: [String(clause.getAttribute('id'))],
    });
  });
}

let typedChanges = 0;

function appendText(doc: Y.Doc, index: number, text: string, attributes?: Record<string, unknown>): void {
  const clause = contentFragment(doc).get(index);
  if (!(clause instanceof Y.XmlElement)) throw new Error(`no clause at ${index}`);
  const paragraph = clause.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph');
  if (paragraph === undefined) throw new Error(`clause ${index} has no paragraph`);
  let textNode = paragraph.get(0);
  if (!(textNode instanceof Y.XmlText)) {
    textNode = new Y.XmlText();
    paragraph.insert(0, [textNode]);
  }
  (textNode as Y.XmlText).insert((textNode as Y.XmlText).length, text, attributes);
}

/** Inserts a clause with one paragraph of text at `index` (0-based). */
export function insertClause(doc: Y.Doc, index: number, id: string, text: string): void {
  doc.transact(() => {
    const clause = new Y.XmlElement('clause');
    clause.setAttribute('id', id);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    clause.insert(0, [paragraph]);
    contentFragment(doc).insert(index, [clause]);
  });
}

/** The clauses of a Y.Doc as `id: text` lines (what convergence compares). */
export function clauseLines(doc: Y.Doc): string[] {
  return listClauses(readProseMirrorDoc(doc)).map((c) => `${c.id}: ${c.text}`);
}

/** Reads a document straight from the file through a fresh store connection. */
export function clauseLinesOnDisk(path: string, docId: string): string[] {
  const store = openWorkspace(path);
  try {
    const doc = loadYDoc(store, docId);
    try {
      return clauseLines(doc);
    } finally {
      doc.destroy();
    }
  } finally {
    store.close();
  }
}

/** The y-protocols update message a client would send for an edit made on a replica of `source`. */
export function syncUpdateFrom(source: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  const encoder = encoding.createEncoder();
  writeUpdate(encoder, Y.encodeStateAsUpdate(replica, before));
  return encoding.toUint8Array(encoder);
}
