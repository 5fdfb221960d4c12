//! Properties over random problems (proptest): the stop is on the level set, the level set's
//! extremes bound every stop, a tiny learning rate is gradient flow, presets are what they say,
//! canonical queries round-trip, hostile queries are harmless, proven bounds hold, and the noisy
//! level-set extremes agree with a brute-force scan.
//!
//! Expected values come from hand-derived closed forms (noted next to each check) or from
//! independent computations from the samples, never from the function under test.

use crate::common::{
    accepted, centers_and_floor, config, join, report, repr_rel, unexpected_nulls,
};

use lr_anneal::model::{rng, Quadratic, Samples};
use lr_anneal::params::{PRESETS, SCHEMA};
use lr_anneal::theory::level_set;
use lr_anneal::{Params, Report};
use proptest::prelude::*;

/// One random problem, in URL terms.
#[derive(Debug, Clone)]
struct Problem {
    beta: Vec<f64>,
    /// 1-based basis indices.
    x: Vec<usize>,
    eps: f64,
    noise: f64,
    seed: u64,
    lr: String,
    k: usize,
}

impl Problem {
    fn query(&self) -> String {
        format!(
            "beta={}&x={}&eps={}&noise={}&seed={}&lr={}&k={}",
            join(&self.beta),
            join(&self.x),
            self.eps,
            self.noise,
            self.seed,
            self.lr,
            self.k
        )
    }

    fn run(&self) -> Report {
        report(&self.query())
    }

    fn d(&self) -> usize {
        self.beta.len()
    }

    fn beta_scale(&self) -> f64 {
        self.beta.iter().fold(0.0, |m: f64, b| m.max(b.abs()))
    }
}

/// A coordinate of beta*: mostly uniform on [-10, 10], sometimes small or exactly 0 (so that
/// problems that start at or near the level set occur).
fn beta_coord() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -10.0f64..10.0,
        2 => -0.1f64..0.1,
        1 => Just(0.0),
    ]
}

fn lr_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("auto".to_string()),
        (1e-3f64..3.0).prop_map(|v| v.to_string()),
    ]
}

/// d in 1..=8, 1..=30 samples, eps in [1e-6, 1] (log-uniform), noise 0 or in (0, 2].
fn problem(noisy: bool, all_observed: bool) -> impl Strategy<Value = Problem> {
    (1usize..=8).prop_flat_map(move |d| {
        let noise = if noisy {
            prop_oneof![Just(0.0), 0.01f64..2.0].boxed()
        } else {
            Just(0.0).boxed()
        };
        (
            prop::collection::vec(beta_coord(), d),
            prop::collection::vec(1..=d, if all_observed { 0..=20 } else { 1..=30 }),
            -6.0f64..=0.0,
            noise,
            0u64..1_000_000,
            lr_value(),
            0usize..=20,
        )
            .prop_map(move |(beta, mut x, log_eps, noise, seed, lr, k)| {
                if all_observed {
                    x.extend(1..=d);
                }
                Problem {
                    beta,
                    x,
                    eps: 10f64.powf(log_eps).clamp(1e-6, 1.0),
                    noise,
                    seed,
                    lr,
                    k,
                }
            })
    })
}

