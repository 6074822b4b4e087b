// Imported by mermaid-parse.mjs before mermaid: `dompurify` needs a browser DOM, so its one
// shared instance (the object mermaid imports too) is given a stand-in for what mermaid calls.
// Mermaid calls sanitize on every label while it parses; the pictures must never carry markup,
// so instead of sanitizing, the stand-in refuses any label with a tag other than <br/>.
// (Patched in place rather than swapped by a module loader hook: a hook makes every import of
// mermaid's hundreds of modules go through the hook thread, about a second more per process.)
import DOMPurify from 'dompurify';

const refuseMarkup = (text) => {
  const withoutBreaks = String(text).replace(/<br\s*\/?>/gi, '');
  if (/[<>]/.test(withoutBreaks)) throw new Error('markup in a label: ' + text);
  return text;
};

Object.assign(DOMPurify, { addHook() {}, removeHook() {}, removeHooks() {}, isSupported: true, sanitize: refuseMarkup });
