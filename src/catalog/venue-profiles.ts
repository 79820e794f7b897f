/**
 * Venue profiles (data/venue-profiles.json): which checklist items a venue asks for, in its words, and which
 * are required. Loaded and validated once.
 */
import { z } from "zod";
import { once, readDataJson } from "./data-files.js";
import { InputError } from "../domain/errors.js";

const profileItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  refs: z.array(z.string()),
  required: z.boolean(),
});

const profileSchema = z.object({
  name: z.string(),
  source: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  items: z.array(profileItemSchema).min(1),
});

const profilesFileSchema = z.object({ profiles: z.record(z.string(), profileSchema) });

export type VenueProfile = z.infer<typeof profileSchema> & { id: string };
export type ProfileItem = z.infer<typeof profileItemSchema>;

const loadProfiles = once(() => readDataJson("venue-profiles.json", profilesFileSchema).profiles);

export function profileIds(): string[] {
  return Object.keys(loadProfiles());
}

/** A venue profile by id; an unknown id is a usage error listing the known ones. */
export function getProfile(id: string): VenueProfile {
  const profile = loadProfiles()[id];
  if (!profile)
    throw new InputError(
      "unknown_profile",
      `unknown profile "${id}" (use one of: ${profileIds().join(", ")})`,
    );
  return { ...profile, id };
}
