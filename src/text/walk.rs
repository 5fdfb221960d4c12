//! The guided walk's sentences: each step of the walk (a state of the schema with `step=N`,
//! listed beside the presets in [`crate::params::STEPS`]) has a sentence written here from the
//! numbers of the state shown, so that no sentence claims more than its numbers show (a reader
//! who moves a slider at a step reads the sentence for the new state).

use std::sync::OnceLock;

use serde::Serialize;

use crate::fmt::{fmt_num, fmt_times_eps, subscript};
use crate::outcome::Outcome;
use crate::params::{Params, STEPS};

/// The walk as a report carries it: where it is, every step's link, and the sentence for the
/// state shown.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Story {
    /// The step shown (1-based; 0 when the walk is not open).
    pub step: usize,
    /// Every step: its title and its canonical query (with `step`).
    pub steps: Vec<StoryStep>,
    /// The sentence for the state shown at this step (empty when the walk is not open).
    pub sentence: String,
}

/// One step's entry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct StoryStep {
    /// A few words.
    pub title: &'static str,
    /// Its state with `step=N`, canonical (a link opens the walk there).
    pub query: String,
    /// The panel of Figure 1 its sentence speaks of: `a`, `b` or `c`.
    pub figure: &'static str,
}

/// Every step's title and canonical link: constant, so computed once.
fn steps() -> &'static [StoryStep] {
    static STORY_STEPS: OnceLock<Vec<StoryStep>> = OnceLock::new();
    STORY_STEPS.get_or_init(|| {
        STEPS
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let q = format!("{}&step={}", s.query, i + 1);
                StoryStep {
                    title: s.title,
                    query: Params::from_query(&q).params.query(),
                    figure: s.figure,
                }
            })
            .collect()
    })
}

/// The walk for an outcome (its `params.step`), with the sentence written from its numbers.
pub fn story(r: &Outcome) -> Story {
    let step = r.params.step;
    Story {
        step,
        steps: steps().to_vec(),
        sentence: if step == 0 {
            String::new()
        } else {
            sentence(step, r)
        },
    }
}

/// `j`-th coordinate's subscript (`β₁`).
fn sub(j: usize) -> String {
    subscript(j + 1)
}

