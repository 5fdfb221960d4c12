//! Sweeps: the test loss at the stop (divided by eps) against one parameter, for both
//! optimizers, on the training set of the current params. One closed-form run per point, with
//! the training set built once.

use serde::Serialize;

use crate::dynamics::{annealed_visit, gradient_flow, GdStop, LargeSteps, Lr, MiniBatches};
use crate::fmt::subscript;
use crate::model::{Quadratic, Vector, MAX_D};
use crate::outcome::{at_eps, problem};
use crate::params::{Params, EPS_RANGE, LR_RANGE, MAX_K};

/// How many values the page's sweeps run through.
pub const SWEEP_POINTS: usize = 161;

/// The swept parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The large learning rate (log scale).
    Lr = 0,
    /// The number of large steps.
    K = 1,
    /// The early-stopping train loss (log scale).
    Eps = 2,
}

impl Axis {
    /// Reads `lr`, `k` or `eps` (the URL keys).
    pub fn parse(name: &str) -> Option<Axis> {
        match name {
            "lr" => Some(Axis::Lr),
            "k" => Some(Axis::K),
            "eps" => Some(Axis::Eps),
            _ => None,
        }
    }

    /// Its symbol, as the charts and their tips write it.
    pub fn symbol(self) -> &'static str {
        match self {
            Axis::Lr => "η",
            Axis::K => "K",
            Axis::Eps => "ε",
        }
    }

    /// The URL key.
    pub fn key(self) -> &'static str {
        match self {
            Axis::Lr => "lr",
            Axis::K => "k",
            Axis::Eps => "eps",
        }
    }
}

/// A landmark on the swept axis.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Mark {
    /// Its symbol as the chart labels it (`1/γₘₐₓ`, `1/γ₂`).
    pub symbol: String,
    /// What happens there, in words.
    pub note: String,
    /// Where.
    pub value: f64,
}

/// One sweep.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Sweep {
    /// The URL key swept.
    pub axis: &'static str,
    /// Whether the axis is best shown on a log scale.
    pub log: bool,
    /// The swept values.
    pub values: Vec<f64>,
    /// Gradient flow's test loss / eps at each value (`None`: not reached).
    pub gradient_flow: Vec<Option<f64>>,
    /// The annealed run's test loss / eps at each value (`None`: not reached or diverged).
    pub annealed: Vec<Option<f64>>,
    /// Whether both runs stop at train loss eps at each value (the report's `comparable`: the
    /// paper's like-for-like comparison).
    pub comparable: Vec<bool>,
    /// The current value.
    pub current: f64,
    /// Landmarks (learning-rate thresholds).
    pub marks: Vec<Mark>,
}

fn log_space(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (a, b) = (lo.ln(), hi.ln());
    (0..count)
        .map(|i| (a + (b - a) * i as f64 / (count - 1).max(1) as f64).exp())
        .collect()
}

/// One point of a sweep: both optimizers' test losses over eps on `q` (`None` when not reached),
/// and whether both stop at train loss eps (the report's `comparable`).
struct Point {
    gradient_flow: Option<f64>,
    annealed: Option<f64>,
    comparable: bool,
}

fn both(
    q: &Quadratic,
    steps: &LargeSteps,
    batches: Option<&MiniBatches>,
    eps: f64,
    rule: GdStop,
) -> Point {
    let beta0 = [0.0; MAX_D];
    let gf = gradient_flow(q, &beta0, eps);
    // Each point draws the same mini-batches as `lr-anneal run` of its state (a fresh stream).
    let mut batches = batches.cloned();
    let (_, an) = annealed_visit(q, &beta0, steps, batches.as_mut(), eps, rule, |_, _| {});
    let (gf, an) = (gf.reached_residual(), an.reached_residual());
    let norm = |d: Option<&Vector>| d.map(|d| q.test_loss_residual(d) / eps);
    let stops_at_eps =
        |d: Option<&Vector>| d.is_some_and(|d| at_eps(q.train_loss_residual(d), eps));
    Point {
        gradient_flow: norm(gf),
        annealed: norm(an),
        comparable: stops_at_eps(gf) && stops_at_eps(an),
    }
}

/// Sweeps `axis` over `points` values (at most 2000) around the current params: `lr` from
/// 1/100 of `1/gamma_max` to 1.5 times the point where every direction is unstable, `k` over
/// `0..=max(2K, 20)`, `eps` over three decades either side.
pub fn sweep(params: &Params, axis: Axis, points: usize) -> Sweep {
    let points = points.clamp(2, 2000);
    let (samples, q) = problem(params);
    let batches = (params.batch() > 0 && !samples.is_empty())
        .then(|| MiniBatches::new(&q, &samples, params.batch(), params.seed()));
    let batches = batches.as_ref();
    let lr = params.lr().resolve(&q);
    let (k, eps, rule) = (params.k(), params.eps(), params.gd_stop());
    let mut marks = Vec::new();
    let (values, current, log) = match axis {
        Axis::Lr => {
            let lr_auto = Lr::Auto.resolve(&q);
            let observed: Vec<usize> = (0..q.d).filter(|&j| q.observed(j)).collect();
            let slowest = observed
                .iter()
                .map(|&j| 1.0 / q.gamma[j])
                .fold(0.0, f64::max);
            marks.push(Mark {
                symbol: "1/γₘₐₓ".into(),
                note: "the top direction stops decaying".into(),
                value: lr_auto,
            });
            for &j in &observed {
                let v = 1.0 / q.gamma[j];
                if v != lr_auto {
                    marks.push(Mark {
                        symbol: format!("1/γ{}", subscript(j + 1)),
                        note: format!("direction {} becomes unstable", j + 1),
                        value: v,
                    });
                }
            }
            let lo = (lr_auto / 100.0).max(LR_RANGE.0);
            let hi = (1.5 * slowest).min(LR_RANGE.1).max(lo * 10.0);
            (log_space(lo, hi, points), lr, true)
        }
        Axis::K => {
            let top = (2 * k).clamp(20, MAX_K);
            let step = top.div_ceil(points - 1).max(1);
            let values = (0..=top).step_by(step).map(|v| v as f64).collect();
            (values, k as f64, false)
        }
        Axis::Eps => {
            let lo = (eps / 1000.0).max(EPS_RANGE.0);
            let hi = (eps * 1000.0).min(EPS_RANGE.1);
            (log_space(lo, hi, points), eps, true)
        }
    };
    let points: Vec<Point> = values
        .iter()
        .map(|&v| match axis {
            Axis::Lr => both(&q, &params.large_steps(v), batches, eps, rule),
            Axis::K => both(
                &q,
                &LargeSteps {
                    k: v as usize,
                    ..params.large_steps(lr)
                },
                batches,
                eps,
                rule,
            ),
            Axis::Eps => both(&q, &params.large_steps(lr), batches, v, rule),
        })
        .collect();
    Sweep {
        axis: axis.key(),
        log,
        values,
        gradient_flow: points.iter().map(|p| p.gradient_flow).collect(),
        annealed: points.iter().map(|p| p.annealed).collect(),
        comparable: points.iter().map(|p| p.comparable).collect(),
        current,
        marks,
    }
}
