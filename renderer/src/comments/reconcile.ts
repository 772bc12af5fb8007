/**
 * Puts `children` into `parent` in this order, moving only the nodes that are
 * out of place (a focused text box that stays in place keeps its focus and
 * its draft) and removing the rest.
 */
export function reconcileChildren(parent: HTMLElement, children: readonly HTMLElement[]): void {
  children.forEach((child, index) => {
    const current = parent.children.item(index);
    if (current !== child) parent.insertBefore(child, current);
  });
  while (parent.children.length > children.length) parent.lastElementChild?.remove();
}
