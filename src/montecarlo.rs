//! Seeded repetitions over draws of the training set (Proposition 1's "probability 3/4"), and the
//! exact probability by enumerating the sample counts.

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::dynamics::{
    annealed_visit, gradient_flow, GdStop, LargeSteps, Lr, MiniBatches, Schedule,
};
use crate::model::{noise_draw, rng, Inputs, Quadratic, Samples, Stats, MAX_D};
use rand::RngExt;

/// A draw counts as "annealing helps" when gradient flow's test loss is at least this multiple of
/// the annealed one.
pub const THRESHOLD: f64 = 1.5;
/// Histogram bins are centred on 0.0, 0.1, ..., 3.0 (width 0.1); larger ratios go to `overflow`.
pub const BIN_WIDTH: f64 = 0.1;
/// Number of histogram bins.
pub const BINS: usize = 31;
/// The largest number of count patterns the exact probability enumerates.
pub const MAX_PATTERNS: u64 = 200_000;
/// How many count patterns are listed one by one.
pub const LISTED_PATTERNS: usize = 100;
const Z95: f64 = 1.959_963_984_540_054;

/// What one Monte Carlo experiment repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// Ground truth (its length is d).
    pub beta_star: Vec<f64>,
    /// Samples per draw.
    pub n: usize,
    /// Label noise std.
    pub noise: f64,
    /// Early-stopping train loss.
    pub eps: f64,
    /// The large learning rate.
    pub lr: Lr,
    /// Large-step iterations.
    pub k: usize,
    /// How the large steps stop at `eps`.
    pub gd_stop: GdStop,
    /// How the large steps' rate moves from `lr` towards `lr_end`.
    pub schedule: Schedule,
    /// Where it moves to.
    pub lr_end: f64,
    /// The large steps' mini-batch size (0: the full batch).
    pub batch: usize,
    /// Where the inputs come from.
    pub inputs: Inputs,
    /// The population variances of Gaussian inputs.
    pub cov: Vec<f64>,
}

impl Setup {
    /// The experiment a parameter set describes (its draws use `params.seed()`).
    pub fn from_params(p: &crate::params::Params) -> Setup {
        Setup {
            beta_star: p.beta().to_vec(),
            n: p.n(),
            noise: p.noise(),
            eps: p.eps(),
            lr: p.lr(),
            k: p.k(),
            gd_stop: p.gd_stop(),
            schedule: p.schedule(),
            lr_end: p.lr_end(),
            batch: p.batch(),
            inputs: p.inputs(),
            cov: p.cov(),
        }
    }

    /// Whether the large steps are stochastic (a mini-batch smaller than the training set).
    pub fn stochastic(&self) -> bool {
        self.batch > 0 && self.batch < self.n
    }

    /// Why the probability cannot be computed exactly by enumerating count patterns, when it
    /// cannot.
    pub fn no_exact_reason(&self) -> Option<&'static str> {
        if self.inputs == Inputs::Gaussian {
            Some("Gaussian inputs are a continuous draw: there is no finite list of training sets to enumerate")
        } else if self.stochastic() {
            Some("mini-batch steps draw their batches at random too: a draw depends on more than its sample counts")
        } else if self.noise > 0.0 {
            Some("with label noise a draw depends on more than its sample counts")
        } else if pattern_count(self.n, self.beta_star.len()) > MAX_PATTERNS {
            Some("there are too many sample-count patterns to enumerate")
        } else {
            None
        }
    }

    /// Every field as text (numbers in their shortest round-trip form), so that equal keys mean
    /// equal setups: what the page compares to know a result is stale. Written out rather than
    /// `{:?}` so that the wasm module carries no `Debug` formatting.
    pub fn key(&self) -> String {
        let mut s = String::from("beta_star=");
        for (i, b) in self.beta_star.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&b.to_string());
        }
        let lr = match self.lr {
            Lr::Auto => "auto".to_string(),
            Lr::Fixed(v) => v.to_string(),
        };
        let mut cov = String::new();
        for (i, c) in self.cov.iter().enumerate() {
            if i > 0 {
                cov.push(',');
            }
            cov.push_str(&c.to_string());
        }
        format!(
            "{s}|n={}|noise={}|eps={}|lr={lr}|k={}|gd_stop={}|schedule={}|lr_end={}|batch={}|inputs={}|cov={cov}",
            self.n,
            self.noise,
            self.eps,
            self.k,
            self.gd_stop.name(),
            self.schedule.name(),
            self.lr_end,
            self.batch,
            self.inputs.name(),
        )
    }
}

