/**
 * The keys a submission may be signed with: the server-wide secrets (any venue) and each venue's own
 * (`secret_env`, `ojs.secret_env`: that venue only). The signature is verified against all of them before the
 * body is parsed; which key matched says who signed, and the policy then checks the venue the body names
 * against it (a venue's key speaks for that venue only; a venue with its own key accepts no other).
 */
import { InputError } from "../../../domain/errors.js";
import type { VenuesConfig } from "../venues/config.js";
import { decodeWebhookSecret } from "./standard-webhooks.js";

export interface SigningKey {
  key: Buffer;
  /** The venue whose own secret this is; null for a server-wide secret. */
  venue: string | null;
}

export interface SigningKeys {
  /** Standard Webhooks (`webhook-signature`). */
  standard: SigningKey[];
  /** The OJS webhook plugin (`X-OJSBR-Webhook-Signature`). */
  ojs: SigningKey[];
}

/** A venue's secrets, read as the server-wide ones are (`whsec_<base64>` or plain text, comma-separated). */
function venueKeys(venueId: string, variable: string, env: Record<string, string | undefined>): SigningKey[] {
  const secrets = (env[variable] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  // Fail at start: a venue that names a secret nobody set would silently accept nothing.
  if (secrets.length === 0)
    throw new InputError(
      "invalid_setting",
      `Venue ${venueId}: its secret variable ${variable} is not set in the environment`,
    );
  return secrets.map((secret, index) => {
    const key = decodeWebhookSecret(secret);
    if (!key)
      throw new InputError(
        "invalid_setting",
        `Venue ${venueId}: ${variable}: secret ${index + 1} is not valid base64`,
      );
    return { key, venue: venueId };
  });
}

/**
 * @example
 * signingKeysFrom({ webhookSecrets: [global], ojsSecrets: [] }, venues, process.env)
 * // { standard: [{ key: global, venue: null }, { key: <NeurIPS key>, venue: "NeurIPS.cc/2026/Conference" }], ojs: [] }
 */
export function signingKeysFrom(
  settings: { webhookSecrets: readonly Buffer[]; ojsSecrets: readonly Buffer[] },
  venues: VenuesConfig,
  env: Record<string, string | undefined>,
): SigningKeys {
  const standard: SigningKey[] = settings.webhookSecrets.map((key) => ({ key, venue: null }));
  const ojs: SigningKey[] = settings.ojsSecrets.map((key) => ({ key, venue: null }));
  for (const venue of venues.venues) {
    if (venue.secret_env) standard.push(...venueKeys(venue.id, venue.secret_env, env));
    if (venue.ojs?.secret_env) ojs.push(...venueKeys(venue.id, venue.ojs.secret_env, env));
  }
  return { standard, ojs };
}
