import type { ChangeRecord } from '../../../shared/domain/types';

/** How long typing must pause before a new change asks for its rationale. */
const PAUSE_MS = 1500;

/**
 * When to ask for a rationale: a new change of the member's own, without
 * one, is asked about once the member pauses typing or moves the cursor off
 * it — never while they are still typing it. Records present when a
 * document is first seen are not new.
 */
export class RationalePrompt {
  /** Record ids seen in this document (null until its first records arrive). */
  private known: Set<string> | null = null;
  private waiting: string | null = null;
  private timer = 0;

  /** `ask` is called with the change id when it is time to ask. */
  constructor(private readonly ask: (changeId: string) => void) {}

  /** The change waiting to be asked about, if any. */
  get pending(): string | null {
    return this.waiting;
  }

  /** Another document: nothing is new or waiting. */
  reset(): void {
    this.known = null;
    this.cancel();
  }

  /** Stops waiting (the member went to the rationale by themselves). */
  cancel(): void {
    clearTimeout(this.timer);
    this.waiting = null;
  }

  /** The records changed: note a new own change still lacking a rationale. */
  noticeRecords(records: readonly ChangeRecord[], memberId: string | null): void {
    if (this.known === null) {
      this.known = new Set(records.map((r) => r.id));
      return;
    }
    for (const record of records) {
      if (this.known.has(record.id)) continue;
      this.known.add(record.id);
      if (record.authorId === memberId && record.status === 'proposed' && record.rationale.trim() === '') {
        this.waiting = record.id;
        this.restart();
      }
    }
  }

  /** The editor changed: ask now if the cursor left the change, or wait for the next pause in typing. */
  follow(records: readonly ChangeRecord[], activeIds: readonly string[], docChanged: boolean): void {
    const id = this.waiting;
    if (id === null) return;
    const record = records.find((r) => r.id === id);
    if (!record || record.status !== 'proposed' || record.rationale.trim() !== '') this.cancel();
    else if (!activeIds.includes(id)) this.fire();
    else if (docChanged) this.restart();
  }

  private restart(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.fire(), PAUSE_MS);
  }

  private fire(): void {
    const id = this.waiting;
    this.cancel();
    if (id !== null) this.ask(id);
  }
}