// ---------------------------------------------------------------------------------------------
// The stop
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// When a run reaches eps through the flow (time > 0), L_hat at the stop is eps (to 1e-12
    /// relative, plus the rounding of the stored point); a run that stops at t = 0 or inside
    /// gradient descent is at most eps there; a run that never reaches eps has noise with a floor
    /// at or above eps.
    #[test]
    fn the_stop_is_on_the_level_set(p in problem(true, false)) {
        let r = p.run();
        let (_, _, floor) = centers_and_floor(
            &p.x.iter().map(|i| i - 1).collect::<Vec<_>>(), &r.samples.y, p.d());
        // Each term gamma_j delta_j^2 of L_hat is read from beta_j = c_j + delta_j: absolute error
        // up to gamma_j * 2|delta_j| * EPSILON |c_j| <= 2 EPSILON scale sqrt(eps) (gamma_j <= 1,
        // gamma_j delta_j^2 <= eps).
        let scale = r.samples.center.iter().fold(0.0, |m: f64, c| m.max(c.abs()));
        let tol = 1e-12 * p.eps + 4.0 * f64::EPSILON * scale * p.eps.sqrt() * p.d() as f64;
        let gf = &r.gradient_flow;
        if gf.reached {
            let train = gf.train_loss.unwrap();
            if gf.time.unwrap() > 0.0 {
                prop_assert!((train - p.eps).abs() <= tol, "GF train {train:e} vs eps {:e}", p.eps);
            } else {
                prop_assert!(train <= p.eps);
            }
        } else {
            prop_assert!(p.noise > 0.0);
            prop_assert!(floor >= p.eps * (1.0 - 1e-12), "floor {floor} < eps {}", p.eps);
            prop_assert!(!r.annealed.reached || r.annealed.stopped_in_gd);
        }
        let an = &r.annealed;
        if an.reached && !an.stopped_in_gd {
            prop_assert!(an.time.unwrap() > 0.0);
            let train = an.train_loss.unwrap();
            prop_assert!((train - p.eps).abs() <= tol, "annealed train {train:e} vs eps {:e}", p.eps);
        } else if an.stopped_in_gd {
            prop_assert!(an.reached && an.train_loss.unwrap() <= p.eps);
        } else {
            prop_assert!(an.diverged || !gf.reached);
        }
    }

    /// Without noise and with every direction observed, the level set's extremes are eq. (3) and
    /// (4): eps * min_j and eps * max_j of lambda_j/gamma_j = (1/d) / (count_j/n), and every stop
    /// exactly at eps lies between them.
    #[test]
    fn stops_lie_between_the_good_and_bad_points(p in problem(false, true)) {
        let r = p.run();
        let d = p.d();
        let n = p.x.len() as f64;
        let mut count = vec![0usize; d];
        for &i in &p.x {
            count[i - 1] += 1;
        }
        let ratio = |c: usize| (1.0 / d as f64) / (c as f64 / n);
        let lo = count.iter().map(|&c| ratio(c)).fold(f64::INFINITY, f64::min);
        let hi = count.iter().map(|&c| ratio(c)).fold(0.0, f64::max);
        // delta_j^2 = eps/gamma_j >= eps at the extreme coordinate.
        let tol = repr_rel(p.beta_scale(), p.eps.sqrt());
        let ls = r.level_set.as_ref().unwrap();
        prop_assert!((ls.good_test_loss - p.eps * lo).abs() <= tol * p.eps * lo,
            "good {} vs {}", ls.good_test_loss, p.eps * lo);
        prop_assert!((ls.bad_test_loss - p.eps * hi).abs() <= tol * p.eps * hi,
            "bad {} vs {}", ls.bad_test_loss, p.eps * hi);
        let within = |v: f64| v >= ls.good_test_loss * (1.0 - tol) && v <= ls.bad_test_loss * (1.0 + tol);
        let gf = &r.gradient_flow;
        if gf.reached && gf.time.unwrap() > 0.0 {
            let v = gf.test_loss.unwrap();
            prop_assert!(within(v), "GF {v} outside [{}, {}]", ls.good_test_loss, ls.bad_test_loss);
        }
        let an = &r.annealed;
        if an.reached && !an.stopped_in_gd {
            let v = an.test_loss.unwrap();
            prop_assert!(within(v), "annealed {v} outside [{}, {}]", ls.good_test_loss, ls.bad_test_loss);
        }
    }

    /// One gradient step of 1e-7 is gradient flow for time 1e-7 up to a relative O(lr^2) = 1e-14
    /// (1 - 2 gamma lr vs e^{-2 gamma lr}), and the flow that follows lands where gradient flow
    /// does.
    #[test]
    fn a_tiny_learning_rate_is_gradient_flow(mut p in problem(true, false)) {
        p.lr = "0.0000001".into();
        p.k = 1;
        let r = p.run();
        let (gf, an) = (&r.gradient_flow, &r.annealed);
        prop_assert_eq!(gf.reached, an.reached);
        prop_assert!(!an.diverged);
        if let (Some(a), Some(b)) = (&gf.beta, &an.beta) {
            let scale = 1.0 + p.beta_scale() + 3.0 * p.noise;
            for (x, y) in a.iter().zip(b) {
                prop_assert!((x - y).abs() <= 1e-9 * scale, "{a:?} vs {b:?}");
            }
            let (x, y) = (gf.test_loss.unwrap(), an.test_loss.unwrap());
            prop_assert!((x - y).abs() <= 1e-8 * x.max(1e-300) + 1e-12, "{x} vs {y}");
        }
    }

    /// K = 0: the annealed run is gradient flow itself (no large step), bit for bit.
    #[test]
    fn zero_large_steps_is_gradient_flow(mut p in problem(true, false)) {
        p.k = 0;
        let r = p.run();
        prop_assert_eq!(r.annealed.gd_steps, 0);
        prop_assert_eq!(&r.annealed.beta, &r.gradient_flow.beta);
        prop_assert_eq!(r.annealed.time, r.gradient_flow.time);
    }

    /// lr = auto = 1/gamma_max: every factor 1 - 2 gamma_j / gamma_max lies in [-1, 1), so the
    /// large steps never grow any direction and never diverge; the top direction keeps |delta|.
    #[test]
    fn auto_learning_rate_never_diverges(mut p in problem(false, false)) {
        p.lr = "auto".into();
        let r = p.run();
        prop_assert!(!r.annealed.diverged);
        prop_assert!(r.annealed.reached);
        let gmax = r.samples.gamma.iter().fold(0.0, |m: f64, g| m.max(*g));
        prop_assert_eq!(r.annealed.lr, 1.0 / gmax);
        for (j, (&g, after)) in r.samples.gamma.iter().zip(&r.annealed.beta_after_gd).enumerate() {
            let d0 = p.beta[j].abs(); // |delta_j(0)| = |beta*_j|
            let dk = (after - p.beta[j]).abs();
            prop_assert!(dk <= d0 * (1.0 + 1e-12) + 1e-12, "coordinate {j} grew: {d0} -> {dk}");
            if g == gmax && !r.annealed.stopped_in_gd {
                prop_assert!((dk - d0).abs() <= 1e-12 * (1.0 + d0) * (1 + p.k) as f64);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lemma 2: whenever a bound applies, it holds
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// Lemma 2's conclusion 2 (annealed upper bound), whenever the report says it applies
    /// (condition 1 and lr = 1/gamma_1).
    #[test]
    fn lemma2_annealed_bound_holds_when_it_applies(p in problem(false, false)) {
        let r = p.run();
        for e in &r.bounds.lemma2 {
            if e.annealed_upper_applies {
                prop_assert!(e.annealed_upper_holds,
                    "{}: S = {:?}: annealed {:?} > upper {}", p.query(), e.small,
                    r.annealed.test_loss, e.annealed_upper);
            }
        }
    }

    /// Lemma 2's conclusion 1 (gradient-flow lower bound), whenever the report says it applies.
    #[test]
    fn lemma2_gradient_flow_bound_holds_when_it_applies(p in problem(false, false)) {
        let r = p.run();
        for e in &r.bounds.lemma2 {
            if e.gradient_flow_lower_applies {
                prop_assert!(e.gradient_flow_lower_holds,
                    "{}: S = {:?}: GF {:?} < lower {:?} (condition1 = {})", p.query(), e.small,
                    r.gradient_flow.test_loss, e.gradient_flow_lower, e.condition1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Level set with noise: brute force in 2-D
// ---------------------------------------------------------------------------------------------

/// Golden-section search for a minimum of `f` on `[a, b]`.
fn golden_min(f: &impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    for _ in 0..200 {
        if f(c) < f(d) {
            b = d;
        } else {
            a = c;
        }
        c = b - g * (b - a);
        d = a + g * (b - a);
    }
    f(0.5 * (a + b))
}

proptest! {
    #![proptest_config(config(48))]

    /// With label noise the level set {L_hat = eps} is the ellipse
    /// beta = c + R (cos t / sqrt(gamma_1), sin t / sqrt(gamma_2)), R^2 = eps - floor, and
    /// L_D = noise^2 + (1/2) |beta - beta*|^2. Scan 100k angles, refine the best by golden section,
    /// and compare with level_set's closed-form extremes.
    #[test]
    fn noisy_level_set_extremes_match_a_brute_force_scan(
        beta in prop::collection::vec(-10.0f64..10.0, 2),
        extra in prop::collection::vec(0usize..2, 0..8),
        noise in 0.01f64..1.0,
        seed in 0u64..1_000_000,
        log_r in -4.0f64..0.0,
    ) {
        let mut x = vec![0, 1];
        x.extend(extra);
        let samples = Samples::label(x.clone(), &beta, noise, &mut rng(seed));
        let (c, count, floor) = centers_and_floor(&x, &samples.y, 2);
        let n = x.len() as f64;
        let gamma = [count[0] as f64 / n, count[1] as f64 / n];
        let eps = floor + 10f64.powf(log_r);
        let r = (eps - floor).sqrt();
        let test = |t: f64| {
            let b1 = c[0] + r * t.cos() / gamma[0].sqrt();
            let b2 = c[1] + r * t.sin() / gamma[1].sqrt();
            noise * noise + 0.5 * ((b1 - beta[0]).powi(2) + (b2 - beta[1]).powi(2))
        };
        const N: usize = 100_000;
        let h = std::f64::consts::TAU / N as f64;
        let (mut imin, mut imax) = (0, 0);
        let (mut vmin, mut vmax) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..N {
            let v = test(i as f64 * h);
            if v < vmin { vmin = v; imin = i; }
            if v > vmax { vmax = v; imax = i; }
        }
        let tmin = imin as f64 * h;
        let tmax = imax as f64 * h;
        let brute_min = golden_min(&test, tmin - h, tmin + h).min(vmin);
        let brute_max = (-golden_min(&|t| -test(t), tmax - h, tmax + h)).max(vmax);

        let q = Quadratic::new(&samples, &beta, noise);
        let ls = level_set(&q, eps).expect("eps above the floor");
        prop_assert!((ls.good.test_loss - brute_min).abs() <= 1e-9 * brute_min,
            "min: level_set {} vs scan {}", ls.good.test_loss, brute_min);
        prop_assert!((ls.bad.test_loss - brute_max).abs() <= 1e-9 * brute_max,
            "max: level_set {} vs scan {}", ls.bad.test_loss, brute_max);
        // The reported points are on the level set.
        for pt in [&ls.good.beta, &ls.bad.beta] {
            let train = floor + gamma[0] * (pt[0] - c[0]).powi(2) + gamma[1] * (pt[1] - c[1]).powi(2);
            prop_assert!((train - eps).abs() <= 1e-9 * eps, "train {train} vs eps {eps}");
        }
        // Below the floor there is no level set.
        prop_assert!(level_set(&q, floor * 0.999).is_none());
    }
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------

fn preset_report(name: &str) -> Report {
    let params = accepted(&format!("preset={name}"));
    assert_eq!(params.preset().name, name);
    assert_eq!(params.query(), format!("v=1&preset={name}"));
    // The preset's own query string, read without the preset key, gives the same values.
    accepted(PRESETS.iter().find(|p| p.name == name).unwrap().query);
    lr_anneal::run(&params, Vec::new(), false)
}

#[test]
fn every_preset_is_what_it_says() {
    let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        [
            "paper",
            "prop1",
            "unlucky",
            "small-lr",
            "large-lr",
            "more-samples",
            "lemma2-3d",
            "cosine",
            "sgd",
            "gaussian"
        ]
    );
    assert_eq!(Params::default(), Params::from_query("").params);

    // paper: ratio 1.946 (tests/native/paper.rs derives it), at least 1.9.
    let r = preset_report("paper");
    assert!(r.ratio.unwrap() >= 1.9);

    // prop1: beta* = 100 alpha^{-1/2} (1,1), alpha = 0.1; Proposition 1's lucky case.
    let r = preset_report("prop1");
    for &b in &r.params.beta {
        assert!((b - 100.0 / 0.1f64.sqrt()).abs() <= 1e-12 * b);
    }
    assert_eq!(r.bounds.proposition1.clone().unwrap().case, "lucky");

    // unlucky: all three samples on e1; identical test losses, level set good = bad.
    let r = preset_report("unlucky");
    assert_eq!(r.samples.counts, vec![3, 0]);
    let (gf, an) = (
        r.gradient_flow.test_loss.unwrap(),
        r.annealed.test_loss.unwrap(),
    );
    assert!((gf - an).abs() <= 1e-12 * gf);
    let ls = r.level_set.clone().unwrap();
    assert!((ls.good_test_loss - ls.bad_test_loss).abs() <= 1e-12 * ls.bad_test_loss);

    // small-lr: 20 steps of 0.05 are close to flow for time 1: ratio within 5% of 1.
    let r = preset_report("small-lr");
    assert!((r.ratio.unwrap() - 1.0).abs() <= 0.05, "{:?}", r.ratio);

    // large-lr: lr = 2 > 1/gamma_max = 1.5. Factors 1 - 2*2*(2/3) = -5/3 and 1 - 2*2*(1/3) = -1/3:
    // after 10 steps delta = (-(5/3)^10, -3^{-10}); the top direction grew. The flow then lands
    // with L_D = 0.75 eps + delta_2^2/4 (using gamma_1 delta_1^2 = eps - gamma_2 delta_2^2) and
    // delta_2^2 <= 3^{-20}.
    let r = preset_report("large-lr");
    assert_eq!(r.annealed.lr, 2.0);
    assert!(r.annealed.lr > 1.0 / r.samples.gamma[0]);
    assert!(r.annealed.lr > r.stability.lr_auto);
    assert!(!r.annealed.diverged && r.annealed.gd_steps == 10);
    let top = (5.0f64 / 3.0).powi(10);
    assert!(((1.0 - r.annealed.beta_after_gd[0]) - top).abs() <= 1e-12 * top);
    let an = r.annealed.test_loss.unwrap();
    assert!(
        an >= 0.0075 * (1.0 - 1e-12) && an <= 0.0075 + 3f64.powi(-20) / 4.0 + 1e-15,
        "{an}"
    );

    // more-samples: 1000 random samples; good/bad ratio gamma_max/gamma_min close to 1 (far below
    // the n = 3 value 2), and the two optimizers nearly agree.
    let r = preset_report("more-samples");
    assert_eq!(r.samples.x.len(), 1000);
    assert_eq!(r.samples.counts.iter().sum::<usize>(), 1000);
    let g = &r.samples.gamma;
    let (gmax, gmin) = (g[0].max(g[1]), g[0].min(g[1]));
    let ls = r.level_set.clone().unwrap();
    let spread = ls.bad_test_loss / ls.good_test_loss;
    assert!((spread - gmax / gmin).abs() <= 1e-12 * spread);
    assert!(spread < 1.1, "{spread}");
    assert!((r.ratio.unwrap() - 1.0).abs() < 0.05, "{:?}", r.ratio);

    // lemma2-3d: gamma = (3, 2, 1)/6, two splits of the spectrum.
    let r = preset_report("lemma2-3d");
    assert_eq!(r.samples.gamma, vec![0.5, 1.0 / 3.0, 1.0 / 6.0]);
    assert_eq!(r.bounds.lemma2.len(), 2);

    // cosine: the first step is 1.5 = 1/gamma_max, which takes delta = (-1, -1) to (1, 0); beta_2
    // stays fitted, and the smaller later steps shrink delta_1 until a step is cut to land on
    // eps: there (2/3) delta_1^2 = eps, so the test loss is (1/2)(1.5 eps) = 0.75 eps exactly.
    let r = preset_report("cosine");
    assert_eq!(r.params.schedule, "cosine");
    assert_eq!(r.annealed.rates.len(), 8);
    assert!(r.annealed.stopped_in_gd && r.annealed.cut_fraction.is_some());
    assert_eq!(r.annealed.residual.as_ref().unwrap()[1], 0.0);
    let an = r.annealed.test_loss.unwrap();
    assert!((an - 0.0075).abs() <= 1e-12 * 0.0075, "{an}");
    assert!(r.comparable);
    // With the paper's check instead, the run stops below eps: not like-for-like.
    let check = lr_anneal::run(
        &Params::from_query("preset=cosine&gd_stop=check").params,
        Vec::new(),
        false,
    );
    assert!(!check.comparable && check.annealed.train_loss.unwrap() < 0.01);

    // sgd: every large step on 2 of the 3 samples; what its description says: both runs stop at
    // eps, and the annealed one at a better point (a ratio above 1); Lemma 2 is not claimed.
    let r = preset_report("sgd");
    assert_eq!(r.params.batch, 2);
    assert_eq!(r.annealed.batches.len(), r.annealed.gd_steps);
    assert!(r.annealed.batches.iter().all(|b| b.len() == 2));
    assert!(r.comparable && r.ratio.unwrap() > 1.0, "{:?}", r.ratio);
    assert!(r.bounds.does_not_apply.is_some() && r.bounds.lemma2.is_empty());

    // gaussian: three drawn inputs, a tilted empirical covariance (its eigenvectors are not the
    // axes), covariances that share no eigenvectors (Lemma 2 does not apply), and the annealed
    // run at a better point than the flow, both at eps.
    let r = preset_report("gaussian");
    assert_eq!(r.params.inputs, "gaussian");
    assert_eq!(r.samples.inputs.len(), 3);
    assert!(r.samples.x.is_empty());
    let v = r.samples.eigenvectors.as_ref().unwrap();
    assert!(v[0][0].abs() > 0.1 && v[0][1].abs() > 0.1, "{v:?}");
    assert!(r.bounds.does_not_apply.is_some() && r.bounds.proposition1.is_none());
    assert!(r.comparable && r.ratio.unwrap() > 1.0, "{:?}", r.ratio);
}

// ---------------------------------------------------------------------------------------------
// Canonical queries
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Settings {
    preset: usize,
    beta: Vec<f64>,
    /// Explicit 1-based x, or a random n.
    x: Result<Vec<usize>, usize>,
    seed: u64,
    eps: f64,
    lr: Option<f64>,
    k: usize,
    noise: f64,
    trials: u64,
    exp_format: bool,
}

fn settings() -> impl Strategy<Value = Settings> {
    (1usize..=8).prop_flat_map(|d| {
        (
            0..PRESETS.len(),
            prop::collection::vec(-1000.0f64..=1000.0, d),
            prop_oneof![
                prop::collection::vec(1..=d, 1..=40).prop_map(Ok),
                (1usize..=1000).prop_map(Err)
            ],
            0u64..=(1 << 53) - 1,
            (-12.0f64..=6.0).prop_map(|e| 10f64.powf(e).clamp(1e-12, 1e6)),
            prop_oneof![
                Just(None),
                (-9.0f64..=3.0).prop_map(|e| Some(10f64.powf(e).clamp(1e-9, 1000.0)))
            ],
            0usize..=1000,
            prop_oneof![Just(0.0), 0.0f64..=1000.0],
            1u64..=10_000_000,
            any::<bool>(),
        )
            .prop_map(
                |(preset, beta, x, seed, eps, lr, k, noise, trials, exp_format)| Settings {
                    preset,
                    beta,
                    x,
                    seed,
                    eps,
                    lr,
                    k,
                    noise,
                    trials,
                    exp_format,
                },
            )
    })
}

fn num(v: f64, exp: bool) -> String {
    if exp {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Params built control by control through `with` (every value valid, so every call must
    /// succeed) keep the values set, and their canonical query parses back to the same params
    /// without warnings.
    #[test]
    fn canonical_queries_round_trip(s in settings()) {
        let e = s.exp_format;
        let name = PRESETS[s.preset].name;
        let mut p = Params::from_query(&format!("preset={name}")).params;
        let set = |p: &Params, key: &str, value: String| -> Result<Params, TestCaseError> {
            p.with(key, &value).map_err(|w| TestCaseError::fail(format!("with({key}, {value}): {w:?}")))
        };
        // Random samples first, so that changing d never leaves an explicit x out of range.
        p = set(&p, "n", "1".into())?;
        p = set(&p, "beta", s.beta.iter().map(|&b| num(b, e)).collect::<Vec<_>>().join(","))?;
        p = match &s.x {
            Ok(x) => set(&p, "x", join(x))?,
            Err(n) => set(&p, "n", n.to_string())?,
        };
        p = set(&p, "seed", s.seed.to_string())?;
        p = set(&p, "eps", num(s.eps, e))?;
        p = set(&p, "lr", s.lr.map_or("auto".into(), |v| num(v, e)))?;
        p = set(&p, "k", s.k.to_string())?;
        p = set(&p, "noise", num(s.noise, e))?;
        p = set(&p, "trials", s.trials.to_string())?;

        prop_assert_eq!(p.preset().name, name);
        prop_assert_eq!(p.beta(), &s.beta[..]);
        prop_assert_eq!(p.d(), s.beta.len());
        match &s.x {
            Ok(x) => prop_assert_eq!(p.n(), x.len()),
            Err(n) => prop_assert_eq!(p.n(), *n),
        }
        prop_assert_eq!(p.seed(), s.seed);
        prop_assert_eq!(p.eps(), s.eps);
        prop_assert_eq!(p.k(), s.k);
        prop_assert_eq!(p.noise(), s.noise);
        prop_assert_eq!(p.trials(), s.trials);

        let q = p.query();
        prop_assert!(q.starts_with(&format!("v=1&preset={name}")), "{}", q);
        let back = Params::from_query(&q);
        prop_assert!(back.warnings.is_empty(), "{}: {:?}", q, back.warnings);
        prop_assert_eq!(&back.params, &p);
        prop_assert_eq!(back.params.query(), q);
    }
}

/// Hostile values: non-numbers, non-finite, out of range, percent-escapes, unicode, empty,
/// over-long lists, 10k-character values.
fn hostile_value() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "NaN",
        "nan",
        "inf",
        "-inf",
        "infinity",
        "1e400",
        "-1e400",
        "1e-400",
        "-0",
        "0",
        "",
        " ",
        "%",
        "%zz",
        "%00",
        "%E2%82",
        "💥",
        "ß,é",
        "1,2,,3",
        ",",
        "auto",
        "AUTO",
        " auto ",
        "0x10",
        "+1",
        "-1",
        "1.",
        ".5",
        "1e",
        "1_000",
        "18446744073709551616",
        "9007199254740992",
        "9007199254740991",
        "1,1,1,1,1,1,1,1,1",
        "1\u{0}",
        "a=b",
        "&&",
        "#",
        "?",
        "paper",
        "prop1",
        "1e-12",
        "1e6",
        "1000.0000001",
        "0.000000000999",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        4 => fixed,
        2 => any::<String>(),
        1 => any::<f64>().prop_map(|v| v.to_string()),
        1 => any::<u64>().prop_map(|v| v.to_string()),
        1 => (1usize..=3000).prop_map(|n| vec!["1"; n].join(",")),
        1 => Just("7".repeat(10_000)),
        1 => Just("x".repeat(10_000)),
    ]
}

fn hostile_key() -> impl Strategy<Value = String> {
    let keys: Vec<String> = SCHEMA
        .iter()
        .map(|s| s.key.to_string())
        .chain(["", "X", " eps", "bogus", "é", "%65ps"].map(String::from))
        .collect();
    prop_oneof![4 => prop::sample::select(keys), 1 => any::<String>()]
}

fn hostile_query() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec((hostile_key(), hostile_value()), 0..12).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        }),
    ]
}

proptest! {
    #![proptest_config(config(384))]

    /// Parsing never panics, always yields valid params whose canonical query is warning-free and
    /// round-trips, and those params run without panicking or producing NaN.
    #[test]
    fn hostile_queries_are_harmless(q in hostile_query()) {
        let parsed = Params::from_query(&q);
        let p = parsed.params;
        let canonical = p.query();
        let back = Params::from_query(&canonical);
        prop_assert!(back.warnings.is_empty(), "{:?} -> {}: {:?}", q, canonical, back.warnings);
        prop_assert_eq!(&back.params, &p);
        // Valid means within the schema's ranges.
        prop_assert!((1..=8).contains(&p.d()) && (1..=1000).contains(&p.n()));
        prop_assert!(p.beta().iter().all(|b| b.is_finite() && b.abs() <= 1000.0));
        prop_assert!((1e-12..=1e6).contains(&p.eps()) && p.k() <= 1000);
        prop_assert!((0.0..=1000.0).contains(&p.noise()) && (1..=10_000_000).contains(&p.trials()));
        prop_assert!(p.seed() < 1 << 53);
        if let lr_anneal::dynamics::Lr::Fixed(v) = p.lr() {
            prop_assert!((1e-9..=1000.0).contains(&v));
        }
        // Warnings are short (values are clipped) and name a key.
        for w in &parsed.warnings {
            prop_assert!(w.value.chars().count() <= 41 && w.key.chars().count() <= 41, "{:?}", w);
        }
        let report = lr_anneal::run(&p, parsed.warnings, false);
        let json = serde_json::to_value(&report).unwrap();
        let mut nulls = Vec::new();
        unexpected_nulls(&json, "", &mut nulls);
        prop_assert!(nulls.is_empty(), "{}: null (NaN?) at {:?}", canonical, nulls);
    }
}

/// A few hostile cases spelled out, with what they must fall back to.
#[test]
fn hostile_examples_fall_back_to_the_preset() {
    let cases: &[(&str, &[&str])] = &[
        ("eps=NaN", &["eps"]),
        ("eps=inf&lr=-1", &["eps", "lr"]),
        ("beta=1e400", &["beta"]),
        ("beta=1,2,3,4,5,6,7,8,9", &["beta"]),
        ("x=0", &["x"]),
        ("x=3", &["x"]),
        ("n=1001", &["n"]),
        ("seed=9007199254740992", &["seed"]),
        ("k=1001", &["k"]),
        ("trials=0", &["trials"]),
        ("noise=-1", &["noise"]),
        ("v=2", &["v"]),
        ("preset=nope", &["preset"]),
        ("bogus=1", &["bogus"]),
        ("eps=0.1&eps=0.2", &["eps"]),
        ("x=1,1,2&n=5", &["n"]),
    ];
    let default = Params::default();
    for (q, keys) in cases {
        let parsed = Params::from_query(q);
        let got: Vec<&str> = parsed.warnings.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(&got, keys, "{q}");
        // Values that were rejected leave the preset's value in place.
        if !q.contains("eps=0.1") {
            assert_eq!(parsed.params, default, "{q}");
        }
    }
    // Repeated keys: the last one wins.
    assert_eq!(Params::from_query("eps=0.1&eps=0.2").params.eps(), 0.2);
    // Leading '?', a fragment and surrounding blanks are ignored.
    let p = Params::from_query("  ?eps=0.5&lr=auto#eps=9 ").params;
    assert_eq!((p.eps(), p.lr()), (0.5, lr_anneal::dynamics::Lr::Auto));
    // A beta that shrinks d below the preset's x falls back to that many random samples.
    let parsed = Params::from_query("beta=1");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].key, "x");
    assert_eq!(parsed.params.n(), 3);
    assert!(matches!(
        parsed.params.samples(),
        lr_anneal::params::SampleSpec::Random { n: 3 }
    ));
}
