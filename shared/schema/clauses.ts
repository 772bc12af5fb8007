import type { Node as PMNode } from 'prosemirror-model';
import { readTextChange } from '../suggest/text-change';

/** A clause as lists, outlines and the CLI see it. */
export interface ClauseView {
  /** Stable id (the `id` attribute). */
  readonly id: string;
  /** 1-based number, derived from order. */
  readonly number: number;
  /** Heading text, or '' if the clause has none. */
  readonly heading: string;
  /** Body text: blocks joined by newlines, list items prefixed. */
  readonly text: string;
  /** Position of the clause node in the document. */
  readonly pos: number;
  /** True if the whole clause carries a pending deletion mark (it keeps its number until accepted). */
  readonly pendingRemoval: boolean;
  /** True if the whole clause carries a pending insertion mark. */
  readonly pendingAddition: boolean;
}

/** Which text a plain-text view shows where there are pending suggestions. */
export type TextView = 'current' | 'original' | 'marked';

function hasMark(node: PMNode, name: string): boolean {
  return node.marks.some((m) => m.type.name === name);
}

/**
 * The inline text of a node. `current` shows the text with every pending
 * suggestion applied (insertions kept, deletions dropped); `original` as if all
 * were rejected; `marked` keeps both, as `[+inserted+]` and `[-deleted-]`.
 */
export function inlineText(node: PMNode, view: TextView = 'current'): string {
  let out = '';
  node.forEach((child) => {
    if (child.isText) {
      const text = child.text ?? '';
      // Read as every reader reads overlapping marks: a deletion on an insertion does not count.
      const change = readTextChange(child.marks);
      const ins = change.insertion !== null;
      const del = change.deletions.length > 0;
      if (view === 'current') out += del ? '' : text;
      else if (view === 'original') out += ins ? '' : text;
      else out += ins ? `[+${text}+]` : del ? `[-${text}-]` : text;
    } else if (child.type.name === 'hard_break') {
      out += '\n';
    } else {
      out += inlineText(child, view);
    }
  });
  return out;
}

function blockText(node: PMNode, view: TextView, indent: string): string[] {
  const lines: string[] = [];
  if (node.type.name === 'paragraph' || node.type.name === 'clause_heading') {
    lines.push(indent + inlineText(node, view));
  } else if (node.type.name === 'bullet_list' || node.type.name === 'ordered_list') {
    let n = (node.attrs['order'] as number | undefined) ?? 1;
    node.forEach((item) => {
      const marker = node.type.name === 'bullet_list' ? '•' : `${n++}.`;
      const inner: string[] = [];
      item.forEach((child) => inner.push(...blockText(child, view, '')));
      inner.forEach((line, i) => lines.push(i === 0 ? `${indent}${marker} ${line}` : `${indent}   ${line}`));
    });
  } else {
    node.forEach((child) => lines.push(...blockText(child, view, indent)));
  }
  return lines;
}

/** Every clause of a proposal, numbered by order. */
export function listClauses(doc: PMNode, view: TextView = 'current'): ClauseView[] {
  const out: ClauseView[] = [];
  doc.forEach((clause, offset) => {
    if (clause.type.name !== 'clause') return;
    let heading = '';
    const body: string[] = [];
    clause.forEach((child) => {
      if (child.type.name === 'clause_heading') heading = inlineText(child, view);
      else body.push(...blockText(child, view, ''));
    });
    out.push({
      id: String(clause.attrs['id'] ?? ''),
      number: out.length + 1,
      heading,
      text: body.join('\n'),
      pos: offset,
      pendingRemoval: hasMark(clause, 'deletion'),
      pendingAddition: hasMark(clause, 'insertion'),
    });
  });
  return out;
}
