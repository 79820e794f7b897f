/**
 * Finding the code repository of a submission: in a field a platform fills with a link (free text, a URL, or
 * `owner/name`), or by the organisation's naming convention (`neurips-2026/paper-{number}`).
 */
import { fillTemplate } from "../venues/config.js";
import { parseRepository, REPOSITORY_PATTERN } from "./schema.js";

export interface RepositoryMapping {
  repository_field?: string | undefined;
  repository_template?: string | undefined;
}

/**
 * The first repository link in a text, on one of the GitHub hosts, as `owner/name`; or the text itself when it
 * is exactly `owner/name`.
 *
 * @example
 * repositoryInText("Code: https://github.com/neurips-2026/paper-17/tree/main.", ["github.com"]) // "neurips-2026/paper-17"
 */
export function repositoryInText(text: string, githubHosts: readonly string[]): string | null {
  const trimmed = text.trim();
  if (REPOSITORY_PATTERN.test(trimmed) && !trimmed.startsWith("https://"))
    return trimmed.replace(/\.git$/, "");
  for (const match of trimmed.matchAll(/https?:\/\/([A-Za-z0-9.-]+(?::\d+)?)\/([^\s/?#]+)\/([^\s/?#]+)/g)) {
    const host = match[1]!.toLowerCase();
    if (!githubHosts.includes(host)) continue;
    const name = match[3]!.replace(/[.,;:)]+$/, "").replace(/\.git$/, "");
    const parsed = parseRepository(`https://${match[1]}/${match[2]}/${name}`);
    if (parsed) return `${parsed.owner}/${parsed.repo}`;
  }
  return null;
}

/**
 * The repository of a submission from its field, else from the template; null when neither gives one.
 *
 * @example
 * mappedRepository({ repository_template: "org/paper-{number}" }, null, { number: 17, id: "abc" }, ["github.com"]) // "org/paper-17"
 */
export function mappedRepository(
  mapping: RepositoryMapping,
  fieldValue: unknown,
  values: { number: string | number; id: string },
  githubHosts: readonly string[],
): string | null {
  if (typeof fieldValue === "string" && fieldValue.trim() !== "") {
    const found = repositoryInText(fieldValue, githubHosts);
    if (found) return found;
  }
  if (mapping.repository_template) {
    const filled = fillTemplate(mapping.repository_template, values);
    if (REPOSITORY_PATTERN.test(filled) && !filled.startsWith("https://")) return filled;
  }
  return null;
}
