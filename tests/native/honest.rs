//! Honest comparisons: whether the two stops are the paper's like-for-like comparison
//! (`comparable`), the key `gd_stop` (`check`, the paper's rule, or `cut`, a last large step
//! shortened to land on eps), and the captions the core writes for the four figures.
//!
//! Expected values are derived by hand next to each check (the iterates of gradient descent on
//! the paper's samples, roots of the hand-expanded quadratics, train losses recomputed from the
//! samples), never by calling the code under test.
//!
//! The paper's samples: x = e1, e1, e2, beta* = (1, 1), so gamma = (2/3, 1/3), lambda = (1/2, 1/2),
//! `delta = beta - beta*` starts at (-1, -1), `L_hat = (2/3) delta_1^2 + (1/3) delta_2^2`,
//! `L_D = (delta_1^2 + delta_2^2) / 2`, and a large step multiplies `delta_j` by
//! `1 - 2 lr gamma_j`.

use crate::common::{assert_rel, centers_and_floor, config, join, report, root_decreasing};

use lr_anneal::dynamics::GdStop;
use lr_anneal::fmt::{fmt_num, fmt_times_eps};
use lr_anneal::{Params, Report};
use proptest::prelude::*;

const EPS: f64 = 0.01;

/// The paper's train loss of a residual.
fn paper_train(d1: f64, d2: f64) -> f64 {
    (2.0 / 3.0) * d1 * d1 + (1.0 / 3.0) * d2 * d2
}

/// The paper's test loss of a residual.
fn paper_test(d1: f64, d2: f64) -> f64 {
    0.5 * (d1 * d1 + d2 * d2)
}

/// The train loss `(1/n) sum_i (beta_{x_i} - y_i)^2`, recomputed from the report's samples and
/// final point.
fn train_from_samples(r: &Report, beta: &[f64]) -> f64 {
    let s = &r.samples;
    s.x.iter()
        .zip(&s.y)
        .map(|(&i, &y)| (beta[i - 1] - y).powi(2))
        .sum::<f64>()
        / s.x.len() as f64
}

// ---------------------------------------------------------------------------------------------
// comparable and the verdict
// ---------------------------------------------------------------------------------------------

/// The paper preset: gradient flow stops on the level set, and the annealed run's four steps of
/// 1.5 (factors 1 - 3 (2/3) = -1 and 1 - 3 (1/3) = 0) leave delta = (-1, 0), train loss 2/3 > eps,
/// so the flow follows and stops at eps too: comparable.
#[test]
fn the_paper_preset_is_comparable() {
    let r = report("preset=paper");
    assert_eq!(r.params.gd_stop, "check");
    assert!(r.comparable);
    assert!(!r.annealed.stopped_in_gd);
    assert_eq!(r.annealed.cut_fraction, None);
    assert_rel(r.annealed.train_loss.unwrap(), EPS, 1e-12, "annealed train");
    assert_rel(r.gradient_flow.train_loss.unwrap(), EPS, 1e-12, "GF train");
    assert_eq!(r.verdict.kind, "helps");
    // With gd_stop=cut nothing changes: no step ends below eps.
    let cut = report("gd_stop=cut");
    assert!(cut.comparable);
    assert_eq!(cut.annealed.cut_fraction, None);
    assert_eq!(cut.annealed.train_loss, r.annealed.train_loss);
    assert_eq!(cut.annealed.test_loss, r.annealed.test_loss);
}

