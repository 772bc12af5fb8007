import { Packer } from 'docx';

/**
 * A one-pass replacement for the `docx` library's numbering placeholders.
 *
 * A paragraph of a numbered or bulleted list is written with a placeholder
 * `{<reference>-<instance>}` where its numbering id goes; when packing,
 * `docx` (9.x) replaces them with one global regular expression per
 * numbering instance over the whole part, so a redline with a few hundred
 * lists scans its multi-megabyte `document.xml` a few hundred times (about
 * half the time of a 1,000-clause redline's Word export, B4). This replacer
 * gives the same text in one scan: every `{…}` that names an instance
 * becomes its id (the first instance of that name, as the library's
 * sequential replacements leave it); every other `{…}` stays as it is.
 */

/** The library's view of a concrete numbering instance (`ConcreteNumbering`'s public fields). */
interface NumberingInstance {
  readonly reference: string;
  readonly instance: number;
  readonly numId: number;
}

/** `docx`'s replacer interface (`NumberingReplacer.replace`). */
interface NumberingReplacer {
  replace(xmlData: string, concreteNumberings: readonly NumberingInstance[]): string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The text with every numbering placeholder replaced by its instance's id, in one scan. */
export function replaceNumberingPlaceholders(xmlData: string, concreteNumberings: readonly NumberingInstance[]): string {
  if (concreteNumberings.length === 0) return xmlData;
  const ids = new Map<string, string>();
  for (const numbering of concreteNumberings) {
    const key = `${numbering.reference}-${numbering.instance}`;
    if (!ids.has(key)) ids.set(key, numbering.numId.toString());
  }
  return xmlData.replace(PLACEHOLDER, (match, key: string) => ids.get(key) ?? match);
}

const onePass: NumberingReplacer = { replace: replaceNumberingPlaceholders };

/** Where `docx` keeps its replacer (a static of `Packer`, not part of its typed API). */
function compilerOf(): { numberingReplacer?: NumberingReplacer } | undefined {
  const compiler = (Packer as unknown as { compiler?: { numberingReplacer?: NumberingReplacer } }).compiler;
  return compiler !== undefined && typeof compiler.numberingReplacer?.replace === 'function' ? compiler : undefined;
}

/** The library's own replacer, kept when the one-pass one is installed. */
let libraryReplacer: NumberingReplacer | undefined;

/**
 * Makes `docx`'s packer use the one-pass replacer (`'one-pass'`, what the
 * exports use) or its own again (`'library'`, for the tests that compare
 * both). Returns false, changing nothing, if this version of the library
 * keeps its compiler elsewhere: exports then stay correct, only slower.
 */
export function useNumberingReplacer(kind: 'one-pass' | 'library'): boolean {
  const compiler = compilerOf();
  if (compiler === undefined) return false;
  if (compiler.numberingReplacer !== onePass) libraryReplacer = compiler.numberingReplacer;
  if (kind === 'library' && libraryReplacer === undefined) return false;
  compiler.numberingReplacer = kind === 'one-pass' ? onePass : libraryReplacer;
  return true;
}

let installed = false;

/** Installs the one-pass replacer the first time a Word file is written (later calls leave the choice as it is). */
export function ensureOnePassNumbering(): void {
  if (installed) return;
  installed = true;
  useNumberingReplacer('one-pass');
}