/// Gradient flow's test loss over the annealed one for one training set (`None` when either run
/// does not reach `eps` or the annealed one diverges, or the annealed test loss is 0).
pub fn ratio(q: &Quadratic, setup: &Setup) -> Option<f64> {
    ratio_batched(q, setup, None)
}

/// [`ratio`], the large steps on the mini-batches of `batches` when given.
pub fn ratio_batched(
    q: &Quadratic,
    setup: &Setup,
    batches: Option<&mut MiniBatches>,
) -> Option<f64> {
    let beta0 = [0.0; MAX_D];
    let gf = gradient_flow(q, &beta0, setup.eps);
    let steps = LargeSteps {
        lr: setup.lr.resolve(q),
        k: setup.k,
        schedule: setup.schedule,
        lr_end: setup.lr_end,
    };
    let (_, an) = annealed_visit(
        q,
        &beta0,
        &steps,
        batches,
        setup.eps,
        setup.gd_stop,
        |_, _| {},
    );
    let gf = q.test_loss_residual(gf.reached_residual()?);
    let an = q.test_loss_residual(an.reached_residual()?);
    (an > 0.0).then_some(gf / an)
}

/// The ratio histogram of a Monte Carlo run, as [`Summary::histogram`] holds it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Histogram {
    /// Bin centres: 0.0, 0.1, ..., 3.0 ([`BINS`] of them).
    pub bin_centers: Vec<f64>,
    /// Bin width ([`BIN_WIDTH`]).
    pub bin_width: f64,
    /// Draws per bin.
    pub counts: Vec<u64>,
    /// Draws whose ratio is beyond the last bin.
    pub overflow: u64,
    /// Draws where the ratio is undefined (not reached or diverged).
    pub undefined: u64,
}

/// What a Monte Carlo run found, as `lr-anneal mc` prints it (which adds `params` and
/// `elapsed_ms`) and the page's worker sends it (with `exact_probability` and `patterns` null).
///
/// The fields are in alphabetical order, the order the JSON has always had. Reading one back
/// ([`parse_summary`]) needs `trials` and `histogram` only: the page's
/// placeholder for "no draws yet" sends just those, and the other fields then default to a run
/// of no draws.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Summary {
    /// Wilson's 95% score interval for `fraction_ratio_ge_1_5` ([`wilson`]).
    #[serde(default = "no_draws_ci95")]
    pub ci95: [f64; 2],
    /// `P(ratio >= 1.5)` by enumerating the count patterns ([`exact`]), when it was computed.
    #[serde(default)]
    pub exact_probability: Option<f64>,
    /// Why there is no exact probability for this setup (Gaussian inputs, mini-batches, label
    /// noise, too many patterns), when there cannot be one.
    #[serde(default)]
    pub exact_note: Option<String>,
    /// The share of draws where annealing helped: gradient flow's test loss at least
    /// [`THRESHOLD`] times the annealed run's.
    #[serde(default)]
    pub fraction_ratio_ge_1_5: f64,
    /// The ratio histogram.
    pub histogram: Histogram,
    /// The most likely count patterns behind `exact_probability`, when it was computed.
    #[serde(default)]
    pub patterns: Option<Vec<Pattern>>,
    /// The seed of the draws.
    #[serde(default)]
    pub seed: u64,
    /// Draws done.
    pub trials: u64,
}