/// lr = 1.08: factors 1 - 2.16 (2/3) = -0.44 and 1 - 2.16 (1/3) = 0.28. The iterates:
/// step 1 delta = (0.44, -0.28), L_hat = 0.155 2; step 2 (-0.1936, -0.0784), L_hat = 0.027 04;
/// step 3 (0.085184, -0.021952), L_hat = (2/3) 0.007256313856 + (1/3) 0.000481890304
/// = 0.004998172672 < eps. The paper's check stops there, at half of eps: not comparable.
#[test]
fn lr_1_08_stops_below_eps_and_says_so() {
    let (f1, f2) = (1.0 - 2.16 * (2.0 / 3.0), 1.0 - 2.16 / 3.0);
    let (mut d1, mut d2) = (-1.0f64, -1.0f64);
    let mut losses = Vec::new();
    for _ in 0..3 {
        d1 *= f1;
        d2 *= f2;
        losses.push(paper_train(d1, d2));
    }
    assert!(
        losses[0] > EPS && losses[1] > EPS && losses[2] < EPS,
        "{losses:?}"
    );
    assert_rel(losses[2], 0.004_998_172_672, 1e-12, "hand iterate");

    let r = report("lr=1.08");
    assert!(!r.comparable);
    assert!(r.annealed.stopped_in_gd);
    assert_eq!(r.annealed.gd_steps, 3);
    let train = r.annealed.train_loss.unwrap();
    assert_rel(train, 0.004_998_172_672, 1e-12, "annealed train");
    assert_rel(
        r.annealed.test_loss.unwrap(),
        paper_test(0.085_184, 0.021_952),
        1e-12,
        "annealed test",
    );
    assert_eq!(r.verdict.kind, "not_comparable");
    // The numbers as the page formats them: 0.004998 = 0.5 eps.
    assert_eq!(fmt_num(train), "0.004998");
    assert_eq!(fmt_times_eps(train, EPS), "0.5 ε");
    let text = &r.verdict.text;
    assert!(
        text.contains("stopped during its large steps, after 3 steps, at train loss 0.004998 = 0.5 ε, below ε"),
        "{text}"
    );
    assert!(
        text.contains("not the paper's like-for-like comparison"),
        "{text}"
    );
    assert!(!text.contains("Both runs stop at train loss ε"), "{text}");
}

/// lr = 0.9 (factors -0.2 and 0.4: step 2 delta = (-0.04, -0.16), L_hat = 0.0096) and 1000 random
/// samples with seed 5 also stop below eps with the paper's check.
#[test]
fn other_states_that_stop_below_eps_are_not_comparable() {
    let r = report("lr=0.9");
    assert_eq!(r.annealed.gd_steps, 2);
    assert_rel(
        r.annealed.train_loss.unwrap(),
        paper_train(-0.04, -0.16),
        1e-12,
        "lr=0.9 train",
    );
    assert_rel(paper_train(-0.04, -0.16), 0.0096, 1e-12, "hand");
    let r2 = report("n=1000&seed=5");
    for r in [&r, &r2] {
        assert!(!r.comparable);
        assert!(r.annealed.train_loss.unwrap() < EPS * (1.0 - 1e-9));
        assert_eq!(r.verdict.kind, "not_comparable");
        assert!(r.annealed.train_loss.unwrap() < EPS);
    }
}

/// eps = 5 is above the starting train loss 2/3 + 1/3 = 1: neither run moves, both stop at
/// train loss 1 = 0.2 eps, not at eps.
#[test]
fn a_start_inside_the_level_set_is_not_comparable() {
    let r = report("eps=5");
    assert!(!r.comparable);
    assert_eq!(r.gradient_flow.time, Some(0.0));
    assert_eq!(r.annealed.gd_steps, 0);
    assert_eq!(r.verdict.kind, "not_comparable");
    assert!(r.verdict.text.contains("1 = 0.2 ε"), "{}", r.verdict.text);
    // The same with cut: there is no step to shorten.
    let cut = report("eps=5&gd_stop=cut");
    assert!(!cut.comparable);
    assert_eq!(cut.annealed.cut_fraction, None);
}

// ---------------------------------------------------------------------------------------------
// gd_stop=cut
// ---------------------------------------------------------------------------------------------

/// lr = 0.9 with cut: step 2 starts at delta = (0.2, -0.4) with u = 2 lr gamma = (1.2, 0.6), and
/// L_hat(s) = (2/3) 0.04 (1 - 1.2 s)^2 + (1/3) 0.16 (1 - 0.6 s)^2
///          = (0.24 - 0.384 s + 0.1728 s^2) / 3,
/// which equals 0.01 at 0.1728 s^2 - 0.384 s + 0.21 = 0: s = (0.384 - sqrt(0.002304)) / 0.3456
/// = 0.336 / 0.3456 = 35/36. There delta = (0.2 (1 - 1.2 * 35/36), -0.4 (1 - 0.6 * 35/36))
/// = (-1/30, -1/6), test loss (1/900 + 1/36) / 2 = 13/900.
#[test]
fn lr_0_9_cut_lands_on_eps_at_35_36_of_the_step() {
    let r = report("lr=0.9&gd_stop=cut");
    assert_eq!(r.params.gd_stop, "cut");
    assert!(r.comparable);
    assert!(r.annealed.stopped_in_gd);
    assert_eq!(r.annealed.gd_steps, 2);
    assert_rel(r.annealed.cut_fraction.unwrap(), 35.0 / 36.0, 1e-13, "s*");
    assert_rel(r.annealed.train_loss.unwrap(), EPS, 1e-12, "train");
    assert_rel(r.annealed.test_loss.unwrap(), 13.0 / 900.0, 1e-12, "test");
    let beta = r.annealed.beta.as_ref().unwrap();
    assert_rel(beta[0], 1.0 - 1.0 / 30.0, 1e-14, "beta_1");
    assert_rel(beta[1], 1.0 - 1.0 / 6.0, 1e-14, "beta_2");
    assert_rel(
        train_from_samples(&r, beta),
        EPS,
        1e-12,
        "train from samples",
    );
    assert_eq!(r.annealed.time, Some(0.0));
}

