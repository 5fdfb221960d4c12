//! The sentences that state a run's numbers, written once here so the page, its embeds, the
//! downloads and the command line say the same thing: the verdict, and the number formats they
//! use.

use serde::Serialize;

use crate::report::Report;

/// Above this ratio of test losses (gradient flow's over the annealed run's) annealing is said
/// to generalize better; below its inverse-ish mirror [`HURTS_BELOW`], worse; between, the same.
pub const HELPS_ABOVE: f64 = 1.02;
/// Below this ratio gradient flow is said to generalize better.
pub const HURTS_BELOW: f64 = 0.98;

/// Who won, in one sentence, and a word for it (`helps`, `hurts`, `same`, `diverged`,
/// `unreached`, `empty`) that the page styles the sentence by.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Verdict {
    /// The outcome.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
}

/// A number rounded for reading: integers as they are (below 10^7), four significant digits
/// between 10^-3 and 10^5, else two decimals of scientific notation (`1.5e-7`); a true minus.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 {
            "∞".into()
        } else if v < 0.0 {
            "−∞".into()
        } else {
            "NaN".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let s = if v.fract() == 0.0 && a < 1e7 {
        format!("{v}")
    } else if (1e-3..1e5).contains(&a) {
        let rounded: f64 = format!("{:.3e}", v).parse().unwrap_or(v);
        format!("{rounded}")
    } else {
        let e = format!("{:.2e}", v);
        match e.split_once('e') {
            Some((m, x)) => {
                let m = m.trim_end_matches('0').trim_end_matches('.');
                format!("{m}e{x}")
            }
            None => e,
        }
    };
    s.replace('-', "−")
}

/// `v` in units of `eps`, for reading: `1.5 ε` (three decimals; [`fmt_num`] beyond 0.01 to 100).
pub fn fmt_times_eps(v: f64, eps: f64) -> String {
    let m = v / eps;
    let s = if m.abs() >= 100.0 || m.abs() < 0.01 {
        fmt_num(m)
    } else {
        let fixed: f64 = format!("{m:.3}").parse().unwrap_or(m);
        format!("{fixed}").replace('-', "−")
    };
    format!("{s} ε")
}

/// The verdict on a report.
pub fn verdict(r: &Report) -> Verdict {
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
    let (Some(ta), Some(tb), Some(ratio)) = (a.test_loss, b.test_loss, r.ratio) else {
        return say(
            "unreached",
            "One of the runs did not reach the train loss ε.".into(),
        );
    };
    let eps = r.params.eps;
    let (ta, tb) = (fmt_times_eps(ta, eps), fmt_times_eps(tb, eps));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_page_shows_them() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(1.946_123), "1.946");
        assert_eq!(fmt_num(-0.012_345), "−0.01235");
        assert_eq!(fmt_num(1.5e-7), "1.5e−7");
        assert_eq!(fmt_num(2.0e-7), "2e−7");
        assert_eq!(fmt_num(123_456.7), "1.23e5");
        assert_eq!(fmt_num(f64::INFINITY), "∞");
        assert_eq!(fmt_times_eps(0.015, 0.01), "1.5 ε");
        assert_eq!(fmt_times_eps(0.0075, 0.01), "0.75 ε");
        assert_eq!(fmt_times_eps(5.0, 0.01), "500 ε");
    }
}
