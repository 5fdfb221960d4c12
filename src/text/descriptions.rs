//! The figures' short descriptions, for readers who cannot see them (a canvas's or an image's
//! accessible name): what each figure draws for this state, where each run starts and where it
//! stops in the plane the figure shows, and the test losses there. The captions under the
//! figures say the same numbers at more length; these say where things are drawn.

use serde::Serialize;

use crate::fmt::{beta_label, fmt_num};
use crate::outcome::{at_eps, Outcome};

/// One description per figure, named as the page names its parts (`a`, `b`, `c`, `loss`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Descriptions {
    /// Figure (a): gradient flow on the train-loss contours.
    pub a: String,
    /// Figure (b): the large steps, then gradient flow, on the train-loss contours.
    pub b: String,
    /// Figure (c): both stops and the level set's extremes on the test-loss contours.
    pub c: String,
    /// The loss chart.
    pub loss: String,
}

/// The descriptions of the four figures (see [`Descriptions`]).
pub fn descriptions(r: &Outcome) -> Descriptions {
    let at = |beta: &[f64]| point(r, beta);
    let origin = at(&vec![0.0; r.samples.center.len()]);
    let eps = fmt_num(r.params.eps);
    let (a, b) = (&r.gradient_flow, &r.annealed);
    let stop_a = match (&a.beta, a.test_loss) {
        (Some(beta), Some(test)) => {
            format!("stops at {} with test loss {}", at(beta), fmt_num(test))
        }
        _ => format!("never reaches train loss ε = {eps}"),
    };
    let desc_a = format!(
        "Figure (a): the train-loss contours and the path of gradient flow, which starts at {origin} \
         and {stop_a}."
    );
    let steps = r.params.k;
    let big = if steps == 1 {
        "large step"
    } else {
        "large steps"
    };
    let desc_b = if b.diverged {
        let when = b
            .diverged_at_step
            .map_or(String::new(), |s| format!(" at step {s}"));
        format!(
            "Figure (b): the train-loss contours and up to {steps} {big} from {origin}, which \
             diverge{when}: the iterates leave the figure and the run never reaches ε = {eps}."
        )
    } else {
        let after = at(&b.beta_after_gd);
        let n = b.gd_steps;
        let taken = if n == 1 {
            "1 large step".to_string()
        } else {
            format!("{n} large steps")
        };
        match (&b.beta, b.test_loss) {
            (Some(beta), Some(test)) if b.stopped_in_gd => format!(
                "Figure (b): the train-loss contours and {taken} from {origin}, which stop at {} \
                 with test loss {}; no gradient flow follows.",
                at(beta),
                fmt_num(test)
            ),
            (Some(beta), Some(test)) => format!(
                "Figure (b): the train-loss contours, {taken} from {origin} to {after}, then the \
                 path of gradient flow to its stop at {} with test loss {}.",
                at(beta),
                fmt_num(test)
            ),
            _ => format!(
                "Figure (b): the train-loss contours, {taken} from {origin} to {after}, then \
                 gradient flow, which never reaches train loss ε = {eps}."
            ),
        }
    };
    let run =
        |name: &str, beta: &Option<Vec<f64>>, test: Option<f64>, diverged: bool| match (beta, test)
        {
            (Some(beta), Some(test)) => {
                format!("{name} stops at {} (test loss {})", at(beta), fmt_num(test))
            }
            _ if diverged => format!("{name} diverges"),
            _ => format!("{name} does not stop"),
        };
    let runs = format!(
        "{}, {}",
        run("(A)", &a.beta, a.test_loss, false),
        run("(B)", &b.beta, b.test_loss, b.diverged)
    );
    let desc_c = match &r.level_set {
        Some(level) => format!(
            "Figure (c): the test-loss contours and the level set where the train loss is \
             ε = {eps}, with its good point at {} (test loss {}) and its bad point at {} (test \
             loss {}); {runs}.",
            at(&level.good_beta),
            fmt_num(level.good_test_loss),
            at(&level.bad_beta),
            fmt_num(level.bad_test_loss)
        ),
        None => format!(
            "Figure (c): the test-loss contours; no point has train loss ε = {eps}, so there is no \
             level set; {runs}."
        ),
    };
    // Times as the chart's axis counts them: a large step of size η counts as time η.
    let steps_time: f64 = b.rates.iter().take(b.gd_steps).sum();
    let end = |name: &str, time: Option<f64>, train: Option<f64>, test: Option<f64>| match (
        time, train, test,
    ) {
        (Some(t), Some(train), Some(test)) if at_eps(train, r.params.eps) => format!(
            "{name} reaches the ε line at time {} with test loss {}",
            fmt_num(t),
            fmt_num(test)
        ),
        (_, Some(train), Some(test)) => format!(
            "{name} ends at train loss {}, test loss {}",
            fmt_num(train),
            fmt_num(test)
        ),
        _ => format!("{name} never reaches the ε line"),
    };
    let desc_loss =
        format!(
        "Loss chart: the train and test loss of (A) and (B) against time, on a log scale, with a \
         line at ε = {eps}; {}; {}.",
        end("(A)", a.time, a.train_loss, a.test_loss),
        if b.diverged {
            "(B)'s large steps diverge".to_string()
        } else {
            end("(B)", b.time.map(|t| t + steps_time), b.train_loss, b.test_loss)
        }
    );
    Descriptions {
        a: desc_a,
        b: desc_b,
        c: desc_c,
        loss: desc_loss,
    }
}