impl Summary {
    /// No draws yet: an empty histogram (what the page draws before a run).
    pub fn empty() -> Summary {
        Summary {
            ci95: no_draws_ci95(),
            exact_probability: None,
            exact_note: None,
            fraction_ratio_ge_1_5: 0.0,
            histogram: Histogram {
                bin_centers: Vec::new(),
                bin_width: BIN_WIDTH,
                counts: Vec::new(),
                overflow: 0,
                undefined: 0,
            },
            patterns: None,
            seed: 0,
            trials: 0,
        }
    }
}

fn no_draws_ci95() -> [f64; 2] {
    let (lo, hi) = wilson(0, 0);
    [lo, hi]
}

/// The largest table of count patterns a run caches outcomes in (one byte each; see
/// [`MonteCarlo::run`]).
pub const MAX_CACHED_PATTERNS: usize = 1 << 20;

/// A draw's outcome in one byte: `0` not known yet, otherwise `1 +` the histogram slot (a bin,
/// then [`SLOT_OVERFLOW`], then [`SLOT_UNDEFINED`]), plus [`HELPED`] when the ratio is at least
/// [`THRESHOLD`].
type Outcome = u8;
const UNKNOWN: Outcome = 0;
const SLOT_OVERFLOW: u8 = BINS as u8;
const SLOT_UNDEFINED: u8 = BINS as u8 + 1;
const HELPED: Outcome = 0x80;
const _: () = assert!(SLOT_UNDEFINED + 1 < HELPED);

/// The outcome of a draw with ratio `r` (see [`Outcome`]).
fn outcome(r: Option<f64>) -> Outcome {
    match r {
        None => 1 + SLOT_UNDEFINED,
        Some(r) => {
            let helped = if r >= THRESHOLD { HELPED } else { 0 };
            let bin = ((r + 0.5 * BIN_WIDTH) / BIN_WIDTH).floor();
            let slot = if bin < BINS as f64 {
                bin.max(0.0) as u8
            } else {
                SLOT_OVERFLOW
            };
            helped | (1 + slot)
        }
    }
}

/// Outcomes by count pattern, for runs without label noise: the pattern `(c_0, ..., c_{d-1})` has
/// the mixed-radix index `sum_{j < d-1} c_j (n + 1)^j` (the last count is `n` minus the others),
/// so a draw's index is the sum of `weight[j]` over its samples' coordinates `j`.
#[derive(Clone)]
struct PatternCache {
    weight: [usize; MAX_D],
    outcome: Vec<Outcome>,
}

impl std::fmt::Debug for PatternCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = self.outcome.iter().filter(|&&o| o != UNKNOWN).count();
        write!(f, "PatternCache({known} of {} known)", self.outcome.len())
    }
}

impl PatternCache {
    /// The table for `setup`, or `None` with label noise (a draw then depends on more than its
    /// counts) or more than [`MAX_CACHED_PATTERNS`] indices.
    fn new(setup: &Setup) -> Option<PatternCache> {
        let d = setup.beta_star.len();
        if setup.noise > 0.0
            || setup.inputs != Inputs::Basis
            || setup.stochastic()
            || d == 0
            || d > MAX_D
        {
            return None;
        }
        let mut weight = [0; MAX_D];
        let mut size: usize = 1;
        for w in weight.iter_mut().take(d - 1) {
            *w = size;
            size = size
                .checked_mul(setup.n.checked_add(1)?)
                .filter(|&s| s <= MAX_CACHED_PATTERNS)?;
        }
        Some(PatternCache {
            weight,
            outcome: vec![UNKNOWN; size],
        })
    }

    /// The outcome of the pattern with index `index`, solved the first time it is asked for.
    #[inline]
    fn get(&mut self, index: usize, setup: &Setup) -> Outcome {
        match self.outcome[index] {
            UNKNOWN => {
                let o = outcome(ratio(&self.quadratic(index, setup), setup));
                self.outcome[index] = o;
                o
            }
            o => o,
        }
    }

