//! The verdict: who won, in one sentence, and whether the comparison is the paper's
//! like-for-like one; and where the annealed run stops, in a few words.

use serde::Serialize;

use super::steps;
use crate::fmt::{fmt_num, fmt_times_eps};
use crate::outcome::{at_eps, Outcome};

/// Above this ratio of test losses (gradient flow's over the annealed run's) annealing is said
/// to generalize better; below its inverse-ish mirror [`HURTS_BELOW`], worse; between, the same.
pub const HELPS_ABOVE: f64 = 1.02;
/// Below this ratio gradient flow is said to generalize better.
pub const HURTS_BELOW: f64 = 0.98;

/// Who won, in one sentence, and a word for it (`helps`, `hurts`, `same`, `not_comparable`,
/// `diverged`, `unreached`, `empty`) that the page styles the sentence by.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Verdict {
    /// The outcome.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
}

/// Why the two stops are not the paper's like-for-like comparison (both reached, not
/// [`Outcome::comparable`]): a sentence, or `None` when they are comparable.
fn not_comparable(r: &Outcome) -> Option<String> {
    if r.comparable {
        return None;
    }
    let (a, b) = (&r.gradient_flow, &r.annealed);
    let eps = r.params.eps;
    let (Some(la), Some(lb), Some(ta), Some(tb)) =
        (a.train_loss, b.train_loss, a.test_loss, b.test_loss)
    else {
        return None;
    };
    let (ta, tb) = (fmt_times_eps(ta, eps), fmt_times_eps(tb, eps));
    if a.time == Some(0.0) {
        return Some(format!(
            "Both runs start at train loss {} = {}, already at most ε: neither moves, so there is \
             nothing to compare (lower ε).",
            fmt_num(la),
            fmt_times_eps(la, eps)
        ));
    }
    if b.stopped_in_gd && !at_eps(lb, eps) {
        return Some(format!(
            "(B) stopped during its large steps, after {}, at train loss {} = {}, below ε: this is \
             not the paper's like-for-like comparison (test loss {tb}, against {ta} for gradient \
             flow at ε). With gd_stop=cut the last large step is shortened to land on ε.",
            steps(b.gd_steps),
            fmt_num(lb),
            fmt_times_eps(lb, eps)
        ));
    }
    Some(format!(
        "The runs stop at train losses {} and {}, not both at ε: this is not the paper's \
         like-for-like comparison (test loss {ta} for gradient flow, {tb} for the annealed run).",
        fmt_times_eps(la, eps),
        fmt_times_eps(lb, eps)
    ))
}

/// The verdict on a report: `empty` (no level set), `diverged`, `unreached`, `not_comparable`
/// (both reached, but not both stop at `eps`: [`Outcome::comparable`]), then by the ratio of test
/// losses `helps`, `hurts` or `same`.
pub fn verdict(r: &Outcome) -> Verdict {
    let say = |kind, text: String| Verdict { kind, text };
    let (a, b) = (&r.gradient_flow, &r.annealed);
    if r.level_set.is_none() {
        return say(
            "empty",
            "No point reaches this train loss: lower the label noise or raise ε.".into(),
        );
    }
    if b.diverged {
        let step = b
            .diverged_at_step
            .map_or(String::new(), |s| format!(" (step {s})"));
        return say(
            "diverged",
            format!("The large steps diverged{step}: lower the learning rate or K."),
        );
    }
    let (Some(ta), Some(tb)) = (a.test_loss, b.test_loss) else {
        return say(
            "unreached",
            "One of the runs did not reach the train loss ε.".into(),
        );
    };
    // Before the ratio: a run that lands on beta* exactly (test loss 0, no ratio) has stopped
    // below eps.
    if let Some(text) = not_comparable(r) {
        return say("not_comparable", text);
    }
    let eps = r.params.eps;
    let (ta, tb) = (fmt_times_eps(ta, eps), fmt_times_eps(tb, eps));
    let Some(ratio) = r.ratio else {
        return say(
            "helps",
            format!(
                "Both runs stop at train loss ε; the annealed run's test loss is {tb}, against {ta}."
            ),
        );
    };
    if ratio > HELPS_ABOVE {
        say(
            "helps",
            format!(
                "Both runs stop at train loss ε, but annealing generalizes better: test loss {tb} \
                 against {ta}, {} times lower.",
                fmt_num(ratio)
            ),
        )
    } else if ratio < HURTS_BELOW {
        say(
            "hurts",
            format!("Here gradient flow wins: test loss {ta} against {tb} for the annealed run."),
        )
    } else {
        say(
            "same",
            format!("The two runs end with nearly the same test loss ({ta} and {tb})."),
        )
    }
}

/// Where the annealed run stops, in a few words (the schedule comparison's column): `after the
/// flow, at ε`, `in the large steps, at train loss 0.5 ε` (`cut to land on ε` when cut),
/// `diverges` or `never reaches ε`.
pub fn where_annealed_stops(r: &Outcome) -> String {
    let b = &r.annealed;
    let eps = r.params.eps;
    match (b.diverged, b.train_loss) {
        (true, _) => "diverges".into(),
        (false, None) => "never reaches ε".into(),
        (false, Some(_)) if b.stopped_in_gd && b.cut_fraction.is_some() => {
            format!("in the large steps, step {} cut to land on ε", b.gd_steps)
        }
        (false, Some(train)) if b.stopped_in_gd => format!(
            "in the large steps, after {}, at train loss {}",
            steps(b.gd_steps),
            fmt_times_eps(train, eps)
        ),
        (false, Some(_)) => "after the flow, at ε".into(),
    }
}
