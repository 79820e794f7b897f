/**
 * HTML escaping for everything the report takes from papers and manifests (titles, ids, quotes, venues,
 * errors): that text is untrusted, and the report is opened by program chairs in their browser.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text safe in element content and in quoted attribute values.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>') // "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
