//! Seeded repetitions over draws of the training set (Proposition 1's "probability 3/4"), and the
//! exact probability by enumerating the sample counts.

use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::dynamics::{annealed, gradient_flow, Lr};
use crate::model::{noise_draw, rng, Quadratic, Stats, MAX_D};
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
        }
    }
}

/// Gradient flow's test loss over the annealed one for one training set (`None` when either run
/// does not reach `eps` or the annealed one diverges, or the annealed test loss is 0).
pub fn ratio(q: &Quadratic, setup: &Setup) -> Option<f64> {
    let beta0 = [0.0; MAX_D];
    let gf = gradient_flow(q, &beta0, setup.eps);
    let (_, an) = annealed(q, &beta0, setup.lr.resolve(q), setup.k, setup.eps);
    let gf = q.test_loss_residual(gf.reached_residual()?);
    let an = q.test_loss_residual(an.reached_residual()?);
    (an > 0.0).then_some(gf / an)
}

/// Running tallies; feed it draws with [`MonteCarlo::run`] in chunks of any size.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    setup: Setup,
    rng: ChaCha8Rng,
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
            setup,
            rng: rng(seed),
            trials: 0,
            helped: 0,
            bins: [0; BINS],
            overflow: 0,
            undefined: 0,
        }
    }

    /// Runs `count` more draws. Allocation-free: one pass of closed forms per draw.
    pub fn run(&mut self, count: u64) {
        let d = self.setup.beta_star.len();
        for _ in 0..count {
            let mut stats = Stats::new(d);
            for _ in 0..self.setup.n {
                let j = self.rng.random_range(0..d);
                let y = self.setup.beta_star[j] + noise_draw(self.setup.noise, &mut self.rng);
                stats.push(j, y);
            }
            let q = Quadratic::from_stats(&stats, &self.setup.beta_star, self.setup.noise);
            self.record(ratio(&q, &self.setup));
        }
    }

    fn record(&mut self, r: Option<f64>) {
        self.trials += 1;
        match r {
            None => self.undefined += 1,
            Some(r) => {
                if r >= THRESHOLD {
                    self.helped += 1;
                }
                let bin = ((r + 0.5 * BIN_WIDTH) / BIN_WIDTH).floor();
                if bin < BINS as f64 {
                    self.bins[bin.max(0.0) as usize] += 1;
                } else {
                    self.overflow += 1;
                }
            }
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

    /// The summary as `lr-anneal mc` prints it (without `elapsed_ms` and `params`).
    pub fn summary_json(&self, seed: u64, exact: Option<&Exact>) -> serde_json::Value {
        let (lo, hi) = self.ci95();
        serde_json::json!({
            "trials": self.trials,
            "seed": seed,
            "fraction_ratio_ge_1_5": self.fraction(),
            "ci95": [lo, hi],
            "exact_probability": exact.map(|e| e.probability),
            "patterns": exact.map(|e| &e.patterns),
            "histogram": {
                "bin_centers": (0..BINS).map(|i| i as f64 / 10.0).collect::<Vec<_>>(),
                "bin_width": BIN_WIDTH,
                "counts": self.bins.to_vec(),
                "overflow": self.overflow,
                "undefined": self.undefined,
            },
        })
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    if setup.noise > 0.0 || total > MAX_PATTERNS {
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
    patterns.sort_by(|a, b| b.probability.total_cmp(&a.probability));
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
