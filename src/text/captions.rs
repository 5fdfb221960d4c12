//! The figures' captions: one sentence (or two) per figure, stating the numbers it shows.

use serde::Serialize;

use crate::fmt::{beta_label, fmt_num, fmt_times_eps, subscript, with_eps};
use crate::outcome::{at_eps, Outcome};

use super::{steps, stochastic};

/// The large steps' sizes as a sentence says them: `of size η = 1.5` for a constant rate,
/// `of sizes from η₀ = 1.5 to η₃ = 0.2 (cosine schedule)` for another.
pub fn step_sizes(r: &Outcome) -> String {
    let b = &r.annealed;
    match (b.rates_vary(), b.rates.last()) {
        (true, Some(&last)) => format!(
            "of sizes from η₀ = {} to η{} = {} ({} schedule)",
            fmt_num(b.lr),
            subscript(b.rates.len() - 1),
            fmt_num(last),
            r.params.schedule
        ),
        _ => format!("of size η = {}", fmt_num(b.lr)),
    }
}

/// One sentence (or two) per figure, stating the numbers it shows: `a`, `b`, `c` and `loss`, as
/// the page's parts are named. Plain text with Unicode maths, without the figure's label (the
/// page writes `(a)` before it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Captions {
    /// Figure (a): gradient flow on the train-loss contours.
    pub a: String,
    /// Figure (b): the large steps, then gradient flow, on the train-loss contours.
    pub b: String,
    /// Figure (c): both stops on the test-loss contours, with the level set's extremes.
    pub c: String,
    /// The loss chart: train and test loss of both runs against time.
    pub loss: String,
}

/// The captions of the four figures, from the report (see [`Captions`]).
pub fn captions(r: &Outcome) -> Captions {
    Captions {
        a: caption_a(r),
        b: caption_b(r),
        c: caption_c(r),
        loss: caption_loss(r),
    }
}

/// The lowest reachable train loss, as the captions say it (`who` reaches it: `it`, `any point`).
fn floor_clause(r: &Outcome, who: &str) -> String {
    format!(
        "the lowest train loss {who} can reach is {}",
        with_eps(r.samples.min_train_loss, r.params.eps)
    )
}

fn caption_a(r: &Outcome) -> String {
    let eps = r.params.eps;
    let a = &r.gradient_flow;
    let head = format!(
        "Gradient flow from β = 0 on the train-loss contours, run until the train loss is ε = {}",
        fmt_num(eps)
    );
    match (a.time, a.train_loss, a.test_loss) {
        (Some(0.0), Some(train), Some(test)) => format!(
            "{head}: it starts there (train loss {} at β = 0), so it does not move; test loss {}.",
            with_eps(train, eps),
            with_eps(test, eps)
        ),
        (Some(t), _, Some(test)) => format!(
            "{head}: it gets there at time {} with test loss {}.",
            fmt_num(t),
            with_eps(test, eps)
        ),
        _ => format!("{head}: it never gets there: {}.", floor_clause(r, "it")),
    }
}

fn caption_b(r: &Outcome) -> String {
    let stop = caption_b_stop(r);
    match step_factors(r) {
        Some(factors) => format!("{stop} {factors}"),
        None => stop,
    }
}

