// Small DOM helpers and the answer icons of the verifier app.

export const $ = (id) => document.getElementById(id);
export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
};
export const svg = (markup) => {
  const wrapper = document.createElement('span');
  wrapper.innerHTML = markup; // our own constant markup only, never data
  return wrapper.firstElementChild;
};

export const ICONS = {
  valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#0a6b2d"/><path d="M13 25l7 7 15-16" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  not_valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#b00020"/><path d="M15 15l18 18M33 15L15 33" stroke="#fff" stroke-width="5" stroke-linecap="round"/></svg>',
  // A no-entry sign, as on the lookup page: no card has this code, a firm stop, not a question.
  unknown:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#111"/><path d="M13 24h22" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>',
  unavailable:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#555"/><path d="M24 12v13l8 5" fill="none" stroke="#fff" stroke-width="4.5" stroke-linecap="round"/></svg>',
  typo: '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><path d="M24 3L46 43H2z" fill="#8a5a00"/><path d="M24 17v13" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#fff"/></svg>',
  counterfeit:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><path d="M24 3L46 43H2z" fill="#f2c200"/><path d="M24 16v14" stroke="#1c1c1c" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#1c1c1c"/></svg>',
  specimen:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><rect x="3" y="9" width="42" height="30" rx="5" fill="#555"/><path d="M11 19h26M11 25h18M11 31h22" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/></svg>',
};
ICONS.not_card = ICONS.typo;
