/** One piece of an inline redline: text kept, removed or added. */
export interface DiffPiece {
  readonly text: string;
  readonly op: 'same' | 'del' | 'ins';
}

/** Longest inputs (in tokens) diffed word by word; longer ones are shown as a whole before/after. */
const MAX_TOKENS = 400;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(out: DiffPiece[], text: string, op: DiffPiece['op']): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && last.op === op) out[out.length - 1] = { text: last.text + text, op };
  else out.push({ text, op });
}

/**
 * A word-level redline from `before` to `after` (longest common subsequence
 * of words and spaces): what the changes panel shows for an amendment, with
 * the surrounding context once instead of twice.
 */
export function diffWords(before: string, after: string): DiffPiece[] {
  const a = tokens(before);
  const b = tokens(after);
  const out: DiffPiece[] = [];
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    push(out, before, 'del');
    push(out, after, 'ins');
    return out;
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push(out, a[i]!, 'same');
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      push(out, a[i++]!, 'del');
    } else {
      push(out, b[j++]!, 'ins');
    }
  }
  while (i < a.length) push(out, a[i++]!, 'del');
  while (j < b.length) push(out, b[j++]!, 'ins');
  return regroup(out);
}

const SPACE = /^\s+$/;

/**
 * Turns word-by-word alternation ("~~an~~ the ~~operating~~ management") into
 * one removed phrase followed by one added phrase per changed region: the
 * spaces kept between changed words belong to both phrases.
 */
function regroup(pieces: readonly DiffPiece[]): DiffPiece[] {
  const out: DiffPiece[] = [];
  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i]!;
    if (piece.op === 'same') {
      push(out, piece.text, 'same');
      i++;
      continue;
    }
    let removed = '';
    let added = '';
    let j = i;
    while (j < pieces.length) {
      const p = pieces[j]!;
      if (p.op === 'del') removed += p.text;
      else if (p.op === 'ins') added += p.text;
      else if (SPACE.test(p.text) && j + 1 < pieces.length && pieces[j + 1]!.op !== 'same') {
        removed += p.text;
        added += p.text;
      } else break;
      j++;
    }
    if (removed !== '') push(out, removed, 'del');
    if (removed !== '' && added !== '') push(out, ' ', 'same');
    if (added !== '') push(out, added, 'ins');
    i = j;
  }
  return out;
}