/// What one large step does along each coordinate of the plane shown: the residual
/// `β_j − c_j` is multiplied by `1 − 2ηγ_j` (the mechanism: a bounce along the steep direction
/// while the other is fitted). `None` when no large step is taken.
fn step_factors(r: &Outcome) -> Option<String> {
    let b = &r.annealed;
    if (b.gd_steps == 0 && !b.diverged) || b.rates_vary() || stochastic(r) {
        return None;
    }
    let gamma = &r.samples.gamma;
    // Gaussian inputs: the directions are the empirical covariance's eigenvectors v_j, the
    // steepest first, not the coordinates of the plane.
    let rotated = r.samples.eigenvectors.is_some();
    let (i, j) = if rotated { (0, 1) } else { r.plane };
    let parts: Vec<String> = [i, j]
        .into_iter()
        .filter(|&c| c < gamma.len())
        .map(|c| {
            let g = gamma[c];
            let mut f = 1.0 - 2.0 * b.lr * g;
            // 1 − 2ηγ is −1 or 0 to rounding at the paper's setting (η = 1/γ_max): say so.
            for exact in [-1.0, 0.0] {
                if (f - exact).abs() < 1e-12 {
                    f = exact;
                }
            }
            let what = if g == 0.0 {
                "no sample lies along it, so it stays"
            } else if f < -1.0 {
                "it bounces across and grows"
            } else if f == -1.0 {
                "it bounces across without shrinking"
            } else if f < 0.0 {
                "it bounces across and shrinks"
            } else if f == 0.0 {
                "it is fitted in one step"
            } else if f >= 1.0 {
                "the step is too small to move it"
            } else {
                "it shrinks without bouncing"
            };
            let sub = subscript(c + 1);
            let sym = if rotated {
                format!("v{sub}")
            } else {
                beta_label(c)
            };
            format!("along {sym} by 1 − 2ηγ{sub} = {} ({what})", fmt_num(f))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let which = if rotated {
        " (v₁, v₂: the empirical covariance's eigenvectors, steepest first)"
    } else {
        ""
    };
    Some(format!(
        "Each large step multiplies the residual {}{which}.",
        parts.join(" and ")
    ))
}

/// `, each on a mini-batch of 2 of the 3 samples` when the steps are stochastic, else nothing.
fn batch_clause(r: &Outcome) -> String {
    if stochastic(r) {
        format!(
            ", each on a mini-batch of {} of the {} samples",
            r.params.batch,
            r.samples.labels.len()
        )
    } else {
        String::new()
    }
}

fn caption_b_stop(r: &Outcome) -> String {
    let eps = r.params.eps;
    let b = &r.annealed;
    let k = r.params.k;
    let size = format!("{}{}", step_sizes(r), batch_clause(r));
    let big = if k == 1 { "large step" } else { "large steps" };
    let eps_s = fmt_num(eps);
    if b.diverged {
        let at = b
            .diverged_at_step
            .map_or(String::new(), |s| format!(" at step {s}"));
        return format!(
            "K = {k} {big} {size} from β = 0: the large steps diverge{at} (the \
             iterates overflow), so the run never reaches ε = {eps_s}."
        );
    }
    let test = b.test_loss.map(|v| with_eps(v, eps)).unwrap_or_default();
    if b.stopped_in_gd {
        let train = b.train_loss.unwrap_or(f64::NAN);
        let head = format!("Large steps {size} from β = 0 (at most K = {k})");
        if b.gd_steps == 0 {
            return format!(
                "{head}: the train loss at β = 0 is already {}, at most ε = {eps_s}, so no step is \
                 taken; test loss {test}.",
                with_eps(train, eps)
            );
        }
        if let Some(s) = b.cut_fraction {
            return format!(
                "{head}: the train loss reaches ε = {eps_s} during step {}, which is cut to {} of \
                 its length to end on ε, so no gradient flow follows; test loss {test}.",
                b.gd_steps,
                fmt_num(s)
            );
        }
        if at_eps(train, eps) {
            return format!(
                "{head}: the train loss ε = {eps_s} is reached after {}, so no gradient flow \
                 follows; test loss {test}.",
                steps(b.gd_steps)
            );
        }
        return format!(
            "{head}: they stop after {}, when the train loss is {}, below ε = {eps_s}, so no \
             gradient flow follows; test loss {test}. This is not the paper's like-for-like \
             comparison: (B) stops below ε.",
            steps(b.gd_steps),
            with_eps(train, eps)
        );
    }
    let head = format!("K = {k} {big} {size} from β = 0, then gradient flow");
    match b.time {
        Some(t) => format!(
            "{head} for time {} down to ε = {eps_s}: test loss {test}.",
            fmt_num(t)
        ),
        None => format!(
            "{head}, which never gets down to ε = {eps_s}: {}.",
            floor_clause(r, "it")
        ),
    }
}

fn caption_c(r: &Outcome) -> String {
    let eps = r.params.eps;
    // The population variances along the figure's axes: cov for Gaussian inputs.
    let lambda = r.params.cov.as_ref().unwrap_or(&r.samples.lambda);
    let shape = if lambda.windows(2).all(|w| w[0] == w[1]) {
        "circles"
    } else {
        "ellipses"
    };
    let head = format!("Both runs on the test-loss contours ({shape} around β*)");
    let Some(level) = &r.level_set else {
        return format!(
            "{head}: there is no level set where the train loss is ε = {}, since {}, so neither \
             run stops.",
            fmt_num(eps),
            floor_clause(r, "any point")
        );
    };
    // "(A) stops at 0.0146", "(B) at 0.0075" (`verb` is "stops " or "").
    let stop = |run: &str, verb: &str, test: Option<f64>, train: Option<f64>, diverged: bool| match (
        test, train,
    ) {
        (Some(test), Some(train)) if at_eps(train, eps) => {
            format!("{run} {verb}at {}", fmt_num(test))
        }
        (Some(test), Some(train)) => format!(
            "{run} at {}, inside the level set (train loss {})",
            fmt_num(test),
            fmt_times_eps(train, eps)
        ),
        _ if diverged => format!("{run} diverges"),
        _ => format!("{run} never reaches it"),
    };
    let (a, b) = (&r.gradient_flow, &r.annealed);
    format!(
        "{head}, with the level set where the train loss is ε = {}. Its good point has test loss \
         {}, its bad point {}; {}, {}.",
        fmt_num(eps),
        with_eps(level.good_test_loss, eps),
        with_eps(level.bad_test_loss, eps),
        stop("(A)", "stops ", a.test_loss, a.train_loss, false),
        stop("(B)", "", b.test_loss, b.train_loss, b.diverged),
    )
}

fn caption_loss(r: &Outcome) -> String {
    let eps = r.params.eps;
    let (a, b) = (&r.gradient_flow, &r.annealed);
    let k = r.params.k;
    let head = format!(
        "Train (thick) and test (thin, lighter) loss of (A) and (B) against time, log scale, for \
         ε = {}, η = {} and K = {k}. A step of size η counts as time η",
        fmt_num(eps),
        fmt_num(b.lr)
    );
    let drop = if b.diverged || b.stopped_in_gd || b.time.is_none() {
        "."
    } else {
        "; the vertical line marks the moment the learning rate drops."
    };
    if r.comparable {
        return format!(
            "{head}{drop} Both runs stop on the ε line: (A) with test loss {}, (B) with {}.",
            with_eps(a.test_loss.unwrap_or(f64::NAN), eps),
            with_eps(b.test_loss.unwrap_or(f64::NAN), eps)
        );
    }
    let run_a = match (a.test_loss, a.train_loss) {
        (Some(t), Some(train)) if at_eps(train, eps) => {
            format!(
                "(A) stops on the ε line with test loss {}",
                with_eps(t, eps)
            )
        }
        (Some(t), Some(train)) => format!(
            "(A) starts below the ε line, at train loss {}, and does not move (test loss {})",
            with_eps(train, eps),
            with_eps(t, eps)
        ),
        _ => format!("(A) never reaches the ε line: {}", floor_clause(r, "it")),
    };
    let run_b = match (b.test_loss, b.train_loss) {
        _ if a.time == Some(0.0) && b.stopped_in_gd && b.gd_steps == 0 => {
            "(B) takes no step either".into()
        }
        (Some(t), Some(train)) if at_eps(train, eps) => {
            format!("(B) stops on it with test loss {}", with_eps(t, eps))
        }
        (Some(t), Some(train)) => format!(
            "(B) stops below it, at train loss {}, with test loss {}: not the paper's like-for-like \
             comparison",
            with_eps(train, eps),
            with_eps(t, eps)
        ),
        _ if b.diverged => match b.diverged_at_step {
            Some(s) => format!("(B)'s large steps diverge at step {s}"),
            None => "(B)'s large steps diverge".into(),
        },
        _ => "(B) never reaches it".into(),
    };
    format!("{head}{drop} {run_a}; {run_b}.")
}