    /// The training set of pattern `index`, with the same statistics as any sequence of noise-free
    /// draws with these counts (each coordinate's running mean sees the same labels whatever the
    /// order of the samples).
    #[cold]
    fn quadratic(&self, mut index: usize, setup: &Setup) -> Quadratic {
        let d = setup.beta_star.len();
        let mut stats = Stats::new(d);
        let mut left = setup.n;
        for j in 0..d {
            let c = if j + 1 < d {
                let c = index % (setup.n + 1);
                index /= setup.n + 1;
                c
            } else {
                left
            };
            left -= c;
            // The label `run_uncached` draws, `beta*_j + noise_draw(..)`: the draw is 0.0 here.
            let y = setup.beta_star[j] + 0.0;
            for _ in 0..c {
                stats.push(j, y);
            }
        }
        Quadratic::from_stats(&stats, &setup.beta_star, setup.noise)
    }
}

/// Running tallies; feed it draws with [`MonteCarlo::run`] in chunks of any size.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    setup: Setup,
    seed: u64,
    rng: ChaCha8Rng,
    /// The mini-batches' generator, once draws with `batch` have started.
    batch_rng: Option<ChaCha8Rng>,
    cache: Option<PatternCache>,
    /// Draws so far.
    pub trials: u64,
    /// Draws with ratio >= [`THRESHOLD`].
    pub helped: u64,
    /// Ratio histogram.
    pub bins: [u64; BINS],
    /// Ratios beyond the last bin.
    pub overflow: u64,
    /// Draws where the ratio is undefined (not reached or diverged).
    pub undefined: u64,
}

impl MonteCarlo {
    /// A fresh experiment; `seed` fixes every draw.
    pub fn new(setup: Setup, seed: u64) -> MonteCarlo {
        MonteCarlo {
            cache: PatternCache::new(&setup),
            setup,
            seed,
            rng: rng(seed),
            batch_rng: None,
            trials: 0,
            helped: 0,
            bins: [0; BINS],
            overflow: 0,
            undefined: 0,
        }
    }

    /// The seed the draws come from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Runs `count` more draws. Each draw picks `n` coordinates uniformly (and, with label noise,
    /// a Gaussian label after each), then solves both runs in closed form. Without label noise a
    /// draw's outcome depends only on how many samples fall on each coordinate, so it is solved
    /// once per count pattern and looked up afterwards (up to [`MAX_CACHED_PATTERNS`] patterns):
    /// the same random numbers are drawn and the tallies are bit for bit those of
    /// [`MonteCarlo::run_uncached`]. Allocation-free.
    pub fn run(&mut self, count: u64) {
        let Some(mut cache) = self.cache.take() else {
            return self.run_uncached(count);
        };
        let d = self.setup.beta_star.len();
        // Draws per outcome, folded into the tallies at the end (no branches per draw).
        let mut by_outcome = [0u64; 256];
        for _ in 0..count {
            let mut index = 0;
            for _ in 0..self.setup.n {
                index += cache.weight[self.rng.random_range(0..d)];
            }
            by_outcome[cache.get(index, &self.setup) as usize] += 1;
        }
        for (o, &k) in by_outcome.iter().enumerate().filter(|(_, &k)| k > 0) {
            self.tally(o as Outcome, k);
        }
        self.cache = Some(cache);
    }

    /// Runs `count` more draws solving every one: the reference [`MonteCarlo::run`] must match,
    /// and what it does with label noise.
    pub fn run_uncached(&mut self, count: u64) {
        if self.setup.inputs == Inputs::Gaussian || self.setup.stochastic() {
            return self.run_sampled(count);
        }
        let d = self.setup.beta_star.len();
        for _ in 0..count {
            let mut stats = Stats::new(d);
            for _ in 0..self.setup.n {
                let j = self.rng.random_range(0..d);
                let y = self.setup.beta_star[j] + noise_draw(self.setup.noise, &mut self.rng);
                stats.push(j, y);
            }
            let q = Quadratic::from_stats(&stats, &self.setup.beta_star, self.setup.noise);
            self.tally(outcome(ratio(&q, &self.setup)), 1);
        }
    }

