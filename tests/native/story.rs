//! The guided walk: each step's sentence states the numbers of its own state, checked against
//! the paper's closed forms where the step is the paper's setting.

use crate::common::report;
use lr_anneal::fmt::{fmt_num, fmt_times_eps};

#[test]
fn each_step_opens_its_state_and_says_its_numbers() {
    let steps = report("").story.steps;
    assert_eq!(steps.len(), 6);
    // Step 1, the paper's level set: good 0.75 eps, bad 1.5 eps (eqs. 3 and 4 with gamma =
    // (2/3, 1/3), lambda = (1/2, 1/2): the good point puts all error on beta_1,
    // (1/2)(3/2) eps; the bad one on beta_2, (1/2)(3) eps).
    let r = report(&steps[0].query);
    assert_eq!(r.story.step, 1);
    let s = &r.story.sentence;
    assert!(s.contains("0.75 ε") && s.contains("1.5 ε"), "{s}");
    // Step 2: gamma_1 = 2/3 before gamma_2 = 1/3, and gradient flow's own stop.
    let r = report(&steps[1].query);
    let s = &r.story.sentence;
    assert!(
        s.contains("γ₁ = 0.6667") && s.contains("γ₂ = 0.3333"),
        "{s}"
    );
    let ta = r.gradient_flow.test_loss.unwrap();
    assert!(s.contains(&fmt_times_eps(ta, r.params.eps)), "{s}");
    // Step 3, eta = 1.4: the factors 1 - 2 * 1.4 * 2/3 = -13/15 and 1 - 2 * 1.4 / 3 = 1/15.
    let r = report(&steps[2].query);
    let s = &r.story.sentence;
    assert!(
        s.contains(&format!("= {}", fmt_num(1.0 - 2.8 * 2.0 / 3.0))),
        "{s}"
    );
    assert!(
        s.contains(&format!("= {}", fmt_num(1.0 - 2.8 / 3.0))),
        "{s}"
    );
    assert!(
        s.contains("β₁ bounces across β*₁") && s.contains("After 8 large steps"),
        "{s}"
    );
    // Step 4: the annealed stop at 0.75 eps, and the ratio the report holds.
    let r = report(&steps[3].query);
    let s = &r.story.sentence;
    assert!(s.contains("test loss 0.75 ε"), "{s}");
    assert!(
        s.contains(&format!("{} times lower", fmt_num(r.ratio.unwrap()))),
        "{s}"
    );
    // Step 5: all three samples on e1 cover one input of two; both runs end alike.
    let r = report(&steps[4].query);
    let s = &r.story.sentence;
    assert!(s.contains("cover 1 of the 2 inputs"), "{s}");
    let (ta, tb) = (
        r.gradient_flow.test_loss.unwrap(),
        r.annealed.test_loss.unwrap(),
    );
    assert_eq!(
        fmt_times_eps(ta, r.params.eps),
        fmt_times_eps(tb, r.params.eps)
    );
    // Step 6: eta = 0.5 against the thresholds 1/gamma_1 = 3/2 and 1/gamma_2 = 3; the factors
    // 1 - 2 * 0.5 * 2/3 = 1/3 and 1 - 2 * 0.5 / 3 = 2/3: beta_1 is fitted first.
    let r = report(&steps[5].query);
    let s = &r.story.sentence;
    assert!(
        s.contains("at 1/γ₁ = 1.5 the steepest direction, β₁, stops decaying")
            && s.contains("above 1/γ₂ = 3 every direction grows"),
        "{s}"
    );
    assert!(
        s.contains("At η = 0.5, below both, every residual shrinks"),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            "by {} and β₂'s by {}",
            fmt_num(1.0 / 3.0),
            fmt_num(2.0 / 3.0)
        )),
        "{s}"
    );
    assert!(
        s.contains("β₁ is fitted first, as under gradient flow"),
        "{s}"
    );
    let (ta, tb) = (
        r.gradient_flow.test_loss.unwrap(),
        r.annealed.test_loss.unwrap(),
    );
    assert!(
        s.contains(&fmt_times_eps(tb, r.params.eps))
            && s.contains(&fmt_times_eps(ta, r.params.eps))
    );
    // At the paper's eta = 1.5 = 1/gamma_1 the steep residual keeps its size: the other is
    // fitted first (factors -1 and 0).
    let s = report("preset=paper&step=6&lr=1.5").story.sentence;
    assert!(s.contains("At η = 1.5, between them"), "{s}");
    assert!(
        s.contains("β₂ is fitted first, unlike under gradient flow"),
        "{s}"
    );
    // Outside the walk there is no sentence.
    assert!(report("").story.sentence.is_empty());
}

#[test]
fn a_step_reads_as_a_sentence_for_any_state() {
    for q in [
        "step=2&noise=1&eps=1e-9&n=3&seed=3",
        "step=3&beta=1&x=1,1",
        "step=4&lr=50&k=1000",
        "step=6&eps=5",
    ] {
        let s = report(q).story.sentence;
        assert!(
            s.ends_with('.') && !s.contains("NaN") && !s.contains("()"),
            "{q}: {s}"
        );
    }
}
