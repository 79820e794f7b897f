/**
 * The distinctive words of a name or a text: what a paper's title and abstract share with the file names of the
 * experiment it reports (`run_scaling_nlhe.py` for "Scaling ... in No-Limit Hold'em (NLHE)"). Words every project
 * uses (train, model, data, run, learning) and short words tell nothing apart, so they are left out.
 */

/** Words of code and of machine-learning prose that name no experiment in particular. */
const GENERIC = new Set(
  (
    "the and for with from into over under this that these those our their its are was were been being has have had " +
    "not but can may via using use used based towards toward between within without than then when where which while " +
    "new old all any each one two three four five six seven eight nine ten first second more most less least very " +
    "train training trainer trained main run runs runner running model models data dataset datasets test tests eval " +
    "evaluate evaluation utils util helper helpers config configs conf setting settings experiment experiments exp exps " +
    "script scripts src lib code final project paper report results result output outputs base simple demo example " +
    "examples notebook notebooks net network networks neural deep learning machine method methods approach approaches " +
    "task tasks analysis study studies large small efficient effective improved improving improve novel framework " +
    "system systems version default baseline baselines benchmark benchmarks performance loss optimizer " +
    "python pytorch torch tensorflow keras jax file files tool tools pipeline module modules core common shared " +
    "abstract introduction university institute department email arxiv preprint conference proceedings workshop " +
    "ipynb yaml json bash " +
    // a PDF's header and author lines
    "anonymous review reviewed blind submission submitted under https http www com org edu equal contribution " +
    "correspondence corresponding author authors affiliation iclr neurips nips icml cvpr iccv eccv acl emnlp naacl " +
    "aaai ijcai kdd " +
    // common English of abstracts
    "also however both such well see out come comes ever even only just much many some other others same different " +
    "well show shows shown propose proposed present presents introduce introduces achieve achieves obtain obtains " +
    "significant significantly state art existing previous prior recent recently work works problem problems " +
    "important increasingly highly additionally available typically often number numbers way ways make makes " +
    "able across further form forms part parts provide provides allow allows lead leads known high low " +
    "fine tuning tune tuned finetune finetuning pretrain pretraining pretrained feature features representation " +
    "representations embedding embeddings latent dimension dimensions variant variants improvement improvements " +
    "accuracy score scores github repository"
  ).split(/\s+/),
);

/**
 * The distinctive words of a text or a path, lower case: runs of letters and digits split at punctuation, at
 * underscores and at camel case (`RunScalingNLHE` → run, scaling, nlhe), at least three characters, not only
 * digits, not generic.
 *
 * @example
 *   distinctiveWords("experiments/run_scaling_nlhe.py"); // Set { "scaling", "nlhe" }
 *   distinctiveWords("LunarLander"); // Set { "lunar", "lander", "lunarlander" }
 */
export function distinctiveWords(text: string): Set<string> {
  // Each camel-case name also counts whole: a paper's "LunarLander" is a file's `lunarlander` as well as `lunar_lander`;
  // so does a name with its number, "CIFAR-10" as `cifar10`.
  const whole = [
    ...text.split(/[^A-Za-z0-9]+/).filter((w) => /[a-z][A-Z]/.test(w)),
    ...[...text.matchAll(/\b([A-Za-z]+)-(\d+)\b/g)].map((m) => `${m[1]}${m[2]}`),
  ];
  const words = text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .concat(whole.map((w) => w.toLowerCase()));
  return new Set(words.filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !GENERIC.has(w)));
}

/** About a title and an abstract: where a paper names its subject and coins its model's name. */
export const OPENING_CHARACTERS = 1500;

/**
 * The distinctive words of a paper's opening (its title and abstract), for the code reader to tell the experiment
 * the paper reports from a repository's others.
 */
export function openingWords(paperText: string): string[] {
  return [...distinctiveWords(paperText.slice(0, OPENING_CHARACTERS))];
}
