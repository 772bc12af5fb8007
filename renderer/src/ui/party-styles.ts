import type { Party } from '../../../shared/domain/types';

let sheet: CSSStyleSheet | null = null;

/**
 * Makes each party's colour available to CSS as `--party-colour` on any
 * element with `data-party="<party id>"` (party dots now; issue 4's change
 * marks and panel rows later). Rules go through the CSSOM, which the page's
 * strict Content-Security-Policy allows, unlike inline style attributes.
 */
export function installPartyColours(parties: readonly Party[]): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const rules = parties
    .filter((party) => /^#[0-9a-fA-F]{3,8}$/.test(party.colour))
    .map((party) => `[data-party="${CSS.escape(party.id)}"] { --party-colour: ${party.colour}; }`);
  sheet.replaceSync(rules.join('\n'));
}