    /// Runs `count` more draws of Gaussian inputs or with mini-batch steps: each draw builds its
    /// training set (inputs, then labels, from the draws' generator, as `lr-anneal run` does from
    /// its seed) and, with `batch`, draws its mini-batches from a second stream of the seed that
    /// runs on from draw to draw.
    fn run_sampled(&mut self, count: u64) {
        let s = self.setup.clone();
        let mut batch_rng = self.batch_rng.take().unwrap_or_else(|| {
            let mut g = rng(self.seed);
            g.set_stream(1);
            g
        });
        for _ in 0..count {
            let samples = match s.inputs {
                Inputs::Gaussian => {
                    Samples::draw_gaussian(s.n, &s.beta_star, &s.cov, s.noise, &mut self.rng)
                }
                Inputs::Basis => Samples::draw(s.n, &s.beta_star, s.noise, &mut self.rng),
            };
            let q = match s.inputs {
                Inputs::Gaussian => Quadratic::gaussian(&samples, &s.beta_star, &s.cov, s.noise),
                Inputs::Basis => Quadratic::new(&samples, &s.beta_star, s.noise),
            };
            let r = if s.batch > 0 {
                let mut b = MiniBatches::from_rng(&q, &samples, s.batch, batch_rng);
                let r = ratio_batched(&q, &s, Some(&mut b));
                batch_rng = b.into_rng();
                r
            } else {
                ratio(&q, &s)
            };
            let o = outcome(r);
            self.tally(o, 1);
        }
        self.batch_rng = Some(batch_rng);
    }

    /// Adds `k` draws with outcome `o`.
    #[inline]
    fn tally(&mut self, o: Outcome, k: u64) {
        self.trials += k;
        if o & HELPED != 0 {
            self.helped += k;
        }
        match (o & !HELPED) - 1 {
            SLOT_UNDEFINED => self.undefined += k,
            SLOT_OVERFLOW => self.overflow += k,
            bin => self.bins[bin as usize] += k,
        }
    }

    /// The fraction of draws where annealing helped (ratio >= 1.5).
    pub fn fraction(&self) -> f64 {
        self.helped as f64 / self.trials.max(1) as f64
    }

    /// Wilson's 95% score interval for that fraction.
    pub fn ci95(&self) -> (f64, f64) {
        wilson(self.helped, self.trials)
    }

    /// The summary of the draws so far, with the exact probability when given.
    pub fn summary(&self, exact: Option<&Exact>) -> Summary {
        let (lo, hi) = self.ci95();
        Summary {
            ci95: [lo, hi],
            exact_probability: exact.map(|e| e.probability),
            exact_note: self.setup.no_exact_reason().map(str::to_string),
            fraction_ratio_ge_1_5: self.fraction(),
            histogram: Histogram {
                bin_centers: (0..BINS).map(|i| i as f64 / 10.0).collect(),
                bin_width: BIN_WIDTH,
                counts: self.bins.to_vec(),
                overflow: self.overflow,
                undefined: self.undefined,
            },
            patterns: exact.map(|e| e.patterns.clone()),
            seed: self.seed,
            trials: self.trials,
        }
    }
}

/// Wilson's score interval at 95% for `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    let low = if k == 0 {
        0.0
    } else {
        (center - half).max(0.0)
    };
    let high = if k as f64 == n {
        1.0
    } else {
        (center + half).min(1.0)
    };
    (low, high)
}

/// One pattern of sample counts and what it leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Pattern {
    /// Samples per coordinate.
    pub counts: Vec<usize>,
    /// Its multinomial probability `n! / prod(c_j!) / d^n`.
    pub probability: f64,
    /// Gradient flow over annealed test loss (`None` when undefined).
    pub ratio: Option<f64>,
}

