//! The paper's numbers (Nakkiran 2020, Section 2 and Appendix A), checked against closed forms
//! derived by hand in the comments next to each check. No expected value here is computed by
//! calling the code under test.
//!
//! Notation: `delta = beta - beta*` (no noise), `gamma_j = count_j / n`, `lambda_j = 1/d`,
//! `L_hat = sum_j gamma_j delta_j^2`, `L_D = sum_j lambda_j delta_j^2`, `beta0 = 0` so that
//! `delta_j(0) = -beta*_j`. Gradient flow: `delta_j(t) = delta_j(0) e^{-2 gamma_j t}`. Gradient
//! descent: `delta_j <- (1 - 2 lr gamma_j) delta_j`.

use crate::common::{assert_rel, report, repr_rel, root_decreasing};

use lr_anneal::dynamics::{GdStop, Lr, Schedule};
use lr_anneal::montecarlo::{exact, wilson, MonteCarlo, Setup};
use lr_anneal::Params;

// ---------------------------------------------------------------------------------------------
// Section 2's table
// ---------------------------------------------------------------------------------------------

/// x = e1, e1, e2: gamma = (2/3, 1/3), lambda = (1/2, 1/2), so lambda/gamma = (3/4, 3/2).
/// Good: all of eps on coordinate 1, (2/3) r^2 = eps => r = sqrt(3 eps / 2), test (1/2) r^2 =
/// 0.75 eps. Bad: all on coordinate 2, (1/3) r^2 = eps => r = sqrt(3 eps), test 1.5 eps.
#[test]
fn paper_table_good_and_bad_points_of_the_level_set() {
    for eps in [1e-12f64, 1e-6, 0.01, 0.3, 1.0, 7.5, 1e6] {
        for (beta, scale) in [("0,0", 0.0), ("1,1", 1.0), ("-3,0.5", 3.0)] {
            let r = report(&format!("beta={beta}&x=1,1,2&eps={eps}"));
            let ls = r
                .level_set
                .as_ref()
                .expect("no noise: the level set exists");
            let (good, bad) = ((1.5 * eps).sqrt(), (3.0 * eps).sqrt());
            // 1e-12 when beta* = 0; otherwise the residual is read back from beta = beta* + r.
            let (tg, tb) = (repr_rel(scale, good), repr_rel(scale, bad));
            assert_rel(ls.good_test_loss, 0.75 * eps, tg, "good test loss");
            assert_rel(ls.bad_test_loss, 1.5 * eps, tb, "bad test loss");
            // Residuals exactly as in the table (positive entry, zero on the other coordinate).
            assert_rel(ls.good_residual[0], good, tg, "good residual 1");
            assert_eq!(ls.good_residual[1], 0.0);
            assert_eq!(ls.bad_residual[0], 0.0);
            assert_rel(ls.bad_residual[1], bad, tb, "bad residual 2");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gradient flow vs annealing on beta* = (b, b), x = 1,1,2
// ---------------------------------------------------------------------------------------------

/// Hand derivation. delta(0) = (-b, -b), s = b^2, u = e^{-4T/3}:
///   delta_1(T)^2 = s e^{-8T/3} = s u^2, delta_2(T)^2 = s e^{-4T/3} = s u,
///   L_hat = (2/3) s u^2 + (1/3) s u = eps  =>  2 s u^2 + s u - 3 eps = 0
///   => u = (-s + sqrt(s^2 + 24 s eps)) / (4 s) = 6 eps / (s + sqrt(s^2 + 24 s eps)) (stable form),
///   T = -(3/4) ln u,  L_D = (s/2)(u^2 + u).
/// Annealed with lr = 1.5: factors 1 - 2(1.5)(2/3) = -1 and 1 - 2(1.5)(1/3) = 0, so after the first
/// step delta = (b, 0) and after K = 4 steps delta = (-b, 0), i.e. beta = (0, b). The flow then
/// only moves delta_1: (2/3) s e^{-8t/3} = eps => t = (3/8) ln(2 s / (3 eps)), L_D = (1/2)(3 eps/2)
/// = 0.75 eps. Ratio: using s u^2 = (3/2) eps - s u / 2, L_D(GF) = 3 eps/4 + s u/4, so
/// ratio = 1 + s u / (3 eps), which tends to 2 as s -> infinity (s u -> 3 eps).
fn closed_form_b_b(b: f64, eps: f64) -> (f64, f64, f64, f64) {
    let s = b * b;
    let u = 6.0 * eps / (s + (s * s + 24.0 * s * eps).sqrt());
    let t_gf = -0.75 * u.ln();
    let test_gf = 0.5 * s * (u * u + u);
    let t_an = 0.375 * (2.0 * s / (3.0 * eps)).ln();
    let ratio = 1.0 + s * u / (3.0 * eps);
    (t_gf, test_gf, t_an, ratio)
}

#[test]
fn gradient_flow_and_annealing_on_b_b_match_the_closed_form() {
    let eps = 0.01;
    let mut last_ratio = 0.0;
    for b in [1.0, 10.0, 100.0, 1000.0] {
        let r = report(&format!("beta={b},{b}&x=1,1,2&eps={eps}&lr=1.5&k=4"));
        let (t_gf, test_gf, t_an, ratio) = closed_form_b_b(b, eps);
        let gf = &r.gradient_flow;
        assert!(gf.reached);
        assert_rel(gf.time.unwrap(), t_gf, 1e-12, "gradient flow stop time");
        // 1e-10: beta_2 = b - delta_2 is stored next to b, so delta_2 carries an error of about
        // ulp(b) / |delta_2| (~1e-12 at b = 1000).
        assert_rel(
            gf.test_loss.unwrap(),
            test_gf,
            1e-10,
            "gradient flow test loss",
        );
        assert_rel(
            gf.train_loss.unwrap(),
            eps,
            1e-10,
            "gradient flow train loss",
        );

        let an = &r.annealed;
        assert_eq!(an.lr, 1.5);
        assert_eq!(an.gd_steps, 4);
        assert!(!an.diverged && !an.stopped_in_gd && an.reached);
        // delta_2 killed in one step, delta_1 flipped four times: beta = (0, b) exactly.
        assert_eq!(an.beta_after_gd, vec![0.0, b]);
        assert_rel(an.time.unwrap(), t_an, 1e-12, "annealed flow time");
        assert_rel(
            an.test_loss.unwrap(),
            0.75 * eps,
            1e-10,
            "annealed test loss",
        );
        assert_eq!(an.beta.as_ref().unwrap()[1], b, "delta_2 stays exactly 0");

        let got = r.ratio.unwrap();
        assert_rel(got, ratio, 1e-10, "ratio GF / annealed");
        assert!(got > last_ratio, "ratio must increase with b");
        assert!(got < 2.0, "ratio stays below its limit 2");
        last_ratio = got;
    }
    assert!(last_ratio > 1.999, "ratio at b = 1000 is {last_ratio}");
}

/// The paper preset is the b = 1, eps = 0.01 case above: ratio = 1 + u/0.03 with
/// u = 0.06 / (1 + sqrt(1.24)) = 0.02838..., i.e. 1.9463.
#[test]
fn paper_preset_annealing_roughly_halves_the_test_loss() {
    let r = report("preset=paper");
    let (_, test_gf, _, ratio) = closed_form_b_b(1.0, 0.01);
    let got = r.ratio.unwrap();
    assert!(got >= 1.9, "ratio {got}");
    assert_rel(got, ratio, 1e-12, "paper ratio");
    assert_rel(r.gradient_flow.test_loss.unwrap(), test_gf, 1e-12, "GF");
    assert_rel(r.annealed.test_loss.unwrap(), 0.0075, 1e-12, "annealed");
    // The two runs end on the level set between its good (0.75 eps) and bad (1.5 eps) points.
    let ls = r.level_set.clone().unwrap();
    assert!(ls.good_test_loss <= r.annealed.test_loss.unwrap() * (1.0 + 1e-12));
    assert!(r.gradient_flow.test_loss.unwrap() <= ls.bad_test_loss);
}

/// GD trajectory on the paper draw with lr = 1.5 and K = 4: beta_1 alternates 2, 0, 2, 0 (delta_1
/// = +-1), beta_2 = 1 from step 1 on. Train losses 1, 2/3, 2/3, 2/3, 2/3; test losses 1, 1/2, ...
#[test]
fn paper_gd_iterates_oscillate_on_the_top_direction() {
    let parsed = Params::from_query("preset=paper");
    let r = lr_anneal::run(&parsed.params, Vec::new(), true);
    let traj = r.trajectory.clone().unwrap();
    let json = serde_json::to_value(&traj.annealed_gd).unwrap();
    let expect = [
        ([0.0, 0.0], 1.0, 1.0),
        ([2.0, 1.0], 2.0 / 3.0, 0.5),
        ([0.0, 1.0], 2.0 / 3.0, 0.5),
        ([2.0, 1.0], 2.0 / 3.0, 0.5),
        ([0.0, 1.0], 2.0 / 3.0, 0.5),
    ];
    let pts = json.as_array().unwrap();
    assert_eq!(pts.len(), expect.len());
    for (i, (p, (beta, train, test))) in pts.iter().zip(expect).enumerate() {
        let b: Vec<f64> = serde_json::from_value(p["beta"].clone()).unwrap();
        assert_eq!(b, beta.to_vec(), "iterate {i}");
        assert_rel(p["train_loss"].as_f64().unwrap(), train, 1e-15, "train");
        assert_rel(p["test_loss"].as_f64().unwrap(), test, 1e-15, "test");
        // A step of size lr counts as time lr.
        assert_eq!(p["t"].as_f64().unwrap(), 1.5 * i as f64);
    }
}

// ---------------------------------------------------------------------------------------------
// Proposition 1
// ---------------------------------------------------------------------------------------------

/// prop1: beta* = 100 alpha^{-1/2} (1, 1) with alpha = 0.1, eps = 0.5, lr = 1.5, K = 4.
/// Lemma 2 with S = {2}: p = gamma_1/gamma_2 - 1 = 1; condition 2's alpha
///   = eps^p (gamma_1 delta_1(0)^2) / (|S| gamma_2 delta_2(0)^2)^{1+p}
///   = eps (2/3) s / ((1/3) s)^2 = 6 eps / s,   s = b^2 (= 1e5): alpha = 3e-5.
/// Conclusion 1: L_D(GF) >= eps (1 - alpha) lambda_2/gamma_2 = 1.5 eps (1 - alpha).
/// Conclusion 2: c = (1 - 2 gamma_2/gamma_1)^2 = 0, so the tail vanishes: L_D(annealed) <= 0.75 eps.
#[test]
fn proposition1_bounds_on_the_prop1_preset() {
    let b: f64 = 316.227_766_016_837_96; // the preset's value, 100 / sqrt(0.1)
    assert_rel(b, 100.0 / 0.1f64.sqrt(), 1e-15, "preset beta*");
    let s = b * b;
    let eps = 0.5;
    let alpha = 6.0 * eps / s;
    assert_rel(alpha, 3e-5, 1e-12, "alpha by hand");

    let r = report("preset=prop1");
    let gf = r.gradient_flow.test_loss.unwrap();
    let an = r.annealed.test_loss.unwrap();
    // Proposition 1 with its alpha = 0.1 and with the draw's own alpha.
    assert!(gf >= 1.5 * eps * (1.0 - 0.1));
    assert!(gf >= 1.5 * eps * (1.0 - alpha) * (1.0 - 1e-12));
    assert!(an <= 0.75 * eps * (1.0 + 1e-12));
    // And the exact values from the b-b closed form.
    let (_, test_gf, _, _) = closed_form_b_b(b, eps);
    assert_rel(gf, test_gf, 1e-10, "prop1 GF");
    assert_rel(an, 0.75 * eps, 1e-10, "prop1 annealed");

    let p1 = r
        .bounds
        .proposition1
        .as_ref()
        .expect("d = 2, n = 3, no noise");
    assert_eq!(p1.case, "lucky");
    assert_eq!(p1.probability, 0.75);
    assert_eq!(p1.identical_test_loss, None);
    let l2 = p1.lemma2.as_ref().unwrap();
    assert_eq!(l2.small, vec![2]);
    assert_rel(l2.p, 1.0, 1e-15, "p");
    assert_rel(l2.alpha.unwrap(), alpha, 1e-12, "alpha");
    assert!(l2.condition1 && l2.condition2 && l2.lr_is_inverse_gamma_max);
    assert_rel(
        l2.condition1_value,
        (2.0 / 3.0) * s,
        1e-12,
        "condition 1 value",
    );
    assert_rel(
        l2.gradient_flow_lower.unwrap(),
        1.5 * eps * (1.0 - alpha),
        1e-12,
        "GF lower bound",
    );
    assert_rel(l2.annealed_upper, 0.75 * eps, 1e-12, "annealed upper bound");
    assert!(l2.gradient_flow_lower_applies && l2.gradient_flow_lower_holds);
    assert!(l2.annealed_upper_applies && l2.annealed_upper_holds);
    // The Proposition 1 entry is the first (only) Lemma 2 split.
    assert_eq!(r.bounds.lemma2.len(), 1);
    assert_eq!(&r.bounds.lemma2[0], l2);
}

/// "For all 0 < eps < 1" with the same distribution: alpha = 6 eps / 1e5 <= 6e-5 < 0.1 for every
/// such eps, so both bounds must hold at every eps. The annealed run ends at exactly 0.75 eps (the
/// b-b closed form), up to reading delta_1 = sqrt(1.5 eps) back from beta_1 = b + delta_1.
#[test]
fn proposition1_holds_for_every_eps_below_one() {
    let b: f64 = 316.227_766_016_837_96;
    for eps in [1e-9f64, 1e-6, 1e-3, 0.1, 0.5, 0.9, 0.999] {
        let r = report(&format!("preset=prop1&eps={eps}"));
        let gf = r.gradient_flow.test_loss.unwrap();
        let an = r.annealed.test_loss.unwrap();
        assert!(gf >= 1.5 * eps * 0.9, "eps {eps}: GF {gf}");
        let (_, test_gf, _, _) = closed_form_b_b(b, eps);
        assert_rel(gf, test_gf, repr_rel(b, (3.0 * eps).sqrt()), "GF");
        assert_rel(an, 0.75 * eps, repr_rel(b, (1.5 * eps).sqrt()), "annealed");
        let l2 = &r.bounds.lemma2[0];
        assert_rel(l2.alpha.unwrap(), 6.0 * eps / (b * b), 1e-12, "alpha");
        assert!(l2.condition1 && l2.condition2 && l2.lr_is_inverse_gamma_max);
    }
}

/// The report's "holds" flags must not call a proven bound violated because of rounding. At
/// prop1 with eps = 1e-9 both conditions hold (condition 1: (2/3) 1e5 > eps; alpha = 6e-14), so
/// both conclusions are theorems; the simulated losses equal them up to the rounding of
/// beta = 316.2... + delta with |delta| ~ 4e-5 (relative error ~ EPSILON * 316 / 4e-5 ~ 2e-9, far
/// above the crate's 1e-12 slack).
#[test]
fn proven_bounds_are_not_reported_violated_because_of_rounding() {
    let r = report("preset=prop1&eps=1e-9");
    let l2 = &r.bounds.lemma2[0];
    assert!(l2.gradient_flow_lower_applies && l2.annealed_upper_applies);
    assert!(
        l2.gradient_flow_lower_holds,
        "BUG: GF {:e} vs proven lower bound {:e} reported violated",
        r.gradient_flow.test_loss.unwrap(),
        l2.gradient_flow_lower.unwrap()
    );
    assert!(
        l2.annealed_upper_holds,
        "BUG: annealed {:e} vs proven upper bound {:e} reported violated",
        r.annealed.test_loss.unwrap(),
        l2.annealed_upper
    );
}

// ---------------------------------------------------------------------------------------------
// The 1/4 case
// ---------------------------------------------------------------------------------------------

/// All samples on one coordinate j: gamma_j = 1, the other coordinate is never moved (stays 0).
/// Both runs end where gamma_j delta_j^2 = eps, so L_D = (1/2) eps + (1/2) beta*_other^2 for both,
/// and the level set is the two points delta_j = +-sqrt(eps): good = bad = the same value.
#[test]
fn the_unlucky_quarter_is_one_dimensional() {
    let cases = [
        ("preset=unlucky", 0.01, 1.0),
        ("preset=unlucky&k=5", 0.01, 1.0),
        ("preset=unlucky&lr=1.5", 0.01, 1.0),
        ("beta=3,-2&x=2,2,2&eps=0.2&lr=auto&k=3", 0.2, 3.0),
        ("beta=3,-2&x=2,2,2&eps=1e-8&lr=auto&k=4", 1e-8, 3.0),
        ("beta=-7,0.5&x=1,1,1&eps=0.05&lr=1&k=1000", 0.05, 0.5),
    ];
    for (query, eps, other) in cases {
        let r = report(query);
        let expected = 0.5 * eps + 0.5 * other * other;
        let gf = r.gradient_flow.test_loss.unwrap();
        let an = r.annealed.test_loss.unwrap();
        assert_rel(gf, expected, 1e-12, query);
        assert_rel(an, expected, 1e-12, query);
        assert!((gf - an).abs() <= 1e-12 * gf, "{query}: {gf} vs {an}");
        let ls = r.level_set.clone().unwrap();
        assert_rel(ls.good_test_loss, expected, 1e-12, query);
        assert_rel(ls.bad_test_loss, expected, 1e-12, query);
        let p1 = r.bounds.proposition1.clone().unwrap();
        assert_eq!(p1.case, "unlucky");
        assert_eq!(p1.probability, 0.25);
        assert_eq!(p1.identical_test_loss, Some(true));
        assert!(p1.lemma2.is_none());
        assert!(
            r.bounds.lemma2.is_empty(),
            "one distinct eigenvalue: no split"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo and the exact probability
// ---------------------------------------------------------------------------------------------

fn paper_setup(n: usize, lr: Lr) -> Setup {
    Setup {
        beta_star: vec![1.0, 1.0],
        n,
        noise: 0.0,
        eps: 0.01,
        lr,
        k: 4,
        gd_stop: GdStop::Check,
        schedule: Schedule::Constant,
        lr_end: 0.01,
        batch: 0,
        inputs: lr_anneal::model::Inputs::Basis,
        cov: vec![0.5, 0.5],
    }
}

/// n = 3, d = 2: counts (3,0), (0,3) have probability 1/8 each and ratio 1 (one-dimensional);
/// (2,1), (1,2) have probability 3/8 each and ratio 1.946 (the b = 1 closed form). So
/// P(ratio >= 1.5) = 3/4 exactly, and 200k draws must put 3/4 inside their 95% interval.
#[test]
fn monte_carlo_reproduces_three_quarters() {
    let setup = paper_setup(3, Lr::Fixed(1.5));
    let ex = exact(&setup).unwrap();
    assert_rel(ex.probability, 0.75, 1e-12, "exact probability");
    assert_eq!(ex.pattern_count, 4);
    let (_, _, _, ratio) = closed_form_b_b(1.0, 0.01);
    for pat in &ex.patterns {
        let (prob, r) = match pat.counts.as_slice() {
            [3, 0] | [0, 3] => (0.125, 1.0),
            [2, 1] | [1, 2] => (0.375, ratio),
            other => panic!("unexpected pattern {other:?}"),
        };
        assert_rel(pat.probability, prob, 1e-12, "pattern probability");
        assert_rel(pat.ratio.unwrap(), r, 1e-12, "pattern ratio");
    }

    let mut mc = MonteCarlo::new(setup, 12345);
    mc.run(200_000);
    assert_eq!(mc.trials, 200_000);
    assert_eq!(mc.undefined, 0);
    let (lo, hi) = mc.ci95();
    assert!(lo <= 0.75 && 0.75 <= hi, "3/4 outside [{lo}, {hi}]");
    assert!(lo <= mc.fraction() && mc.fraction() <= hi);
    // The histogram: ratio 1 lands in the bin centred on 1.0 (index 10), 1.946 in the one on 1.9.
    assert_eq!(mc.bins[10] + mc.bins[19], 200_000);
    assert_eq!(mc.bins[19], mc.helped);
}

/// n = 2, d = 2, lr = auto. (2,0), (0,2): probability 1/4 each, one-dimensional, ratio 1.
/// (1,1): probability 1/2, gamma = (1/2, 1/2), lr = 2, factor 1 - 2*2*(1/2) = -1 on both, so the
/// large steps only flip the sign and the flow then retraces gradient flow: ratio 1. P = 0.
#[test]
fn exact_probability_two_samples_auto_lr_is_zero() {
    let ex = exact(&paper_setup(2, Lr::Auto)).unwrap();
    assert_eq!(ex.probability, 0.0);
    for pat in &ex.patterns {
        let prob = if pat.counts == [1, 1] { 0.5 } else { 0.25 };
        assert_rel(pat.probability, prob, 1e-12, "pattern probability");
        assert_rel(pat.ratio.unwrap(), 1.0, 1e-12, "pattern ratio");
    }
}

/// n = 2, d = 2, lr = 1.5 fixed. For (1,1) the factor is 1 - 2(1.5)(1/2) = -1/2 on both
/// coordinates: delta = (-1,-1) (-1/2)^k, train loss = delta^2 = 1, 1/4, 1/16, 1/64, 1/256; the
/// check before step 4 sees 1/256 <= 0.01 and stops inside gradient descent with test loss
/// (1/2)(2/256) = 1/256. Gradient flow stops on the level set where both deltas are equal:
/// delta^2 = eps, test = eps. Ratio = 0.01 * 256 = 2.56 >= 1.5, so P = 1/2.
#[test]
fn exact_probability_two_samples_lr_one_and_a_half_is_one_half() {
    let ex = exact(&paper_setup(2, Lr::Fixed(1.5))).unwrap();
    assert_rel(ex.probability, 0.5, 1e-12, "exact probability");
    let mid = ex.patterns.iter().find(|p| p.counts == [1, 1]).unwrap();
    assert_rel(mid.ratio.unwrap(), 2.56, 1e-12, "(1,1) ratio");
    let r = report("beta=1,1&x=1,2&eps=0.01&lr=1.5&k=4");
    assert!(r.annealed.stopped_in_gd);
    assert_eq!(r.annealed.gd_steps, 4);
    assert_eq!(r.annealed.beta_after_gd, vec![1.0 - 1.0 / 16.0; 2]);
    assert_rel(
        r.annealed.test_loss.unwrap(),
        1.0 / 256.0,
        1e-12,
        "annealed",
    );
    assert_rel(r.gradient_flow.test_loss.unwrap(), 0.01, 1e-12, "GF");
}

/// n = 4, d = 2, lr = auto, K = 4, eps = 0.01.
/// (4,0), (0,4): 1/16 each, ratio 1. (2,2): 6/16, gamma = (1/2,1/2), lr = 2, factor -1 on both:
/// ratio exactly 1. (3,1), (1,3): 4/16 each, gamma = (3/4, 1/4), lr = 4/3, factors -1 and 1/3.
///   GF with v = e^{-T}: delta_1^2 = v^3, delta_2^2 = v; (3/4) v^3 + (1/4) v = eps;
///   L_D = (1/2)(v^3 + v) ~ 2 eps.
///   Annealed: after 4 steps delta = (-1, -3^{-4}); with w = e^{-t}: delta_1^2 = w^3,
///   delta_2^2 = 3^{-8} w; (3/4) w^3 + (1/4) 3^{-8} w = eps; L_D = (1/2)(w^3 + 3^{-8} w) ~ (2/3) eps.
///   Ratio ~ 3 >= 1.5. So P = 8/16 = 1/2.
#[test]
fn exact_probability_four_samples_auto_lr_is_one_half() {
    let eps = 0.01;
    let v = root_decreasing(|v| eps - (0.75 * v.powi(3) + 0.25 * v), 0.0, 1.0);
    let c = 3f64.powi(-8);
    let w = root_decreasing(|w| eps - (0.75 * w.powi(3) + 0.25 * c * w), 0.0, 1.0);
    let ratio_31 = (0.5 * (v.powi(3) + v)) / (0.5 * (w.powi(3) + c * w));
    assert!(ratio_31 > 2.9 && ratio_31 < 3.0);

    let ex = exact(&paper_setup(4, Lr::Auto)).unwrap();
    assert_rel(ex.probability, 0.5, 1e-12, "exact probability");
    assert_eq!(ex.pattern_count, 5);
    for pat in &ex.patterns {
        let (prob, r) = match pat.counts.as_slice() {
            [4, 0] | [0, 4] => (1.0 / 16.0, 1.0),
            [2, 2] => (6.0 / 16.0, 1.0),
            [3, 1] | [1, 3] => (4.0 / 16.0, ratio_31),
            other => panic!("unexpected pattern {other:?}"),
        };
        assert_rel(pat.probability, prob, 1e-12, "pattern probability");
        assert_rel(pat.ratio.unwrap(), r, 1e-9, "pattern ratio");
    }
}

/// As trials grow the Monte Carlo fraction approaches the exact probability: within 4 standard
/// errors sqrt(p (1 - p) / N) at every N, and the error bound shrinks like 1/sqrt(N).
#[test]
fn monte_carlo_converges_to_the_exact_probability() {
    for (setup, p) in [
        (paper_setup(4, Lr::Auto), 0.5),
        (paper_setup(3, Lr::Fixed(1.5)), 0.75),
    ] {
        let mut mc = MonteCarlo::new(setup, 7);
        let mut done = 0;
        for total in [1_000u64, 10_000, 100_000] {
            mc.run(total - done);
            done = total;
            let sigma = (p * (1.0 - p) / total as f64).sqrt();
            let err = (mc.fraction() - p).abs();
            assert!(
                err <= 4.0 * sigma,
                "N = {total}: |{} - {p}| > 4 sigma",
                mc.fraction()
            );
        }
        assert_eq!(mc.trials, 100_000);
    }
}

/// Wilson's score interval, textbook form: centre (p + z^2/2N)/(1 + z^2/N), half-width
/// z sqrt(p(1-p)/N + z^2/4N^2)/(1 + z^2/N). For 50/100 with z = 1.959964: [0.40383, 0.59617].
#[test]
fn wilson_interval_textbook_values() {
    let (lo, hi) = wilson(50, 100);
    assert!(
        (lo - 0.403_831).abs() < 1e-5 && (hi - 0.596_169).abs() < 1e-5,
        "{lo} {hi}"
    );
    // Zero successes: the lower end is 0 and the upper end is z^2/(N + z^2) = 0.036994 (N = 100).
    let (lo, hi) = wilson(0, 100);
    assert!(lo.abs() <= 1e-15, "{lo}"); // 0 up to rounding of centre - half
    assert!((hi - 3.841_459 / 103.841_459).abs() < 1e-6, "{hi}");
    assert_eq!(wilson(0, 0), (0.0, 1.0));
}

/// Different seeds give different draws but every seed reproduces its own.
#[test]
fn monte_carlo_is_seeded() {
    let run = |seed| {
        let mut mc = MonteCarlo::new(paper_setup(3, Lr::Fixed(1.5)), seed);
        mc.run(5_000);
        mc.helped
    };
    assert_eq!(run(1), run(1));
    assert_ne!((run(1), run(2), run(3)), (run(1), run(1), run(1)));
}

// ---------------------------------------------------------------------------------------------
// Lemma 2 in three dimensions
// ---------------------------------------------------------------------------------------------

/// lemma2-3d: x = e1 x3, e2 x2, e3: gamma = (1/2, 1/3, 1/6), lambda = 1/3, beta* = (1,1,1),
/// delta(0) = -1, loads gamma_j delta_j(0)^2 = gamma_j, eps = 0.01, lr = auto = 2, K = 10.
///
/// S = {2,3}: p = gamma_1/gamma_2 - 1 = 1/2; j* = 3 (smallest load 1/6), |S| = 2;
///   alpha = eps^{1/2} (1/2) / (2/6)^{3/2} = 0.05 * 3^{3/2} = 0.2598...;
///   GF lower = eps (1 - alpha) min(1/3 / 1/3, 1/3 / 1/6) = eps (1 - alpha).
/// S = {3}: p = gamma_2/gamma_3 - 1 = 1; alpha = eps (1/2 + 1/3) / (1/6)^2 = 30 eps = 0.3;
///   GF lower = eps (1 - 0.3) (1/3)/(1/6) = 1.4 eps.
/// Condition 1: gamma_1 delta_1(0)^2 = 1/2 > eps. Annealed: c = max((1 - 2(1/3)/(1/2))^2,
///   (1 - 2(1/6)/(1/2))^2) = 1/9; upper = eps (1/3)/(1/2) + c^10 (1/3 + 1/3) = (2/3)(eps + 9^{-10}).
#[test]
fn lemma2_three_dimensions() {
    let eps = 0.01;
    let r = report("preset=lemma2-3d");
    assert_eq!(r.samples.gamma, vec![0.5, 1.0 / 3.0, 1.0 / 6.0]);
    assert_eq!(r.annealed.lr, 2.0);
    let l = &r.bounds.lemma2;
    assert_eq!(l.len(), 2);
    let upper = (2.0 / 3.0) * (eps + 9f64.powi(-10));

    let a = &l[0];
    assert_eq!(a.small, vec![2, 3]);
    assert_rel(a.p, 0.5, 1e-12, "p for S={2,3}");
    let alpha_a = 0.05 * 3f64.powf(1.5);
    assert_rel(a.alpha.unwrap(), alpha_a, 1e-12, "alpha for S={2,3}");
    assert_rel(
        a.gradient_flow_lower.unwrap(),
        eps * (1.0 - alpha_a),
        1e-12,
        "lower S={2,3}",
    );

    let b = &l[1];
    assert_eq!(b.small, vec![3]);
    assert_rel(b.p, 1.0, 1e-12, "p for S={3}");
    assert_rel(b.alpha.unwrap(), 0.3, 1e-12, "alpha for S={3}");
    assert_rel(
        b.gradient_flow_lower.unwrap(),
        1.4 * eps,
        1e-12,
        "lower S={3}",
    );

    for e in l {
        assert_rel(e.condition1_value, 0.5, 1e-15, "condition 1 value");
        assert!(e.condition1 && e.condition2 && e.lr_is_inverse_gamma_max);
        assert_rel(e.annealed_upper, upper, 1e-12, "annealed upper");
        assert!(e.gradient_flow_lower_applies && e.gradient_flow_lower_holds);
        assert!(e.annealed_upper_applies && e.annealed_upper_holds);
    }
    assert!(r.bounds.proposition1.is_none(), "d = 3");

    // The simulated losses from the hand-derived stopping equations.
    // GF: delta_j(T)^2 = e^{-4 gamma_j T}: L_hat = (1/2)e^{-2T} + (1/3)e^{-4T/3} + (1/6)e^{-2T/3}.
    let t = root_decreasing(
        |t| {
            0.5 * (-2.0 * t).exp() + (-4.0 * t / 3.0).exp() / 3.0 + (-2.0 * t / 3.0).exp() / 6.0
                - eps
        },
        0.0,
        100.0,
    );
    let test_gf = ((-2.0 * t).exp() + (-4.0 * t / 3.0).exp() + (-2.0 * t / 3.0).exp()) / 3.0;
    assert_rel(r.gradient_flow.time.unwrap(), t, 1e-12, "3-D GF time");
    assert_rel(
        r.gradient_flow.test_loss.unwrap(),
        test_gf,
        1e-12,
        "3-D GF test loss",
    );
    // Annealed: factors -1, -1/3, 1/3; after 10 steps delta = (-1, -3^{-10}, -3^{-10}); then
    // L_hat(t) = (1/2)e^{-2t} + 3^{-20}((1/3)e^{-4t/3} + (1/6)e^{-2t/3}).
    let c = 3f64.powi(-20);
    let t = root_decreasing(
        |t| {
            0.5 * (-2.0 * t).exp()
                + c * ((-4.0 * t / 3.0).exp() / 3.0 + (-2.0 * t / 3.0).exp() / 6.0)
                - eps
        },
        0.0,
        100.0,
    );
    let test_an = ((-2.0 * t).exp() + c * ((-4.0 * t / 3.0).exp() + (-2.0 * t / 3.0).exp())) / 3.0;
    assert_rel(r.annealed.time.unwrap(), t, 1e-12, "3-D annealed time");
    assert_rel(
        r.annealed.test_loss.unwrap(),
        test_an,
        1e-12,
        "3-D annealed test loss",
    );
    let d = 3f64.powi(-10);
    let after: Vec<f64> = r.annealed.beta_after_gd.clone();
    assert_eq!(after[0], 0.0);
    assert_rel(1.0 - after[1], d, 1e-9, "delta_2 after GD");
    assert_rel(1.0 - after[2], d, 1e-9, "delta_3 after GD");
}

/// eps = 0.6 on the lemma2-3d draw: condition 1 needs 1/2 > 0.6 (false); alpha(S={2,3}) =
/// sqrt(0.6) * 0.5 * 3^{3/2} = 2.01 and alpha(S={3}) = 30 * 0.6 = 18, both >= 1. Nothing applies.
/// eps = 0.1: condition 1 holds (1/2 > 0.1); alpha(S={2,3}) = sqrt(0.1) * 2.598 = 0.8216 < 1,
/// alpha(S={3}) = 3 >= 1.
#[test]
fn lemma2_conditions_fail_for_large_eps() {
    let r = report("preset=lemma2-3d&eps=0.6");
    for e in &r.bounds.lemma2 {
        assert!(!e.condition1 && !e.condition2);
        assert!(!e.gradient_flow_lower_applies && !e.annealed_upper_applies);
    }
    assert_rel(
        r.bounds.lemma2[0].alpha.unwrap(),
        0.6f64.sqrt() * 0.5 * 3f64.powf(1.5),
        1e-12,
        "a",
    );
    assert_rel(
        r.bounds.lemma2[1].alpha.unwrap(),
        18.0,
        1e-12,
        "alpha S={3}",
    );

    let r = report("preset=lemma2-3d&eps=0.1");
    let (a, b) = (&r.bounds.lemma2[0], &r.bounds.lemma2[1]);
    assert!(a.condition1 && b.condition1);
    assert_rel(
        a.alpha.unwrap(),
        0.1f64.sqrt() * 0.5 * 3f64.powf(1.5),
        1e-12,
        "alpha S={2,3}",
    );
    assert!(a.condition2 && a.gradient_flow_lower_applies && a.gradient_flow_lower_holds);
    assert_rel(b.alpha.unwrap(), 3.0, 1e-12, "alpha S={3}");
    assert!(!b.condition2 && !b.gradient_flow_lower_applies);
}

/// A fixed lr that is not 1/gamma_1 (the paper preset with lr = 1.4): condition 1 still holds, but
/// the annealed bound is not claimed (lr_is_inverse_gamma_max = false).
#[test]
fn lemma2_annealed_bound_needs_the_lemmas_learning_rate() {
    let r = report("preset=paper&lr=1.4");
    let e = &r.bounds.lemma2[0];
    assert!(e.condition1 && !e.lr_is_inverse_gamma_max && !e.annealed_upper_applies);
}

/// Lemma 2's conclusions are stated under BOTH conditions. Without condition 1 the gradient-flow
/// lower bound can be false, and must not be reported as applying.
///
/// beta* = (0.01, 0.1), x = 1,1,2, eps = 0.01: L_hat(0) = (2/3)1e-4 + (1/3)1e-2 = 0.0034 < eps,
/// so gradient flow stops at T = 0 with L_D = (1/2)(1e-4 + 1e-2) = 0.00505. Condition 2 holds:
/// alpha = eps (2/3)1e-4 / ((1/3)1e-2)^2 = 0.06 < 1, but condition 1 fails ((2/3)1e-4 < eps), and
/// the bound eps (1 - 0.06)(3/2) = 0.0141 is indeed violated (0.00505 < 0.0141).
/// (The proof needs L_hat(delta(T)) = eps, which condition 1 guarantees.)
#[test]
fn lemma2_gradient_flow_bound_requires_condition1() {
    let r = report("beta=0.01,0.1&x=1,1,2&eps=0.01");
    assert_eq!(r.gradient_flow.time, Some(0.0));
    assert_rel(
        r.gradient_flow.test_loss.unwrap(),
        0.00505,
        1e-12,
        "GF at beta0",
    );
    let e = &r.bounds.lemma2[0];
    assert_rel(e.alpha.unwrap(), 0.06, 1e-12, "alpha");
    assert!(!e.condition1);
    assert_rel(
        e.gradient_flow_lower.unwrap(),
        0.0141,
        1e-12,
        "claimed lower bound",
    );
    assert!(
        !e.gradient_flow_lower_holds,
        "the bound is really violated here"
    );
    assert!(
        !e.gradient_flow_lower_applies,
        "BUG: conclusion 1 reported as applying without condition 1 (it is then false)"
    );
}

#[test]
fn the_verdict_states_the_papers_numbers() {
    use lr_anneal::fmt::fmt_num;
    // Paper preset: after K = 4 steps of 1/gamma_1 = 1.5 the second coordinate is fitted
    // (1 - 2 * 1.5 / 3 = 0) and the first bounces (factor -1); the flow then fits the first alone
    // and stops where (2/3) delta_1^2 = eps: test loss (1/2)(3/2) eps = 0.75 eps.
    let r = report("preset=paper");
    assert_eq!(r.verdict.kind, "helps");
    let ratio = r.ratio.unwrap();
    assert!(
        r.verdict.text.contains("test loss 0.75 ε against"),
        "{}",
        r.verdict.text
    );
    assert!(r
        .verdict
        .text
        .contains(&format!("{} times lower", fmt_num(ratio))));
    // All three samples on e1: both runs fit only beta_1 and end at the same point.
    assert_eq!(report("preset=unlucky").verdict.kind, "same");
    // Steps far beyond 2/gamma_max overflow.
    let diverged = report("lr=50&k=1000");
    assert_eq!(diverged.verdict.kind, "diverged");
    assert!(diverged
        .verdict
        .text
        .starts_with("The large steps diverged (step "));
    // A train loss below what label noise allows is reached by no point.
    assert_eq!(report("noise=1&eps=1e-9&n=3&seed=3").verdict.kind, "empty");
}
