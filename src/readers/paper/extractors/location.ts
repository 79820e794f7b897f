/**
 * Where the training ran: cloud provider, cloud region, named computing centre, and country. The country of
 * an author's affiliation is not where the GPUs were: a country counts only with a compute or grid cue
 * ("our cluster in France", "the German grid", "trained on Jean Zay").
 */
import {
  listCloudProviders,
  listComputingCentres,
  listCountries,
  lookupCloudProvider,
  lookupCloudRegion,
  lookupComputingCentre,
  lookupCountry,
} from "../../../catalog/index.js";
import { matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

interface LocationPatterns {
  provider: RegExp;
  centre: RegExp;
  region: RegExp;
  countryName: string;
}

let patterns: LocationPatterns | undefined;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
const alternation = (words: Iterable<string>): string =>
  [...new Set(words)]
    .filter((w) => w.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join("|");

function buildPatterns(): LocationPatterns {
  const providerNames = listCloudProviders().flatMap((p) => [p.name, ...p.aliases]);
  const centreNames = listComputingCentres().flatMap((c) => [c.name, ...c.aliases]);
  const countryNames = listCountries()
    .flatMap((c) => [...c.names, ...c.adjectives])
    .filter((n) => /^[A-Z]/.test(n));
  // Region codes as providers write them: us-east-1, europe-west4, us-central1, eastus, westeurope.
  const region =
    /\b(?:(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest|gov-east|gov-west)-\d|(?:us|europe|asia|australia|southamerica|northamerica|me|africa)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)\d{1,2}|(?:east|west|central|north|south|northcentral|southcentral|westcentral)(?:us|europe|asia)\d?|(?:uk|france|germany|switzerland|norway|sweden|japan|korea|australia|canada|brazil|uae|qatar|poland|italy)(?:south|north|east|west|central)\d?)\b/g;
  return {
    // "AWS-hosted T4 GPUs", "Azure-based VMs" name the provider; "AWS-Lambda-like" does not.
    provider: new RegExp(
      `(?<![\\w-])(?:${alternation(providerNames)})(?![\\w]|-(?!(?:hosted|based|provided|managed|powered)\\b))`,
      "g",
    ),
    centre: new RegExp(`(?<![\\w-])(?:${alternation(centreNames)})(?![\\w-])`, "g"),
    region,
    countryName: alternation(countryNames),
  };
}

const COMPUTE_CUE =
  /\b(train(?:ed|ing)?|pre-?train(?:ed|ing)?|fine-?tun(?:ed|ing)|ran|run(?:s|ning)?|experiments?|instances?|VMs?|virtual machines?|credits?|comput(?:e|ing|ation|ational)|GPUs?|TPUs?|cluster|hosted|provided by|supercomputer|HPC|nodes?|servers?|resources|allocation|grant)\b/i;
const NOT_COMPUTE =
  /\b(dataset|corpus|data (?:was|were|is|are) (?:downloaded|stored|hosted)|S3 bucket|storage|bucket|API|speech-to-text|translation service|annotat|crowd|Mechanical Turk|MTurk|Vision API|OCR service)\b/i;
const ENERGY_CUE =
  /\b(electricity|energy mix|power mix|carbon intensity|emission factor|electric(?:al)? power|power sector)\b/i;
/** Words of energy that make a "grid" the electricity grid rather than a street grid or a search grid. */
const ENERGY_WORD =
  /\b(?:electric\w*|power|energy|carbon|emissions?|kWh|hydro\w*|renewables?|fossil|coal)\b/i;
/** "the German grid", "Québec's grid": a place named before the grid (case-sensitive). */
const PLACE_GRID = /\b\p{Lu}[\p{L}'’-]*\s+grid\b/u;
/** The electricity grid or mix: a country with it is where the energy came from. */
function gridCue(text: string): boolean {
  return (
    ENERGY_CUE.test(text) || (/\bgrid\b/i.test(text) && (ENERGY_WORD.test(text) || PLACE_GRID.test(text)))
  );
}
/** Not "population-based": a compound with "-based" describes, it does not place. */
const SITE_CUE =
  /\b(located|(?<!-)based|hosted|housed|situated|data ?cent(?:er|re)s?|clusters?|supercomputers?|servers?|HPC|computing cent(?:er|re)s?|facility|machines?)\b/i;

function providerCandidates(sentence: SentenceView, p: LocationPatterns): Candidate[] {
  const out: Candidate[] = [];
  const { text } = sentence;
  const compute = COMPUTE_CUE.test(text);
  const notCompute = NOT_COMPUTE.test(text);
  for (const match of matchesOf(p.provider, text)) {
    const provider = lookupCloudProvider(match[0]);
    if (!provider) continue;
    let confidence = compute ? 0.75 : 0.45;
    if (notCompute) confidence -= 0.3;
    if (
      sentence.section === "acknowledgments" &&
      /\b(credits?|compute|computing|resources|grant)\b/i.test(text)
    )
      confidence += 0.1;
    out.push({
      field: "cloud_provider",
      value: provider.id,
      raw: match[0],
      start: match.index,
      end: match.index + match[0].length,
      confidence,
    });
  }
  return out;
}

function regionCandidates(
  sentence: SentenceView,
  p: LocationPatterns,
  providerHint: string | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  const { text } = sentence;
  for (const match of matchesOf(p.region, text)) {
    const region = lookupCloudRegion(match[0], providerHint) ?? lookupCloudRegion(match[0]);
    if (!region) continue;
    const span = { raw: match[0], start: match.index, end: match.index + match[0].length };
    out.push({ field: "region", value: region.code, ...span, confidence: 0.8 });
    out.push({
      field: "country",
      value: region.country,
      ...span,
      confidence: 0.75,
      note: `cloud region ${region.code}`,
    });
    if (!providerHint)
      out.push({
        field: "cloud_provider",
        value: region.provider,
        ...span,
        confidence: 0.7,
        note: `cloud region ${region.code}`,
      });
  }
  return out;
}

/**
 * What makes such a name a machine: a compute or acknowledgement word beside it ("time on", "we thank"), or
 * "on/at/using/with/in <name>" in a compute sentence.
 */
const CENTRE_CUE =
  /\b(?:supercomput\w*|clusters?|HPC|systems?|nodes?|allocations?|partitions?|facilit(?:y|ies)|machines?(?!\s+learn)|resources|GPUs?|TPUs?|computing|compute|time on|acknowledg\w*|thank\w*|access)\b/i;
const CENTRE_CUE_WINDOW = 50;
const BEFORE_MACHINE = /\b(?:on|at|using|with|in)\s+(?:the\s+)?$/i;
/** "Frontier models", "Theta band", "Summit day": the name begins a common noun phrase. */
const COMMON_NOUN_AFTER =
  /^\s+(?:[a-z]+\s+)?(?:models?|AI|LLMs?|labs?|research|band|bands|waves?|rhythms?|power|oscillations?|activity|day|meeting|talks?|features?|descriptors?|keypoints?|detectors?)\b/;
/** "Perlmutter et al.", "Polaris [5]", "we thank Leonardo for feedback": an author or a cited work, not a machine. */
const PERSON_OR_CITATION_AFTER =
  /^\s*(?:et\s+al\b|\[(?:\d|cite)|\((?:19|20)\d\d\)|\s+for\s+(?:\w+\s+)?(?:feedback|comments|discussions?|help|advice|proofreading|suggestions))/i;
/** "AI Safety Summit", "Leonardo Rossi": a proper name with a capitalised word beside (acronyms aside: "OLCF Summit"). */
const NAME_BESIDE_BEFORE =
  /\b(?!(?:On|The|Our|Using|With|At|In|For|Both|All|Each|Its|Their|This|That|These|Those|Argonne|Ridge|Livermore|Compute)\s)[A-Z][a-z]+\s+$/;
const NAME_BESIDE_AFTER = /^\s+(?!(?:Booster|Supercomputer|System|Cluster)\b)[A-Z][a-z]+\b/;
/** Another Greek letter near "Theta": a list of frequency bands or parameters. */
const GREEK_LETTERS = /\b(?:Alpha|Beta|Gamma|Delta|Epsilon|Kappa|Lambda|Sigma|Omega)\b/;

function namesAMachine(text: string, start: number, end: number): boolean {
  const name = text.slice(start, end);
  if (COMMON_NOUN_AFTER.test(text.slice(end, end + 30))) return false;
  if (NAME_BESIDE_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return false;
  if (NAME_BESIDE_AFTER.test(text.slice(end, end + 20))) return false;
  if (name === "Theta" && GREEK_LETTERS.test(text.slice(Math.max(0, start - 40), end + 40))) return false;
  const window = text.slice(Math.max(0, start - CENTRE_CUE_WINDOW), end + CENTRE_CUE_WINDOW);
  if (CENTRE_CUE.test(window)) return true;
  return BEFORE_MACHINE.test(text.slice(Math.max(0, start - 12), start)) && COMPUTE_CUE.test(text);
}

function centreCandidates(sentence: SentenceView, p: LocationPatterns): Candidate[] {
  const out: Candidate[] = [];
  const { text } = sentence;
  for (const match of matchesOf(p.centre, text)) {
    const centre = lookupComputingCentre(match[0]);
    if (!centre) continue;
    const end = match.index + match[0].length;
    if (PERSON_OR_CITATION_AFTER.test(text.slice(end, end + 40))) continue;
    // A name that is also a word, a name or a Greek letter (the catalog's `ambiguous_aliases`: "EEG bands (Delta,
    // Theta, Alpha)", "frontier models", "the AI Safety Summit") is the centre only where it names a machine.
    if (centre.ambiguous_aliases?.includes(match[0]) && !namesAMachine(text, match.index, end)) continue;
    // Short acronyms (JSC, BSC) need a compute word nearby; full names stand on their own.
    const confidence = match[0].length <= 4 && !COMPUTE_CUE.test(text) ? 0.45 : 0.8;
    const span = { raw: match[0], start: match.index, end: match.index + match[0].length };
    out.push({ field: "computing_centre", value: centre.id, ...span, confidence });
    out.push({
      field: "country",
      value: centre.country,
      ...span,
      confidence,
      note: `${centre.name}, ${centre.city}`,
    });
  }
  return out;
}

function countryCandidates(sentence: SentenceView, p: LocationPatterns): Candidate[] {
  const out: Candidate[] = [];
  const { text } = sentence;
  const grid = gridCue(text);
  const site = SITE_CUE.test(text) && COMPUTE_CUE.test(text);
  if (!grid && !site) return out;
  const mention = new RegExp(`(?<![\\w-])(?:the\\s+)?(${p.countryName})(?![\\w-])`, "g");
  for (const match of matchesOf(mention, text)) {
    const written = match[1] as string;
    const country = lookupCountry(written);
    if (!country) continue;
    const window = text.slice(
      Math.max(0, match.index - 60),
      Math.min(text.length, match.index + match[0].length + 40),
    );
    const nearGrid = gridCue(window);
    const nearSite =
      SITE_CUE.test(window) &&
      /\b(in|at|located|based|from)\s+(?:the\s+)?$/i.test(
        text.slice(Math.max(0, match.index - 15), match.index),
      );
    if (!nearGrid && !nearSite) continue;
    out.push({
      field: "country",
      value: country.iso2,
      raw: written,
      start: match.index + match[0].indexOf(written),
      end: match.index + match[0].length,
      confidence: nearGrid ? 0.7 : 0.65,
    });
  }
  return out;
}

export const locationExtractor: Extractor = {
  name: "location",
  fields: ["cloud_provider", "region", "country", "computing_centre"],
  extract(sentence) {
    patterns ??= buildPatterns();
    const providers = providerCandidates(sentence, patterns);
    const hint = providers[0] ? String(providers[0].value) : undefined;
    return [
      ...providers,
      ...regionCandidates(sentence, patterns, hint),
      ...centreCandidates(sentence, patterns),
      ...countryCandidates(sentence, patterns),
    ];
  },
};