/// The exact probability that annealing helps, and the patterns behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Exact {
    /// `P(ratio >= 1.5)`, summed over all count patterns.
    pub probability: f64,
    /// The count patterns, most likely first (at most [`LISTED_PATTERNS`]).
    pub patterns: Vec<Pattern>,
    /// How many patterns there are in all.
    pub pattern_count: u64,
}

/// Number of ways to split `n` samples over `d` coordinates, `C(n + d - 1, d - 1)`, saturating.
pub fn pattern_count(n: usize, d: usize) -> u64 {
    let mut c: u64 = 1;
    for i in 1..d as u64 {
        c = c.saturating_mul(n as u64 + i) / i;
    }
    c
}

/// Without label noise a draw's outcome depends only on its counts, so the probability that
/// annealing helps is a finite sum over the multinomial distribution of the counts. `None` with
/// noise, or when there are more than [`MAX_PATTERNS`] patterns.
pub fn exact(setup: &Setup) -> Option<Exact> {
    let d = setup.beta_star.len();
    let total = pattern_count(setup.n, d);
    if setup.no_exact_reason().is_some() {
        return None;
    }
    let ln_fact = |k: usize| (1..=k).map(|i| (i as f64).ln()).sum::<f64>();
    let ln_norm = ln_fact(setup.n) - setup.n as f64 * (d as f64).ln();
    let mut counts = vec![0usize; d];
    let mut probability = 0.0;
    let mut patterns = Vec::new();
    compositions(setup.n, &mut counts, 0, &mut |c| {
        let p = (ln_norm - c.iter().map(|&k| ln_fact(k)).sum::<f64>()).exp();
        let q = Quadratic::from_stats(
            &Stats::from_counts(c, &setup.beta_star),
            &setup.beta_star,
            0.0,
        );
        let r = ratio(&q, setup);
        if r.is_some_and(|r| r >= THRESHOLD) {
            probability += p;
        }
        patterns.push(Pattern {
            counts: c.to_vec(),
            probability: p,
            ratio: r,
        });
    });
    crate::order::sort_by(&mut patterns, |a, b| {
        b.probability.total_cmp(&a.probability)
    });
    patterns.truncate(LISTED_PATTERNS);
    Some(Exact {
        probability,
        patterns,
        pattern_count: total,
    })
}

/// Calls `f` with every vector of `counts.len()` non-negative integers summing to `left`
/// (positions before `at` already filled).
fn compositions(left: usize, counts: &mut [usize], at: usize, f: &mut impl FnMut(&[usize])) {
    if at + 1 == counts.len() {
        counts[at] = left;
        f(counts);
        return;
    }
    for c in (0..=left).rev() {
        counts[at] = c;
        compositions(left - c, counts, at + 1, f);
    }
}

