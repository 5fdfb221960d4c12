//! What the probability panel writes: the exact probability over count patterns ([`ExactView`])
//! and, for a Monte Carlo run in progress or done, its status line, headline, interval, counts
//! and the rows of its histogram's table ([`monte_carlo_text`]).

use serde::{Deserialize, Serialize};

use crate::fmt::{duration, fmt_num, fmt_ratio, int, pct, rate};
use crate::montecarlo::{Exact, Summary, THRESHOLD};

/// A run of at most this many draws starts by itself when the settings change.
pub const AUTO_RUN_MAX: u64 = 20_000;
/// A run expected to take longer than this (in milliseconds) says how long before it starts.
pub const LONG_RUN_MS: f64 = 3_000.0;
/// The draws the panel offers.
pub const TRIAL_CHOICES: [u64; 4] = [10_000, 100_000, 1_000_000, 10_000_000];

/// One count pattern as the page's table shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PatternView {
    /// Samples per coordinate.
    pub counts: Vec<usize>,
    /// Its probability.
    pub probability: f64,
    /// The same as a fraction (`3/8`) when it is a small one.
    pub fraction: Option<String>,
    /// Gradient flow over annealed test loss.
    pub ratio: Option<f64>,
    /// Whether annealing helps: `ratio >= THRESHOLD`.
    pub helps: bool,
    /// The counts as the table writes them: `(2, 1)`.
    pub counts_text: String,
    /// The probability as the table writes it: `3/8 = 0.375`.
    pub probability_text: String,
    /// The ratio as the table writes it: `1.946×`, or `undefined`.
    pub ratio_text: String,
}

/// The exact probability as the probability panel shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ExactView {
    /// `P(ratio >= THRESHOLD)`.
    pub probability: f64,
    /// The same as a fraction (`3/4`) when it is a small one.
    pub fraction: Option<String>,
    /// The threshold on the ratio.
    pub threshold: f64,
    /// How many count patterns there are.
    pub pattern_count: u64,
    /// The most likely patterns.
    pub patterns: Vec<PatternView>,
    /// The mean ratio over the draws where annealing helps (the patterns' probability-weighted
    /// mean), when every pattern is listed and some helps: "twice as bad" for the paper.
    pub ratio_when_helps: Option<f64>,
    /// The probability as the panel's headline writes it: `3/4`, or `75.00%`.
    pub probability_text: String,
    /// The line under it: `= 75.00%, summed over 4 patterns`.
    pub probability_sub: String,
    /// The mean ratio where annealing helps: `1.946×`, or `—`.
    pub ratio_text: String,
    /// Under the table when it lists only the most likely patterns (else empty).
    pub listed_note: String,
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// `p` as a reduced fraction when it is one with denominator `d^n` (every probability over
/// count patterns of `n` uniform draws from `d` coordinates is) and the reduced denominator is at
/// most 10,000; `None` otherwise.
pub fn fraction(p: f64, n: usize, d: usize) -> Option<String> {
    let total = (d as f64).powi(n as i32);
    if !(p.is_finite() && (0.0..=1.0).contains(&p)) || total > 1e12 {
        return None;
    }
    let k = (p * total).round();
    if (p * total - k).abs() > 1e-6 * total.max(1.0).sqrt() {
        return None;
    }
    let (k, total) = (k as u64, total as u64);
    if k == 0 || k == total {
        return Some(if k == 0 { "0" } else { "1" }.into());
    }
    let g = gcd(k, total);
    let (num, den) = (k / g, total / g);
    (den <= 10_000).then(|| format!("{num}/{den}"))
}

