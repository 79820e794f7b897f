/**
 * The names a paper coins in its opening (title and abstract): "DTS-Net", "DHGAT", "PonderNet". A value stated
 * beside the paper's own model's name is that model's ("DTS-Net is trained for 40 epochs"); a value beside another
 * coined name is often a baseline's ("FullST-GCN-COCO is trained for 24 epochs"). The selector gets both as features
 * and learns how much they weigh; the names themselves stay in memory, never in the corpus.
 */
import { OPENING_CHARACTERS } from "../../../domain/name-words.js";

/** A name as written: letters and digits, joined by hyphens or plus signs ("ST-GCN", "T5-base", "C3D"). */
const NAME_TOKEN = /(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*(?![\w-])/g;
/**
 * Acronyms every paper of the field uses: architectures, devices, metrics, venues, platforms. They name no model of
 * the paper in particular ("we train a CNN", "on one GPU").
 */
const COMMON = new Set(
  (
    "CNN CNNS RNN RNNS LSTM LSTMS GRU GRUS MLP MLPS GAN GANS VAE VAES GNN GNNS DNN DNNS NN NNS GPU GPUS CPU CPUS TPU " +
    "TPUS NLP RL ML AI DL LLM LLMS VLM VLMS SOTA FID IS IOU AUC ROC MSE RMSE MAE BLEU ROUGE SGD ADAM API URL PDF " +
    "HTML JSON CSV ODE ODES PDE PDES SVM SVMS KNN PCA IEEE ACM USA UK EU NIPS NEURIPS ICML ICLR CVPR ICCV ECCV ACL " +
    "EMNLP NAACL AAAI IJCAI KDD AISTATS UAI TMLR JMLR ARXIV RGB HD MRI CT ECG EEG QA NER POS MT ASR TTS OCR COVID IOT HAR " +
    // devices and platforms: "RTX 3090", "NVIDIA", "AWS"
    "RTX GTX NVIDIA AMD INTEL AWS GCP HPC DGX CUDA RAM VRAM GB TB"
  ).split(" "),
);

/** A coined name: a capital inside the word or a run of three capitals ("PonderNet", "DHGAT"), not a common acronym. */
function isCoined(token: string): boolean {
  if (!/[-+]/.test(token) && COMMON.has(token.toUpperCase())) return false;
  // Not hyphenated capitalised words ("Multi-Layer", "Uncertainty-Aware"): a name has a capital run or a camel hump.
  return /[a-z0-9][A-Z]/.test(token) || /[A-Z]{3}/.test(token) || /[A-Z]{2,}[-+0-9]/.test(token);
}

/** The coined names of a text, as written. */
export function coinedNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_TOKEN)) if (isCoined(m[0])) out.add(m[0]);
  return out;
}

/** A verb that coins a name, and the words after it where the name stands ("We introduce the Trajectory Signature (DTS)"). */
const COINING =
  /\b(?:propos|introduc|present|develop|design|call|nam|dubb?|term|coin|refer)\w*\b[^.;]{0,100}/gi;

/**
 * The names the paper coins for its own work in its opening: after a verb of coining ("we propose DTS-Net", "which
 * we call PonderNet") or on a PDF's title line. Baselines the abstract names in passing are not its own.
 *
 * @example
 *   ownNames("We introduce the Dynamic Trajectory Signature (DTS), ahead of ST-GCN."); // Set { "DTS" }
 */
export function ownNames(paperText: string): Set<string> {
  const opening = paperText.slice(0, OPENING_CHARACTERS);
  const out = new Set<string>();
  for (const m of opening.matchAll(COINING)) {
    const first = coinedNames(m[0]).values().next();
    if (!first.done) out.add(first.value);
  }
  // A PDF opens with its title line; LaTeX text opens with a heading ("# Abstract").
  const titleLine = /^\s*([^\n#][^\n]{0,200})/.exec(opening)?.[1];
  if (titleLine) for (const name of coinedNames(titleLine)) out.add(name);
  return out;
}

/** Whether a text names one of the names: the name itself or a variant of it ("DTS-Net", "DTS+HGB" for DTS). */
export function namesOneOf(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  for (const m of text.matchAll(NAME_TOKEN)) {
    if (names.has(m[0])) return true;
    const root = m[0].split(/[-+]/)[0] as string;
    if (root !== m[0] && names.has(root)) return true;
  }
  return false;
}
