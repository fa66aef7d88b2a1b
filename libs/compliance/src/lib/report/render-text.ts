/** A figure with its citation: `72 hours (GDPR Art. 33(1): ...)`. */
export function describeFigure(figure: { rule: string; source: string }): string {
  return `${figure.rule} (${figure.source})`;
}

/** Text safe inside HTML element content and attribute values. */
export function escapeHtml(value: string | number | boolean | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