/// The panel's view of an exact enumeration for `n` samples over `d` coordinates.
pub fn exact_view(exact: &Exact, n: usize, d: usize) -> ExactView {
    let patterns: Vec<PatternView> = exact
        .patterns
        .iter()
        .map(|p| PatternView {
            counts: p.counts.clone(),
            probability: p.probability,
            fraction: fraction(p.probability, n, d),
            ratio: p.ratio,
            helps: p.ratio.is_some_and(|r| r >= THRESHOLD),
            counts_text: format!(
                "({})",
                p.counts
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            probability_text: match fraction(p.probability, n, d) {
                Some(f) => format!("{f} = {}", fmt_num(p.probability)),
                None => fmt_num(p.probability),
            },
            ratio_text: p.ratio.map_or("undefined".into(), fmt_ratio),
        })
        .collect();
    let complete = patterns.len() as u64 == exact.pattern_count;
    let (mass, weighted) = patterns
        .iter()
        .filter(|p| p.helps)
        .fold((0.0, 0.0), |(m, w), p| {
            (
                m + p.probability,
                w + p.probability * p.ratio.unwrap_or(0.0),
            )
        });
    let fraction = fraction(exact.probability, n, d);
    let count = exact.pattern_count;
    let summed = format!(
        "summed over {} pattern{}",
        int(count),
        if count == 1 { "" } else { "s" }
    );
    let ratio_when_helps = (complete && mass > 0.0).then(|| weighted / mass);
    ExactView {
        probability: exact.probability,
        probability_text: fraction
            .clone()
            .unwrap_or_else(|| pct(exact.probability, 2)),
        probability_sub: match fraction {
            Some(_) => format!("= {}, {summed}", pct(exact.probability, 2)),
            None => summed,
        },
        fraction,
        threshold: THRESHOLD,
        pattern_count: count,
        ratio_text: ratio_when_helps.map_or("—".into(), fmt_ratio),
        listed_note: if (patterns.len() as u64) < count {
            format!(
                "The {} most likely of {} patterns.",
                int(patterns.len() as u64),
                int(count)
            )
        } else {
            String::new()
        },
        patterns,
        ratio_when_helps,
    }
}

/// Where a Monte Carlo run of the panel stands, as the page's worker reports it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct McProgress {
    /// `idle` (no run yet), `running`, `cancelling`, `done`, `cancelled` or `failed`.
    pub state: String,
    /// Draws done.
    pub done: u64,
    /// Draws asked for.
    pub total: u64,
    /// Milliseconds spent drawing so far.
    pub ms: f64,
    /// Whether the run is of the settings on screen (else of earlier ones).
    pub fresh: bool,
    /// The draws asked for by the settings on screen (`trials`).
    pub trials: u64,
    /// Draws per second measured on the settings on screen, before a run (for an estimate).
    pub calibrated_rate: Option<f64>,
    /// Why the worker failed, if it did.
    pub error: Option<String>,
}

/// Everything the panel writes about a run.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct McText {
    /// The status line.
    pub status: String,
    /// The run button's label.
    pub run_label: String,
    /// Whether a run of the settings on screen starts by itself (a short one).
    pub auto_run: bool,
    /// The headline: the share of draws where annealing is at least 1.5x better.
    pub headline: String,
    /// How the headline is coloured: `helps` (it says annealing helps in most draws), `neutral`.
    pub headline_kind: &'static str,
    /// The 95% interval, in words.
    pub interval: String,
    /// How many draws helped of how many.
    pub count: String,
    /// The draws without a ratio, when there are any (else empty).
    pub undefined: String,
    /// The histogram's table, one `[label, draws]` row per bin and one for the overflow.
    pub rows: Vec<[String; 2]>,
}

/// Whether most draws of a summary have a ratio and most of those help: the headline is green
/// only then (a share of 0% or of a few defined draws is said plainly).
fn helps_mostly(s: &Summary) -> bool {
    let defined = s.trials - s.histogram.undefined.min(s.trials);
    s.trials > 0 && defined * 2 > s.trials && s.fraction_ratio_ge_1_5 >= 0.5
}