/// Reads a summary's JSON (as `MonteCarloRun::summary` or `lr-anneal mc` prints it; only
/// `trials` and `histogram` are required, see [`Summary`]).
pub fn parse_summary(json: &str) -> Result<Summary, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_summary_reads_back_from_its_json() {
        let mut mc = MonteCarlo::new(Setup::from_params(&crate::params::Params::default()), 7);
        mc.run(500);
        let summary =
            mc.summary(exact(&Setup::from_params(&crate::params::Params::default())).as_ref());
        let json = serde_json::to_string(&summary).unwrap();
        assert_eq!(parse_summary(&json).unwrap(), summary);
        // The page's placeholder before any draw: trials and an empty histogram only.
        let placeholder = parse_summary(
            r#"{"trials":0,"histogram":{"bin_centers":[],"bin_width":0.1,"counts":[],"overflow":0,"undefined":0}}"#,
        )
        .unwrap();
        assert_eq!(placeholder.trials, 0);
        assert!(placeholder.histogram.counts.is_empty());
    }

    #[test]
    fn a_bad_summary_is_an_error() {
        assert!(parse_summary("{}").is_err());
        assert!(parse_summary("not json").is_err());
    }

    use super::*;
    use rand::Rng;

    fn setup(beta_star: &[f64], n: usize, lr: Lr, k: usize, eps: f64) -> Setup {
        Setup {
            beta_star: beta_star.to_vec(),
            n,
            noise: 0.0,
            eps,
            lr,
            k,
            gd_stop: GdStop::Check,
            schedule: Schedule::Constant,
            lr_end: 0.01,
            batch: 0,
            inputs: Inputs::Basis,
            cov: vec![1.0 / beta_star.len() as f64; beta_star.len()],
        }
    }

    /// The paper's setting and its neighbours: d = 2 and 3, n = 3 and 20, fixed and automatic
    /// learning rates, undefined ratios (divergence), zero and negative coordinates, and d = 8.
    fn setups() -> Vec<Setup> {
        let paper = |beta: &[f64], n| setup(beta, n, Lr::Fixed(1.5), 4, 0.01);
        vec![
            paper(&[1.0, 1.0], 3),
            paper(&[1.0, 1.0], 20),
            paper(&[1.0, 1.0, 1.0], 3),
            paper(&[1.0, 1.0, 1.0], 20),
            paper(&[1.0, -2.0, 0.5], 20),
            paper(&[0.0, -0.0], 3),
            setup(&[1.0, 1.0], 4, Lr::Auto, 4, 0.01),
            setup(&[1.0, 1.0, 1.0], 6, Lr::Auto, 10, 0.01),
            setup(&[1.0, 3.0], 3, Lr::Fixed(1000.0), 1000, 0.01),
            setup(
                &[1.0, 2.0, 3.0, 1.0, 1.0, 1.0, 2.0, 1.0],
                4,
                Lr::Auto,
                4,
                0.05,
            ),
        ]
    }

    /// Tallies and the generator's state afterwards.
    fn state(mc: &MonteCarlo) -> (u64, u64, [u64; BINS], u64, u64, u64) {
        let next = mc.rng.clone().next_u64();
        (
            mc.trials,
            mc.helped,
            mc.bins,
            mc.overflow,
            mc.undefined,
            next,
        )
    }

    #[test]
    fn cached_runs_equal_the_uncached_reference_bit_for_bit() {
        for s in setups() {
            assert!(PatternCache::new(&s).is_some(), "{s:?} is cached");
            for seed in [0, 1, 7, 12345, 9_007_199_254_740_991] {
                let mut cached = MonteCarlo::new(s.clone(), seed);
                let mut reference = MonteCarlo::new(s.clone(), seed);
                // In uneven chunks, as the page's worker runs them.
                for chunk in [1, 999, 3000] {
                    cached.run(chunk);
                    reference.run_uncached(chunk);
                    assert_eq!(state(&cached), state(&reference), "{s:?} seed {seed}");
                }
                let (a, b) = (cached.summary(None), reference.summary(None));
                assert_eq!(
                    serde_json::to_string(&a).unwrap(),
                    serde_json::to_string(&b).unwrap()
                );
                assert_eq!(
                    a.fraction_ratio_ge_1_5.to_bits(),
                    b.fraction_ratio_ge_1_5.to_bits()
                );
            }
        }
    }

    /// A pattern's cached training set is the one any noise-free draw with those counts builds,
    /// to the last bit of every field (Debug prints each float's shortest exact form).
    #[test]
    fn a_pattern_builds_the_same_training_set_as_its_draws() {
        for s in setups() {
            let cache = PatternCache::new(&s).unwrap();
            let d = s.beta_star.len();
            let mut r = rng(3);
            for _ in 0..200 {
                let mut stats = Stats::new(d);
                let mut index = 0;
                for _ in 0..s.n {
                    let j = r.random_range(0..d);
                    stats.push(j, s.beta_star[j] + noise_draw(0.0, &mut r));
                    index += cache.weight[j];
                }
                let drawn = Quadratic::from_stats(&stats, &s.beta_star, 0.0);
                assert_eq!(
                    format!("{drawn:?}"),
                    format!("{:?}", cache.quadratic(index, &s))
                );
                let (a, b) = (ratio(&drawn, &s), ratio(&cache.quadratic(index, &s), &s));
                assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
            }
        }
    }

    #[test]
    fn label_noise_and_large_pattern_spaces_are_not_cached() {
        let mut noisy = setup(&[1.0, 1.0], 3, Lr::Fixed(1.5), 4, 0.01);
        noisy.noise = 0.1;
        assert!(PatternCache::new(&noisy).is_none());
        let mut a = MonteCarlo::new(noisy.clone(), 5);
        let mut b = MonteCarlo::new(noisy, 5);
        a.run(2000);
        b.run_uncached(2000);
        assert_eq!(state(&a), state(&b));
        // 51^7 indices for d = 8, n = 50: more than MAX_CACHED_PATTERNS.
        let wide = setup(&[1.0; 8], 50, Lr::Auto, 4, 0.01);
        assert!(PatternCache::new(&wide).is_none());
        // d = 3, n = 1000: 1001^2 indices fit.
        let big = setup(&[1.0; 3], 1000, Lr::Auto, 4, 0.01);
        assert_eq!(PatternCache::new(&big).unwrap().outcome.len(), 1001 * 1001);
    }

    #[test]
    fn outcomes_encode_the_histogram_slot_and_the_verdict() {
        let mut mc = MonteCarlo::new(setup(&[1.0, 1.0], 3, Lr::Auto, 4, 0.01), 0);
        for r in [
            None,
            Some(-1.0),
            Some(0.0),
            Some(1.449),
            Some(1.5),
            Some(2.96),
            Some(3.2),
        ] {
            mc.tally(outcome(r), 1);
        }
        mc.tally(outcome(Some(f64::NAN)), 1);
        assert_eq!(mc.trials, 8);
        assert_eq!(mc.undefined, 1);
        assert_eq!(mc.helped, 3, "1.5, 2.96 and 3.2");
        assert_eq!(mc.bins[0], 2);
        assert_eq!(mc.bins[14], 1);
        assert_eq!(mc.bins[15], 1);
        assert_eq!(mc.bins[30], 1);
        assert_eq!(mc.overflow, 2, "3.2 and NaN");
    }

    #[test]
    fn the_key_tells_every_field_apart() {
        let base = setup(&[1.0, 0.5], 2, Lr::Fixed(1.5), 4, 0.01);
        assert_eq!(
            base.key(),
            "beta_star=1,0.5|n=2|noise=0|eps=0.01|lr=1.5|k=4|gd_stop=check|schedule=constant\
             |lr_end=0.01|batch=0|inputs=basis|cov=0.5,0.5"
        );
        let mut changed = vec![
            setup(&[1.0, 0.5, 0.0], 2, Lr::Fixed(1.5), 4, 0.01),
            setup(&[1.0, 0.25], 2, Lr::Fixed(1.5), 4, 0.01),
            setup(&[1.0, 0.5], 3, Lr::Fixed(1.5), 4, 0.01),
            setup(&[1.0, 0.5], 2, Lr::Auto, 4, 0.01),
            setup(&[1.0, 0.5], 2, Lr::Fixed(1.5), 5, 0.01),
            setup(&[1.0, 0.5], 2, Lr::Fixed(1.5), 4, 0.001),
        ];
        let mut noisy = base.clone();
        noisy.noise = 0.1;
        changed.push(noisy);
        let mut cut = base.clone();
        cut.gd_stop = GdStop::Cut;
        changed.push(cut);
        let mut cosine = base.clone();
        cosine.schedule = Schedule::Cosine;
        changed.push(cosine.clone());
        cosine.lr_end = 0.1;
        changed.push(cosine);
        let mut batch = base.clone();
        batch.batch = 1;
        changed.push(batch);
        let mut gaussian = base.clone();
        gaussian.inputs = Inputs::Gaussian;
        changed.push(gaussian.clone());
        gaussian.cov = vec![0.8, 0.2];
        changed.push(gaussian);
        for s in &changed {
            assert_ne!(s.key(), base.key(), "{s:?}");
        }
        assert_eq!(base.clone().key(), base.key());
    }
}