/// A point as the figures place it, in their plane's two coordinates: `(β₁, β₂) = (0, 0.5)`.
fn point(r: &Outcome, beta: &[f64]) -> String {
    let (i, j) = r.plane;
    let v = |c: usize| beta.get(c).map_or("?".into(), |&x| fmt_num(x));
    format!(
        "({}, {}) = ({}, {})",
        beta_label(i),
        beta_label(j),
        v(i),
        v(j)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::simulate;
    use crate::params::Params;

    fn of(query: &str) -> Descriptions {
        descriptions(&simulate(&Params::from_query(query).params, false))
    }

    #[test]
    fn the_paper_state_places_both_stops() {
        // The paper's setting (e1, e1, e2; beta* = (1, 1)): the large steps fit beta_2 in one step
        // (1 - 2 eta gamma_2 = 0) and bounce beta_1 between 0 and 2, so after K = 4 steps beta is
        // (0, 1); gradient flow from there stops on the level set's good point, where the whole
        // residual is along beta_1: 2/3 (1 - b)^2 = eps gives b = 1 - sqrt(1.5 eps).
        let d = of("preset=paper");
        let b1 = 1.0 - (1.5f64 * 0.01).sqrt();
        assert!(
            d.b.contains("4 large steps from (β₁, β₂) = (0, 0) to (β₁, β₂) = (0, 1)"),
            "{}",
            d.b
        );
        assert!(
            d.b.contains(&format!("stop at (β₁, β₂) = ({}, 1)", fmt_num(b1))),
            "{}",
            d.b
        );
        assert!(d.b.contains("test loss 0.0075"), "{}", d.b);
        assert!(
            d.a.starts_with("Figure (a): the train-loss contours"),
            "{}",
            d.a
        );
        assert!(d.a.contains("starts at (β₁, β₂) = (0, 0)"), "{}", d.a);
        // The bad point has its residual along beta_2: 1/3 (b - 1)^2 = eps, and the level set
        // names the one with b = 1 + sqrt(3 eps).
        let b2 = 1.0 + (3.0f64 * 0.01).sqrt();
        assert!(
            d.c.contains(&format!("bad point at (β₁, β₂) = (1, {})", fmt_num(b2))),
            "{}",
            d.c
        );
        assert!(d.c.contains("test loss 0.015)"), "{}", d.c);
        assert!(d.loss.contains("line at ε = 0.01"), "{}", d.loss);
        // On the chart's time axis (B) reaches eps after its four steps of 1.5 (time 6) and the
        // flow's time.
        let r = simulate(&Params::from_query("preset=paper").params, false);
        let t = 6.0 + r.annealed.time.unwrap();
        assert!(
            d.loss
                .contains(&format!("(B) reaches the ε line at time {}", fmt_num(t))),
            "{}",
            d.loss
        );
    }

    #[test]
    fn a_diverging_run_says_so() {
        let d = of("preset=paper&lr=3&k=1000");
        assert!(d.b.contains("diverge"), "{}", d.b);
        assert!(d.c.contains("(B) diverges"), "{}", d.c);
        assert!(d.loss.contains("(B)'s large steps diverge"), "{}", d.loss);
    }
}