/// lr = 1.08 with cut: step 3 starts at delta = (-0.1936, -0.0784) (see above) with
/// u = (1.44, 0.72); the train loss along it, (2/3) 0.1936^2 (1 - 1.44 s)^2 +
/// (1/3) 0.0784^2 (1 - 0.72 s)^2, goes from 0.02704 to 0.004998, and its root is found here by
/// bisection.
#[test]
fn lr_1_08_cut_lands_on_eps() {
    let along = |s: f64| paper_train(-0.1936 * (1.0 - 1.44 * s), -0.0784 * (1.0 - 0.72 * s));
    let s = root_decreasing(|s| along(s) - EPS, 0.0, 1.0);
    let r = report("lr=1.08&gd_stop=cut");
    assert!(r.comparable);
    assert_eq!(r.annealed.gd_steps, 3);
    assert_rel(r.annealed.cut_fraction.unwrap(), s, 1e-12, "s*");
    assert_rel(r.annealed.train_loss.unwrap(), EPS, 1e-12, "train");
    let beta = r.annealed.beta.as_ref().unwrap();
    assert_rel(
        r.annealed.test_loss.unwrap(),
        paper_test(-0.1936 * (1.0 - 1.44 * s), -0.0784 * (1.0 - 0.72 * s)),
        1e-12,
        "test",
    );
    assert_rel(
        train_from_samples(&r, beta),
        EPS,
        1e-12,
        "train from samples",
    );
    assert_ne!(r.verdict.kind, "not_comparable");
    assert!(r.verdict.text.starts_with("Both runs stop at train loss ε"));
}

/// The states above, and random samples: with cut the annealed stop's train loss is eps to 1e-12
/// relative, recomputed from the samples.
#[test]
fn cut_stops_at_eps_for_several_states() {
    for q in [
        "lr=1.08",
        "lr=0.9",
        "n=1000&seed=5",
        "n=1000&seed=5&eps=0.001",
        "preset=more-samples&seed=11",
        "lr=1.2&k=10",
        "preset=lemma2-3d&lr=1.9",
        "noise=0.2&eps=0.05&lr=1.1",
    ] {
        let r = report(&format!("{q}&gd_stop=cut"));
        let train = r.annealed.train_loss.unwrap();
        assert_rel(train, r.params.eps, 1e-12, q);
        let beta = r.annealed.beta.as_ref().unwrap();
        if r.samples.x.len() <= 20 {
            assert_rel(train_from_samples(&r, beta), r.params.eps, 1e-12, q);
        } else {
            // 1000 squared residuals summed: the recomputation itself rounds more.
            assert_rel(train_from_samples(&r, beta), r.params.eps, 1e-10, q);
        }
        assert!(r.comparable, "{q}");
        // The check rule's run, for contrast, is not at eps when cut shortened a step.
        let check = report(q);
        if r.annealed.cut_fraction.is_some() {
            assert!(!check.comparable, "{q}");
            assert_eq!(check.annealed.gd_steps, r.annealed.gd_steps, "{q}");
        }
    }
}

/// The cut stop is drawn at its own time: (steps - 1 + s*) lr on the large-step path.
#[test]
fn the_cut_point_is_drawn_at_its_time() {
    let p = Params::from_query("lr=0.9&gd_stop=cut").params;
    let r = lr_anneal::run(&p, Vec::new(), true);
    let traj = r.trajectory.as_ref().unwrap();
    let last = traj.annealed_gd.last().unwrap();
    assert_rel(last.t, (1.0 + 35.0 / 36.0) * 0.9, 1e-13, "t");
    assert_rel(last.train_loss, EPS, 1e-12, "train");
    assert!(traj.annealed_flow.is_empty());
    assert_eq!(p.gd_stop(), GdStop::Cut);
}