/// The panel's texts for a run's `summary` (`None` before any draw) and where it stands.
pub fn monte_carlo_text(summary: Option<&Summary>, p: &McProgress) -> McText {
    let running = p.state == "running" || p.state == "cancelling";
    let measured = (p.ms > 0.0 && p.done > 0).then(|| p.done as f64 / (p.ms / 1000.0));
    let estimate = |draws: u64, per_s: Option<f64>| {
        per_s
            .filter(|r| *r > 0.0)
            .map(|r| (draws as f64 / r) * 1000.0)
    };
    let mut status = if let Some(e) = &p.error {
        format!("The Monte Carlo worker failed: {e}")
    } else if p.state == "idle" || p.state.is_empty() {
        if p.trials <= AUTO_RUN_MAX {
            "Starting…".into()
        } else {
            let mut s = format!("Press Run to draw {} training sets.", int(p.trials));
            if let Some(ms) = estimate(p.trials, p.calibrated_rate) {
                if ms > LONG_RUN_MS {
                    s.push_str(&format!(
                        " It will take about {} here ({}).",
                        duration(ms),
                        rate(p.calibrated_rate.unwrap_or(0.0))
                    ));
                }
            }
            s
        }
    } else if running {
        let frac = p.done as f64 / p.total.max(1) as f64;
        let mut s = format!(
            "Drawing… {} of {} ({})",
            int(p.done),
            int(p.total),
            pct(frac, 0)
        );
        if let Some(r) = measured {
            s.push_str(&format!(" · {}", rate(r)));
            let left = p.total.saturating_sub(p.done);
            if let Some(ms) = estimate(left, Some(r)) {
                s.push_str(&format!(
                    " · {} elapsed, about {} left",
                    duration(p.ms),
                    duration(ms)
                ));
            }
        }
        s
    } else if p.state == "done" {
        let seed = summary
            .map(|s| format!(", seed {}", s.seed))
            .unwrap_or_default();
        let r = measured
            .map(|r| format!(" ({})", rate(r)))
            .unwrap_or_default();
        format!("{} draws in {}{r}{seed}.", int(p.done), duration(p.ms))
    } else if p.state == "cancelled" {
        format!("Cancelled after {} of {} draws.", int(p.done), int(p.total))
    } else {
        "The run failed.".into()
    };
    if p.state != "idle" && !p.state.is_empty() && !p.fresh && p.error.is_none() {
        status = format!("For earlier settings: {status} Run again for these.");
    }
    let run_label = if p.fresh && p.state == "done" {
        "Run again".into()
    } else {
        format!("Run {} draws", int(p.trials))
    };
    let mut text = McText {
        status,
        run_label,
        auto_run: p.trials <= AUTO_RUN_MAX,
        headline: "—".into(),
        headline_kind: "neutral",
        interval: "95% interval —".into(),
        count: "no draws yet".into(),
        undefined: String::new(),
        rows: Vec::new(),
    };
    let Some(s) = summary.filter(|s| s.trials > 0) else {
        return text;
    };
    let h = &s.histogram;
    let helped = (s.fraction_ratio_ge_1_5 * s.trials as f64).round() as u64;
    let undefined = h.undefined.min(s.trials);
    if undefined == s.trials {
        text.headline = "no ratio".into();
        text.interval = "95% interval —".into();
        text.undefined = format!(
            "None of the {} draws has a ratio: in every draw a run did not stop or diverged, so \
             the two test losses cannot be compared.",
            int(s.trials)
        );
    } else {
        text.headline = pct(s.fraction_ratio_ge_1_5, 1);
        text.interval = format!(
            "95% interval {} to {}",
            pct(s.ci95[0], 1),
            pct(s.ci95[1], 1)
        );
        if undefined > 0 {
            text.undefined = format!(
                "{} of the draws ({}) have no ratio: a run did not stop or diverged. They count \
                 as draws where annealing does not help.",
                pct(undefined as f64 / s.trials as f64, 1),
                int(undefined)
            );
        }
    }
    if helps_mostly(s) {
        text.headline_kind = "helps";
    }
    text.count = format!("{} of {} draws", int(helped), int(s.trials));
    text.rows = h
        .bin_centers
        .iter()
        .zip(&h.counts)
        .map(|(c, k)| [fmt_num(*c), int(*k)])
        .chain(std::iter::once([
            format!(
                "over {}",
                fmt_num(h.bin_centers.last().copied().unwrap_or(0.0))
            ),
            int(h.overflow),
        ]))
        .collect();
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::{exact, MonteCarlo, Setup};
    use crate::params::Params;

    #[test]
    fn fractions_are_exact_and_small() {
        assert_eq!(fraction(0.7500000000000001, 3, 2).as_deref(), Some("3/4"));
        assert_eq!(fraction(0.37500000000000006, 3, 2).as_deref(), Some("3/8"));
        assert_eq!(fraction(1.0, 3, 2).as_deref(), Some("1"));
        assert_eq!(fraction(0.0, 3, 2).as_deref(), Some("0"));
        assert_eq!(fraction(1.0 / 3.0, 3, 2), None, "not a multiple of 1/8");
        assert_eq!(fraction(2.0 / 9.0, 2, 3).as_deref(), Some("2/9"));
        assert_eq!(fraction(0.5, 60, 2), None, "2^60 is too large to check");
    }

    #[test]
    fn exact_view_of_the_paper_is_three_quarters_and_about_twice() {
        let params = Params::default();
        let e = exact(&Setup::from_params(&params)).unwrap();
        let v = exact_view(&e, 3, 2);
        assert_eq!(v.fraction.as_deref(), Some("3/4"));
        assert_eq!(v.patterns.len(), 4);
        let helps: Vec<bool> = v.patterns.iter().map(|p| p.helps).collect();
        assert_eq!(helps, [true, true, false, false]);
        assert_eq!(v.patterns[0].fraction.as_deref(), Some("3/8"));
        assert_eq!(v.patterns[3].fraction.as_deref(), Some("1/8"));
        // Both lucky patterns have the same ratio, so the mean is that ratio (about 1.95 at K=4).
        let r = v.ratio_when_helps.unwrap();
        assert_eq!(r, v.patterns[0].ratio.unwrap());
        assert!((1.9..2.0).contains(&r), "{r}");
        assert_eq!(v.probability_text, "3/4");
        assert_eq!(v.probability_sub, "= 75.00%, summed over 4 patterns");
        assert_eq!(v.patterns[0].probability_text, "3/8 = 0.375");
        assert_eq!(v.patterns[0].counts_text.matches(',').count(), 1);
    }

    fn progress(state: &str, done: u64, total: u64, ms: f64) -> McProgress {
        McProgress {
            state: state.into(),
            done,
            total,
            ms,
            fresh: true,
            trials: total,
            calibrated_rate: None,
            error: None,
        }
    }

    #[test]
    fn a_paper_run_reads_green_and_whole() {
        let setup = Setup::from_params(&Params::default());
        let mut mc = MonteCarlo::new(setup, 7);
        mc.run(4000);
        let s = mc.summary(None);
        let t = monte_carlo_text(Some(&s), &progress("done", 4000, 4000, 200.0));
        assert_eq!(t.headline_kind, "helps");
        assert!(t.headline.ends_with('%'), "{}", t.headline);
        assert_eq!(t.status, "4,000 draws in 200 ms (20,000 draws/s), seed 7.");
        assert_eq!(t.undefined, "");
        assert_eq!(t.rows.len(), s.histogram.counts.len() + 1);
        assert_eq!(t.run_label, "Run again");
    }

    #[test]
    fn undefined_draws_are_said_and_never_green() {
        // Every draw diverges: no ratio at all.
        let all = Params::from_query("lr=1000&k=200").params;
        let mut mc = MonteCarlo::new(Setup::from_params(&all), 1);
        mc.run(500);
        let s = mc.summary(None);
        assert_eq!(s.histogram.undefined, 500);
        let t = monte_carlo_text(Some(&s), &progress("done", 500, 500, 10.0));
        assert_eq!(t.headline, "no ratio");
        assert_eq!(t.headline_kind, "neutral");
        assert!(
            t.undefined.starts_with("None of the 500 draws has a ratio"),
            "{}",
            t.undefined
        );
        assert_eq!(t.interval, "95% interval —");
    }

    #[test]
    fn a_long_run_says_how_long_before_and_while_it_runs() {
        let mut p = progress("idle", 0, 10_000_000, 0.0);
        p.calibrated_rate = Some(5_500.0);
        let t = monte_carlo_text(None, &p);
        assert_eq!(
            t.status,
            "Press Run to draw 10,000,000 training sets. It will take about 30 min 18 s here \
             (5,500 draws/s)."
        );
        assert!(!t.auto_run);
        let t = monte_carlo_text(None, &progress("running", 55_000, 10_000_000, 10_000.0));
        assert_eq!(
            t.status,
            "Drawing… 55,000 of 10,000,000 (1%) · 5,500 draws/s · 10.0 s elapsed, about 30 min \
             8 s left"
        );
    }
}
