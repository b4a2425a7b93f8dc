// Values that are obviously not real credentials: placeholders, templates and documented examples
// (AWS's …EXAMPLE keys, counting runs such as 1234567890 that never occur in generated tokens).
// Kept deliberately narrow (weak but literal values such as "secret" are still findings); detectors
// that match prefix-less values add their own entropy floor on top.

/** The whole value is a mask or a stock placeholder word. */
const PLACEHOLDER =
  /^(?:[xX]+|\*+|\.+|-+|_+|#+|0+|changeme|change_me|change-me|placeholder|redacted|null|none|nil|undefined|true|false|todo|tbd|fixme)$/i;

/** Markers anywhere in the value: your-key/…_here wording, template syntax, masks, documented examples. */
const MARKERS =
  /your[_-]?(?:own[_-]?)?(?:api[_-]?|access[_-]?|secret[_-]?|auth[_-]?|app[_-]?)?(?:key|token|secret|password|pass|pwd)|[_-]here\b|[<][^<>]*[>]|&lt;|\{\{|\$\{|#\{|%\([a-z_]+\)s|xxxx|\*\*\*\*|•••|0123456789|1234567890|abcdefghijklmnop|example|placeholder|dummy|changeme|change_me|redacted|insert[_-]?(?:your|key|token|here)|replace[_-]?(?:me|with|this)/i;

/** The whole value is a variable reference ($NAME, %NAME%, $(cmd)) rather than a literal. */
const REFERENCE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\$\(.*\))$/;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || MARKERS.test(value) || REFERENCE.test(value);
}