/// The sentence of step `step` (1-based) about the state of `r`.
fn sentence(step: usize, r: &Outcome) -> String {
    // The walk's sentences speak of coordinates and full-batch steps: say so rather than
    // misread a state beyond the paper.
    let beyond = if r.samples.eigenvectors.is_some() {
        Some("its inputs are Gaussian, so the train loss's axes are tilted eigenvectors, not the coordinates")
    } else if r.params.batch > 0 && r.params.batch < r.samples.labels.len() {
        Some("its large steps follow mini-batch gradients, not the full batch")
    } else {
        None
    };
    if let Some(why) = beyond {
        return format!(
            "This state is beyond the paper: {why}. The walk's sentences are about the paper's \
             setting; the figures' captions describe this state."
        );
    }
    let eps = r.params.eps;
    let e = |v: f64| fmt_times_eps(v, eps);
    let (a, b) = (&r.gradient_flow, &r.annealed);
    let gamma = &r.samples.gamma;
    // The steepest and the flattest observed train directions.
    let order = {
        let mut j: Vec<usize> = (0..gamma.len()).filter(|&j| gamma[j] > 0.0).collect();
        crate::order::sort_by(&mut j, |&x, &y| gamma[y].total_cmp(&gamma[x]));
        j
    };
    let (top, low) = (order.first().copied(), order.last().copied());
    let Some(level) = &r.level_set else {
        return format!(
            "No point has train loss ε = {}: lower the label noise or raise ε.",
            fmt_num(eps)
        );
    };
    let (good, bad) = (level.good_test_loss, level.bad_test_loss);
    match step {
        1 => format!(
            "Every point on the pink ellipse has train loss ε = {}, yet their test losses range from {} \
             (the good point) to {} (the bad point): the train loss and the test loss weigh the \
             coordinates differently.",
            fmt_num(eps),
            e(good),
            e(bad)
        ),
        2 => match (a.test_loss, a.time, top, low) {
            (Some(ta), Some(t), Some(i), Some(j)) if i != j => format!(
                "Gradient flow fits each coordinate at the rate of its train weight: β{} (γ{} = {}) \
                 before β{} (γ{} = {}). It stops at time {} with test loss {}, against {} at the \
                 bad point and {} at the good one.",
                sub(i),
                sub(i),
                fmt_num(gamma[i]),
                sub(j),
                sub(j),
                fmt_num(gamma[j]),
                fmt_num(t),
                e(ta),
                e(bad),
                e(good)
            ),
            (Some(ta), _, _, _) => format!("Gradient flow stops with test loss {}.", e(ta)),
            _ => "Gradient flow never reaches train loss ε here.".into(),
        },
        3 => match (top, low) {
            (Some(i), Some(j)) if i != j => {
                let lr = b.lr;
                let (fi, fj) = (1.0 - 2.0 * lr * gamma[i], 1.0 - 2.0 * lr * gamma[j]);
                format!(
                    "Each large step of η = {} multiplies β{}'s residual by 1 − 2ηγ{} = {} and β{}'s by \
                     1 − 2ηγ{} = {}: {} while {}. After {}, the annealed run's point is ({}).",
                    fmt_num(lr),
                    sub(i),
                    sub(i),
                    fmt_num(fi),
                    sub(j),
                    sub(j),
                    fmt_num(fj),
                    if fi < 0.0 {
                        format!("β{} bounces across β*{}", sub(i), sub(i))
                    } else {
                        format!("β{} does not bounce", sub(i))
                    },
                    if fj.abs() < fi.abs() {
                        format!("β{} is fitted faster", sub(j))
                    } else {
                        format!("β{} is fitted no faster", sub(j))
                    },
                    match b.gd_steps {
                        1 => "one large step".to_string(),
                        n => format!("{n} large steps"),
                    },
                    b.beta_after_gd.iter().map(|v| fmt_num(*v)).collect::<Vec<_>>().join(", ")
                )
            }
            _ => "With a single observed direction, a large step has nothing to leave for later.".into(),
        },
        4 => match (a.test_loss, b.test_loss, r.ratio) {
            (Some(ta), Some(tb), Some(ratio)) => format!(
                "After the K = {} large steps the rate is annealed to gradient flow, which stops with \
                 test loss {} (good point: {}), against {} for gradient flow alone: {} times lower.",
                r.params.k,
                e(tb),
                e(good),
                e(ta),
                fmt_num(ratio)
            ),
            _ => "One of the runs does not reach train loss ε here.".into(),
        },
        5 => {
            let distinct = r.samples.counts.iter().filter(|&&c| c > 0).count();
            let both = match (a.test_loss, b.test_loss) {
                (Some(ta), Some(tb)) => format!("test losses {} and {}", e(ta), e(tb)),
                _ => "runs that do not both stop".into(),
            };
            format!(
                "Proposition 1: with probability 3/4 two of three samples share an input and one \
                 does not, and annealing helps. Here the samples cover {} of the {} inputs, with {}.",
                distinct,
                r.samples.counts.len(),
                both
            )
        }
        _ => match (a.test_loss, b.test_loss, top, low) {
            (Some(ta), Some(tb), Some(i), Some(j)) if i != j => {
                // The thresholds the η sweep marks: 1/γ_i, where the steepest direction stops
                // decaying, and 1/γ_j, beyond which every observed direction grows.
                let lr = b.lr;
                let (fi, fj) = (1.0 - 2.0 * lr * gamma[i], 1.0 - 2.0 * lr * gamma[j]);
                let zone = if lr < 1.0 / gamma[i] {
                    "below both, every residual shrinks".to_string()
                } else if lr < 1.0 / gamma[j] {
                    format!(
                        "between them, the steepest residual no longer shrinks while β{}'s still does",
                        sub(j)
                    )
                } else {
                    "above both, every residual grows".to_string()
                };
                let first = if fi.abs() < fj.abs() {
                    format!("β{} is fitted first, as under gradient flow", sub(i))
                } else {
                    format!("β{} is fitted first, unlike under gradient flow", sub(j))
                };
                format!(
                    "Two thresholds on η: at 1/γ{} = {} the steepest direction, β{}, stops decaying, and \
                     above 1/γ{} = {} every direction grows. At η = {}, {}: a large step multiplies \
                     β{}'s residual by {} and β{}'s by {}, so {}. The annealed run ends with test \
                     loss {}, gradient flow with {}. The η sweep (go deeper) shows the test loss \
                     over the whole range.",
                    sub(i),
                    fmt_num(1.0 / gamma[i]),
                    sub(i),
                    sub(j),
                    fmt_num(1.0 / gamma[j]),
                    fmt_num(lr),
                    zone,
                    sub(i),
                    fmt_num(fi),
                    sub(j),
                    fmt_num(fj),
                    first,
                    e(tb),
                    e(ta)
                )
            }
            _ => "One of the runs does not reach train loss ε here.".into(),
        },
    }
}
