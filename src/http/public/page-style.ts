// The look every public page of the service shares (the lookup pages' stylesheet and the privacy
// page's style block start with it): the page, its column, the language links, links and focus.

/** A page's rules: as drawn, and its colours under prefers-color-scheme: dark. */
export interface Rules {
  light: string;
  /** Gathered with the other rule sets' into one @media block (`stylesheet`). */
  dark: string;
}

export const PAGE_BASE: Rules = {
  light:
    '*{box-sizing:border-box}' +
    'html{font:100%/1.45 system-ui,sans-serif;color:#111;background:#f4f4f2}' +
    'html:lang(ar),html:lang(fa){font-size:106.25%}' +
    'body{margin:0}' +
    'main{max-width:36rem;margin:0 auto;padding:1rem}' +
    'nav{display:flex;flex-wrap:wrap;gap:0 .25rem;margin:0 0 .75rem;font-size:.95rem}' +
    'nav a,nav b{padding:.35rem .45rem;min-height:2rem}' +
    'nav b{border-bottom:3px solid}' +
    'a{color:#0b3d91}' +
    ':focus{outline:3px solid #f2a900;outline-offset:2px}',
  dark: 'html{background:#161616;color:#eee}a{color:#9cc3ff}',
};

/** Every rule set's rules in order, then all their dark colours in one @media block. */
export function stylesheet(rules: readonly Rules[]): string {
  return `${rules.map((r) => r.light).join('')}@media(prefers-color-scheme:dark){${rules.map((r) => r.dark).join('')}}`;
}