/// A random state: d in 1..=4, 1..=12 samples, beta* in [-5, 5], eps in [1e-5, 1], noise 0 or up
/// to 1, lr in [0.01, 4] (beyond the stable range too), k in 0..=30.
fn state() -> impl Strategy<Value = String> {
    (1usize..=4).prop_flat_map(|d| {
        (
            prop::collection::vec(-5.0f64..5.0, d),
            prop::collection::vec(1..=d, 1..=12),
            -5.0f64..=0.0,
            prop_oneof![Just(0.0), 0.01f64..1.0],
            0u64..1000,
            0.01f64..4.0,
            0usize..=30,
        )
            .prop_map(|(beta, x, log_eps, noise, seed, lr, k)| {
                format!(
                    "beta={}&x={}&eps={}&noise={noise}&seed={seed}&lr={lr}&k={k}",
                    join(&beta),
                    join(&x),
                    10f64.powf(log_eps)
                )
            })
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// With cut, every reached stop that started above eps is at eps (to 1e-9 relative), so the
    /// report is comparable whenever both runs reach eps; and whenever the check rule's report is
    /// comparable, no step ended below eps, so cut changes nothing (bit for bit).
    #[test]
    fn with_cut_every_reached_stop_is_comparable(q in state()) {
        let cut = report(&format!("{q}&gd_stop=cut"));
        let check = report(&q);
        let eps = cut.params.eps;
        let start_above = cut.gradient_flow.time != Some(0.0);
        let an = &cut.annealed;
        if an.reached && start_above {
            let train = an.train_loss.unwrap();
            prop_assert!((train - eps).abs() <= 1e-9 * eps, "{q}: train {train:e}");
        }
        if cut.gradient_flow.reached && an.reached && start_above {
            prop_assert!(cut.comparable, "{q}");
            prop_assert_ne!(cut.verdict.kind, "not_comparable");
        }
        prop_assert!(an.cut_fraction.is_none_or(|s| s > 0.0 && s <= 1.0));
        if check.comparable {
            prop_assert!(an.cut_fraction.is_none(), "{q}");
            prop_assert_eq!(an.train_loss, check.annealed.train_loss);
            prop_assert_eq!(an.test_loss, check.annealed.test_loss);
            prop_assert_eq!(&an.beta, &check.annealed.beta);
        }
        // comparable is exactly: both reached, both at eps to 1e-9.
        let at = |l: Option<f64>| l.is_some_and(|l| (l - eps).abs() <= 1e-9 * eps);
        for r in [&cut, &check] {
            prop_assert_eq!(
                r.comparable,
                r.gradient_flow.reached && r.annealed.reached
                    && at(r.gradient_flow.train_loss) && at(r.annealed.train_loss)
            );
            if !r.comparable {
                prop_assert!(matches!(
                    r.verdict.kind,
                    "not_comparable" | "empty" | "diverged" | "unreached"
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Captions
// ---------------------------------------------------------------------------------------------

/// The paper preset's captions, word for word. Gradient flow: with z = e^{-4T/3},
/// L_hat = (2/3) z^2 + (1/3) z = 0.01 gives 2 z^2 + z - 0.03 = 0, z = (sqrt(1.24) - 1)/4, so
/// T = -(3/4) ln z = 2.6713 and L_D = (z^2 + z)/2 = 0.014597 = 1.46 eps. The annealed run: four
/// steps leave delta = (-1, 0), then (2/3) e^{-8t/3} = 0.01 gives t = (3/8) ln(200/3) = 1.5749 and
/// L_D = (1/2)(3/2)(0.01) = 0.0075 = 0.75 eps. The level set's good point 0.75 eps, bad 1.5 eps.
/// The mechanism in (b)'s caption, by hand: with gamma = (2/3, 1/3) a large step multiplies the
/// residual by 1 - 2 eta gamma_j: at eta = 1.2 by 1 - 1.6 = -0.6 and 1 - 0.8 = 0.2; at eta = 2 by
/// 1 - 8/3 = -1.667 (it grows) and 1 - 4/3 = -0.3333.
#[test]
fn the_large_steps_caption_says_what_a_step_does_per_direction() {
    let b = report("preset=paper&lr=1.2").captions.b;
    assert!(
        b.ends_with(
            "Each large step multiplies the residual along β₁ by 1 − 2ηγ₁ = −0.6 (it bounces \
             across and shrinks) and along β₂ by 1 − 2ηγ₂ = 0.2 (it shrinks without bouncing)."
        ),
        "{b}"
    );
    let b = report("preset=paper&lr=2&k=3").captions.b;
    assert!(
        b.ends_with(
            "along β₁ by 1 − 2ηγ₁ = −1.667 (it bounces across and grows) and along β₂ by \
             1 − 2ηγ₂ = −0.3333 (it bounces across and shrinks)."
        ),
        "{b}"
    );
    // No large step, no such sentence.
    let b = report("preset=paper&k=0").captions.b;
    assert!(!b.contains("Each large step"), "{b}");
}

#[test]
fn paper_captions_state_the_numbers() {
    let z = (1.24f64.sqrt() - 1.0) / 4.0;
    let t_gf = -0.75 * z.ln();
    let test_gf = 0.5 * (z * z + z);
    let t_an = 0.375 * (200.0f64 / 3.0).ln();
    assert_eq!(fmt_num(t_gf), "2.671");
    assert_eq!(fmt_num(test_gf), "0.0146");
    assert_eq!(fmt_times_eps(test_gf, EPS), "1.46 ε");
    assert_eq!(fmt_num(t_an), "1.575");

    let r = report("preset=paper");
    let c = &r.captions;
    assert_eq!(
        c.a,
        "Gradient flow from β = 0 on the train-loss contours, run until the train loss is \
         ε = 0.01: it gets there at time 2.671 with test loss 0.0146 (1.46 ε)."
    );
    assert_eq!(
        c.b,
        "K = 4 large steps of size η = 1.5 from β = 0, then gradient flow for time 1.575 down to \
         ε = 0.01: test loss 0.0075 (0.75 ε). Each large step multiplies the residual along β₁ \
         by 1 − 2ηγ₁ = −1 (it bounces across without shrinking) and along β₂ by 1 − 2ηγ₂ = 0 \
         (it is fitted in one step)."
    );
    assert_eq!(
        c.c,
        "Both runs on the test-loss contours (circles around β*), with the level set where the \
         train loss is ε = 0.01. Its good point has test loss 0.0075 (0.75 ε), its bad point \
         0.015 (1.5 ε); (A) stops at 0.0146, (B) at 0.0075."
    );
    assert_eq!(
        c.loss,
        "Train (thick) and test (thin, lighter) loss of (A) and (B) against time, log scale, for \
         ε = 0.01, η = 1.5 and K = 4. A step of size η counts as time η; the vertical line marks \
         the moment the learning rate drops. Both runs stop on the ε line: (A) with test loss \
         0.0146 (1.46 ε), (B) with 0.0075 (0.75 ε)."
    );
}

/// No placeholder, no HTML, and each caption ends as a sentence.
#[track_caller]
fn reads_as_sentences(r: &Report) {
    let c = &r.captions;
    for (name, text) in [("a", &c.a), ("b", &c.b), ("c", &c.c), ("loss", &c.loss)] {
        assert!(text.ends_with('.'), "{name}: {text}");
        assert!(text
            .chars()
            .next()
            .is_some_and(|ch| ch.is_uppercase() || ch == '('));
        for bad in [
            "—", "- ()", "()", "never)", "never.", "never,", "NaN", "∞", "<", ">", "None",
        ] {
            assert!(!text.contains(bad), "{name}: {bad:?} in {text}");
        }
    }
}

/// Label noise 0.5 with eps = 0.001 below the floor: neither run can stop; the floor, recomputed
/// from the samples as (1/n) sum_i (y_i - mean of y over the samples of its coordinate)^2, is
/// stated in (a).
#[test]
fn captions_of_runs_that_never_stop_read_as_sentences() {
    let r = report("noise=0.5&eps=0.001");
    assert!(!r.gradient_flow.reached && !r.annealed.reached);
    let s = &r.samples;
    let x: Vec<usize> = s.x.iter().map(|i| i - 1).collect();
    let (_, _, floor) = centers_and_floor(&x, &s.y, r.params.beta.len());
    assert!(floor > 0.001);
    assert_rel(s.min_train_loss, floor, 1e-12, "floor");
    let floor_text = format!("{} ({})", fmt_num(floor), fmt_times_eps(floor, 0.001));
    let c = &r.captions;
    assert!(
        c.a.ends_with(&format!(
            "it never gets there: the lowest train loss it can reach is {floor_text}."
        )),
        "{}",
        c.a
    );
    assert!(c.b.contains("never gets down to ε = 0.001"), "{}", c.b);
    assert!(c.c.contains("there is no level set"), "{}", c.c);
    reads_as_sentences(&r);
}

/// lr = 50, K = 1000: factors 1 - 100 (2/3) = -65.67 and 1 - 100/3 = -32.33, so after k steps
/// L_hat >= (2/3) 65.67^{2k}, which overflows (> f64::MAX) first at the smallest k with
/// ln(2/3) + 2k ln(65.67) > ln(f64::MAX) (the 32.33 term adds less than a factor 1.0001 there).
#[test]
fn captions_of_a_diverging_run_read_as_sentences() {
    let f1: f64 = 100.0 * (2.0 / 3.0) - 1.0;
    let first = (1..1000)
        .find(|&k| (2.0f64 / 3.0).ln() + 2.0 * k as f64 * f1.ln() > f64::MAX.ln())
        .unwrap();
    let r = report("lr=50&k=1000");
    assert!(r.annealed.diverged);
    assert_eq!(r.annealed.diverged_at_step, Some(first));
    let c = &r.captions;
    assert!(
        c.b.contains(&format!("the large steps diverge at step {first}")),
        "{}",
        c.b
    );
    assert!(c.b.contains("never reaches ε = 0.01"), "{}", c.b);
    assert!(c.c.ends_with("(B) diverges."), "{}", c.c);
    assert!(
        c.loss
            .ends_with(&format!("(B)'s large steps diverge at step {first}.")),
        "{}",
        c.loss
    );
    reads_as_sentences(&r);
}

/// When not comparable, (b) and the loss chart say so, with the step count as words ("after 3
/// steps") and the train loss formatted as the verdict has it.
#[test]
fn captions_say_when_the_comparison_is_not_like_for_like() {
    let r = report("lr=1.08");
    let c = &r.captions;
    assert!(c.b.contains("after 3 steps"), "{}", c.b);
    assert!(c.b.contains("0.004998 (0.5 ε), below ε = 0.01"), "{}", c.b);
    for text in [&c.b, &c.loss] {
        assert!(
            text.contains("not the paper's like-for-like comparison"),
            "{text}"
        );
    }
    assert!(
        c.c.contains("inside the level set (train loss 0.5 ε)"),
        "{}",
        c.c
    );
    reads_as_sentences(&r);

    // With cut, (b) says which step was shortened and by how much (35/36 = 0.9722, lr = 0.9).
    let r = report("lr=0.9&gd_stop=cut");
    let c = &r.captions;
    assert!(
        c.b.contains("during step 2, which is cut to 0.9722 of its length"),
        "{}",
        c.b
    );
    for text in [&c.b, &c.loss] {
        assert!(!text.contains("like-for-like"), "{text}");
    }
    reads_as_sentences(&r);

    // Every preset and a few edge states read as sentences.
    for q in [
        "preset=prop1",
        "preset=unlucky",
        "preset=small-lr",
        "preset=large-lr",
        "preset=more-samples",
        "preset=lemma2-3d",
        "eps=5",
        "k=0",
        "k=1",
        "gamma=1,0.5&lambda=0.2,0.8",
        "noise=0.3&eps=0.05",
    ] {
        reads_as_sentences(&report(q));
    }
}

/// A large step that lands on beta* exactly (x = e1, e2 so gamma = (1/2, 1/2); eta = 1 makes
/// both factors 1 - 2 eta gamma_j = 0) stops at train loss 0 with test loss 0: there is no ratio,
/// and the verdict says the stop is below eps rather than that a run did not reach it.
#[test]
fn a_step_onto_beta_star_is_not_comparable_not_unreached() {
    let r = report("x=1,2&lr=1&k=1");
    assert_eq!(r.annealed.test_loss, Some(0.0));
    assert_eq!(r.ratio, None);
    assert!(!r.comparable);
    assert_eq!(r.verdict.kind, "not_comparable", "{}", r.verdict.text);
    assert!(r.verdict.text.contains("below ε"), "{}", r.verdict.text);
}
