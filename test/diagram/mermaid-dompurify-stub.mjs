// Loaded by mermaid-parse.mjs in place of `dompurify`, which needs a browser DOM.
// Mermaid calls it on every label while it parses; the pictures must never carry markup,
// so instead of sanitizing, this stub refuses any label with a tag other than <br/>.
export async function resolve(specifier, context, next) {
  if (specifier !== 'dompurify') return next(specifier, context);
  const source = `
    const refuseMarkup = (text) => {
      const withoutBreaks = String(text).replace(/<br\\s*\\/?>/gi, '');
      if (/[<>]/.test(withoutBreaks)) throw new Error('markup in a label: ' + text);
      return text;
    };
    export default { addHook() {}, removeHook() {}, removeHooks() {}, isSupported: true, sanitize: refuseMarkup };`;
  return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
}
