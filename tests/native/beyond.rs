//! Beyond the paper: mini-batch large steps (`batch`) and Gaussian inputs (`inputs=gaussian`,
//! `cov`), checked against hand-derived closed forms and independent computations.
//!
//! Every expected value is computed here from first principles (2x2 eigen-decompositions by the
//! closed formula, the flow's stop time by bisection, gradient descent by matrix iteration, the
//! mini-batch gradient from the samples), never by calling the function under test.
// The maths indexes several per-coordinate arrays by the same `j`, as the crate does.
#![allow(clippy::needless_range_loop)]

use crate::common::{accepted, close, config, join, report, root_decreasing};
use lr_anneal::dynamics::{
    annealed, annealed_visit, gradient_flow, GdStop, LargeSteps, MiniBatches,
};
use lr_anneal::model::{rng, Quadratic, Samples, Vector, MAX_D};
use lr_anneal::montecarlo::{self, exact, wilson, MonteCarlo, Setup};
use lr_anneal::theory::level_set;
use lr_anneal::Params;
use proptest::prelude::*;
use rand::RngExt;
use rand_distr::StandardNormal;

fn vector(v: &[f64]) -> Vector {
    let mut out = [0.0; MAX_D];
    out[..v.len()].copy_from_slice(v);
    out
}

// ---------------------------------------------------------------------------------------------
// Small closed forms for 2x2 problems.
// ---------------------------------------------------------------------------------------------

/// A symmetric 2x2 matrix `[[a, b], [b, c]]`.
#[derive(Debug, Clone, Copy)]
struct Sym2 {
    a: f64,
    b: f64,
    c: f64,
}

impl Sym2 {
    /// `X^T X / n` of 2-vectors.
    fn covariance(rows: &[[f64; 2]]) -> Sym2 {
        let n = rows.len() as f64;
        let mut s = Sym2 {
            a: 0.0,
            b: 0.0,
            c: 0.0,
        };
        for r in rows {
            s.a += r[0] * r[0] / n;
            s.b += r[0] * r[1] / n;
            s.c += r[1] * r[1] / n;
        }
        s
    }

    fn det(&self) -> f64 {
        self.a * self.c - self.b * self.b
    }

    fn apply(&self, v: [f64; 2]) -> [f64; 2] {
        [self.a * v[0] + self.b * v[1], self.b * v[0] + self.c * v[1]]
    }

    fn quad(&self, v: [f64; 2]) -> f64 {
        let w = self.apply(v);
        v[0] * w[0] + v[1] * w[1]
    }

    /// Eigenvalues (descending) and unit eigenvectors by the closed form: the larger eigenvalue's
    /// eigenvector is at angle `theta = atan2(2b, a - c) / 2`.
    fn eigen(&self) -> ([f64; 2], [[f64; 2]; 2]) {
        let m = 0.5 * (self.a + self.c);
        let r = (0.5 * (self.a - self.c)).hypot(self.b);
        let top = m + r;
        // The smaller one as det / top (no cancellation in m - r).
        let bottom = if top > 0.0 { self.det() / top } else { m - r };
        let theta = 0.5 * (2.0 * self.b).atan2(self.a - self.c);
        let (s, c) = theta.sin_cos();
        ([top, bottom], [[c, s], [-s, c]])
    }
}

fn dot2(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

/// The `T >= 0` with `sum_j g_j w_j^2 exp(-4 g_j T) = target`, by bisection to adjacent floats.
fn bisect_stop_time(g: [f64; 2], w: [f64; 2], target: f64) -> f64 {
    let f = |t: f64| -> f64 {
        (0..2)
            .map(|j| g[j] * w[j] * w[j] * (-4.0 * g[j] * t).exp())
            .sum::<f64>()
    };
    if f(0.0) <= target {
        return 0.0;
    }
    let mut hi = 1.0;
    while f(hi) >= target {
        hi *= 2.0;
    }
    root_decreasing(|t| f(t) - target, 0.0, hi)
}

/// The flow on `L(beta) = (beta - c)^T S (beta - c)` from residual `delta0` until `L = eps`:
/// `delta(T) = sum_j exp(-2 g_j T) (v_j . delta0) v_j`. Returns `(T, delta(T))`.
fn flow2(s: &Sym2, delta0: [f64; 2], eps: f64) -> (f64, [f64; 2]) {
    let (g, v) = s.eigen();
    let w = [dot2(v[0], delta0), dot2(v[1], delta0)];
    let t = bisect_stop_time(g, w, eps);
    let mut delta = [0.0; 2];
    for j in 0..2 {
        let k = (-2.0 * g[j] * t).exp() * w[j];
        delta[0] += k * v[j][0];
        delta[1] += k * v[j][1];
    }
    (t, delta)
}

/// `e^T diag(cov) e`.
fn diag_quad(cov: [f64; 2], e: [f64; 2]) -> f64 {
    cov[0] * e[0] * e[0] + cov[1] * e[1] * e[1]
}

/// The two roots `mu` of `det(diag(cov) - mu S) = 0`, ascending.
fn generalized_eigenvalues(cov: [f64; 2], s: &Sym2) -> [f64; 2] {
    // det(P - mu S) = det(S) mu^2 - (P11 S22 + P22 S11 - 2 P12 S12) mu + det(P), P12 = 0.
    let qa = s.det();
    let qb = -(cov[0] * s.c + cov[1] * s.a);
    let qc = cov[0] * cov[1];
    let disc = (qb * qb - 4.0 * qa * qc).sqrt();
    // Cancellation-free pair of roots (qb < 0).
    let big = (-qb + disc) / (2.0 * qa);
    let small = qc / (qa * big);
    [small, big]
}

// ---------------------------------------------------------------------------------------------
// 1. batch = n is the full batch, bit for bit.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_batch_of_all_n_samples_is_the_full_batch_to_the_last_bit() {
    for (state, n) in [
        ("preset=paper", 3),
        ("preset=paper&gd_stop=cut", 3),
        ("preset=paper&lr=1.08&gd_stop=cut", 3),
        ("preset=cosine", 3),
        ("preset=large-lr", 3),
        ("n=7&noise=0.3&seed=5", 7),
        ("preset=gaussian", 3),
        (
            "beta=1,-2,0.5&n=6&inputs=gaussian&cov=1,0.3,0.1&noise=0.2&seed=9",
            6,
        ),
    ] {
        let full = report(state);
        let with = report(&format!("{state}&batch={n}"));
        let (a, b) = (&full, &with);
        assert_eq!(a.samples.x, b.samples.x, "{state}: x");
        assert_eq!(a.samples.y, b.samples.y, "{state}: y");
        assert_eq!(a.samples.inputs, b.samples.inputs, "{state}: inputs");
        let (gf, gfb) = (&a.gradient_flow, &b.gradient_flow);
        assert_eq!(gf.reached, gfb.reached, "{state}");
        assert_eq!(gf.time, gfb.time, "{state}");
        assert_eq!(gf.beta, gfb.beta, "{state}: gradient flow beta");
        assert_eq!(gf.train_loss, gfb.train_loss, "{state}");
        assert_eq!(gf.test_loss, gfb.test_loss, "{state}");
        let (an, anb) = (&a.annealed, &b.annealed);
        assert_eq!(an.lr, anb.lr, "{state}");
        assert_eq!(an.rates, anb.rates, "{state}");
        assert_eq!(an.gd_steps, anb.gd_steps, "{state}: gd_steps");
        assert_eq!(an.diverged_at_step, anb.diverged_at_step, "{state}");
        assert_eq!(an.stopped_in_gd, anb.stopped_in_gd, "{state}");
        assert_eq!(an.cut_fraction, anb.cut_fraction, "{state}: cut_fraction");
        assert_eq!(
            an.beta_after_gd, anb.beta_after_gd,
            "{state}: beta_after_gd"
        );
        assert_eq!(an.reached, anb.reached, "{state}");
        assert_eq!(an.time, anb.time, "{state}");
        assert_eq!(an.beta, anb.beta, "{state}: annealed beta");
        assert_eq!(an.train_loss, anb.train_loss, "{state}");
        assert_eq!(an.test_loss, anb.test_loss, "{state}");
        assert_eq!(a.ratio, b.ratio, "{state}: ratio");
        // A full batch is no mini-batch: the lemma's verdict is the same.
        assert_eq!(a.bounds, b.bounds, "{state}: bounds");
        // One batch per step taken, each all n samples (1-based); none without the key.
        assert!(an.batches.is_empty(), "{state}");
        assert_eq!(anb.batches.len(), anb.gd_steps, "{state}");
        let all: Vec<usize> = (1..=n).collect();
        assert!(anb.batches.iter().all(|b| *b == all), "{state}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Mini-batch steps on basis inputs, by hand.
// ---------------------------------------------------------------------------------------------

/// The large steps' iterates on basis inputs, by hand: a batch `B` of size `b` has the gradient
/// `(2/b) sum_{i in B} e_{x_i} (beta_{x_i} - y_i)`, so with labels `beta*` (no noise) it
/// multiplies coordinate j's residual by `1 - 2 lr c_j / b`, `c_j` the batch's samples on `e_j`.
/// Returns every iterate (from step 0).
fn basis_iterates(
    x: &[usize],
    y: &[f64],
    d: usize,
    lr: f64,
    batches: &[Vec<usize>],
) -> Vec<Vec<f64>> {
    let mut beta = vec![0.0; d];
    let mut out = vec![beta.clone()];
    for batch in batches {
        let b = batch.len() as f64;
        let mut grad = vec![0.0; d];
        for &i in batch {
            let j = x[i - 1] - 1;
            grad[j] += 2.0 / b * (beta[j] - y[i - 1]);
        }
        for j in 0..d {
            beta[j] -= lr * grad[j];
        }
        out.push(beta.clone());
    }
    out
}

#[test]
fn mini_batch_steps_on_the_papers_samples_by_hand() {
    // Samples e1, e1, e2, beta* = (1, 1): gamma = (2/3, 1/3).
    let q = "batch=1&lr=0.25&k=6&eps=0.000001";
    let r = report(q);
    let batches = &r.annealed.batches;
    assert_eq!(batches.len(), 6, "{q}: one batch per step");
    assert!(
        batches
            .iter()
            .all(|b| b.len() == 1 && (1..=3).contains(&b[0])),
        "{q}: {batches:?}"
    );
    // Same seed, same batches.
    assert_eq!(&report(q).annealed.batches, batches, "{q}: reproducible");
    // Each batch of one e1 sample halves beta1's residual (1 - 2 * 0.25 * 1), an {e2} halves
    // beta2's: exact in binary.
    let mut delta = [-1.0f64, -1.0];
    for b in batches {
        let j = if b[0] <= 2 { 0 } else { 1 };
        delta[j] *= 0.5;
    }
    let expected = [1.0 + delta[0], 1.0 + delta[1]];
    for j in 0..2 {
        assert!(
            (r.annealed.beta_after_gd[j] - expected[j]).abs() <= 1e-15,
            "{q}: beta_after_gd {:?} vs {expected:?} (batches {batches:?})",
            r.annealed.beta_after_gd
        );
    }
    assert_eq!(r.annealed.gd_steps, 6);
    assert!(!r.annealed.stopped_in_gd);
    // Then the flow: gamma = (2/3, 1/3), stop time by bisection.
    let g = [2.0 / 3.0, 1.0 / 3.0];
    let t = bisect_stop_time(g, delta, 1e-6);
    let time = r.annealed.time.unwrap();
    assert!(close(time, t, 1e-12), "{q}: flow time {time} vs {t}");
    let beta = r.annealed.beta.as_ref().unwrap();
    for j in 0..2 {
        let want = 1.0 + delta[j] * (-2.0 * g[j] * t).exp();
        assert!((beta[j] - want).abs() <= 1e-14, "{q}: {beta:?}");
    }
    assert!(close(r.annealed.train_loss.unwrap(), 1e-6, 1e-12));
    // The training set does not depend on the batches.
    let plain = report("lr=0.25&k=6&eps=0.000001");
    assert_eq!(plain.samples.x, r.samples.x);
    assert_eq!(plain.samples.y, r.samples.y);
    assert!(plain.annealed.batches.is_empty());
}

#[test]
fn mini_batch_iterates_match_the_hand_gradient() {
    // The sgd preset (batch 2 of 3, lr = 1.5, k = 8, cut), a batch of 1, and a noisy random set:
    // each large-step iterate recomputed from the batches the report drew.
    for q in [
        "preset=sgd",
        "preset=sgd&batch=1&seed=2",
        "batch=2&lr=0.7&k=5",
        "beta=1,-2,0.5&n=9&seed=4&noise=0.3&batch=4&lr=0.9&k=7",
    ] {
        let p = &accepted(q);
        let r = lr_anneal::run(p, Vec::new(), true);
        let b = p.batch();
        let n = r.samples.y.len();
        let batches = &r.annealed.batches;
        assert_eq!(batches.len(), r.annealed.gd_steps, "{q}");
        for batch in batches {
            assert_eq!(batch.len(), b, "{q}: batch size");
            assert!(batch.windows(2).all(|w| w[0] < w[1]), "{q}: {batch:?}");
            assert!(
                batch.iter().all(|&i| (1..=n).contains(&i)),
                "{q}: {batch:?}"
            );
        }
        let d = p.d();
        let lr = r.annealed.lr;
        let hand = basis_iterates(&r.samples.x, &r.samples.y, d, lr, batches);
        let traj = r.trajectory.as_ref().unwrap();
        assert_eq!(traj.annealed_gd.len(), hand.len(), "{q}: iterates");
        // A cut last step is shortened; the others are full steps.
        let full = if r.annealed.cut_fraction.is_some() {
            hand.len() - 1
        } else {
            hand.len()
        };
        for (t, (got, want)) in traj.annealed_gd.iter().zip(&hand).take(full).enumerate() {
            for j in 0..d {
                assert!(
                    (got.beta[j] - want[j]).abs() <= 1e-12 * (1.0 + want[j].abs()),
                    "{q}: step {t}: {:?} vs {want:?}",
                    got.beta
                );
            }
        }
        if full == hand.len() {
            let last = hand.last().unwrap();
            for j in 0..d {
                assert!(
                    (r.annealed.beta_after_gd[j] - last[j]).abs() <= 1e-12 * (1.0 + last[j].abs())
                );
            }
        }
        // The training set is the one without batches.
        let plain_query: Vec<&str> = q
            .split('&')
            .filter(|kv| !kv.starts_with("batch="))
            .collect();
        let plain = report(&format!("{}&batch=0", plain_query.join("&")));
        assert_eq!(plain.samples.x, r.samples.x, "{q}");
        assert_eq!(plain.samples.y, r.samples.y, "{q}");
        // Lemma 2 and Proposition 1 are about full-batch steps.
        assert!(r.bounds.does_not_apply.is_some(), "{q}");
        assert!(
            r.bounds.lemma2.is_empty() && r.bounds.proposition1.is_none(),
            "{q}"
        );
    }
}

#[test]
fn the_sgd_presets_iterates_in_closed_form() {
    // Batches of 2 of (e1, e1, e2) with lr = 1.5: {1, 2} multiplies beta1's residual by
    // 1 - 2 * 1.5 = -2; {1, 3} or {2, 3} multiply both residuals by 1 - 1.5 = -0.5. A step that
    // would end below eps = 0.01 is cut at the first root s of
    // L(s) = sum_j gamma_j (delta_j - s h_j)^2 = eps.
    let (g, eps) = ([2.0 / 3.0, 1.0 / 3.0], 0.01);
    let loss = |d: [f64; 2]| g[0] * d[0] * d[0] + g[1] * d[1] * d[1];
    let r = report("preset=sgd");
    let batches = &r.annealed.batches;
    assert_eq!(batches.len(), r.annealed.gd_steps);
    let mut delta = [-1.0f64, -1.0];
    let mut cut = None;
    for (t, b) in batches.iter().enumerate() {
        let next = if b == &[1, 2] {
            [-2.0 * delta[0], delta[1]]
        } else {
            [-0.5 * delta[0], -0.5 * delta[1]]
        };
        assert!(cut.is_none(), "a step after the cut");
        if loss(next) < eps {
            // h = delta - next; c s^2 - 2 b s + (L(0) - eps) = 0.
            let h = [delta[0] - next[0], delta[1] - next[1]];
            let bb = g[0] * delta[0] * h[0] + g[1] * delta[1] * h[1];
            let cc = g[0] * h[0] * h[0] + g[1] * h[1] * h[1];
            let a = loss(delta) - eps;
            let s = (bb - (bb * bb - a * cc).sqrt()) / cc;
            assert_eq!(t + 1, batches.len(), "the cut step is the last");
            delta = [delta[0] - s * h[0], delta[1] - s * h[1]];
            cut = Some(s);
        } else {
            delta = next;
        }
    }
    match (cut, r.annealed.cut_fraction) {
        (Some(want), Some(got)) => assert!(close(got, want, 1e-12), "cut {got} vs {want}"),
        (want, got) => assert_eq!(got, want, "cut fraction"),
    }
    if cut.is_none() {
        assert_eq!(r.annealed.gd_steps, 8);
        assert!(!r.annealed.stopped_in_gd);
    } else {
        assert!(r.annealed.stopped_in_gd);
        assert!(close(r.annealed.train_loss.unwrap(), eps, 1e-12));
    }
    for j in 0..2 {
        assert!(
            (r.annealed.beta_after_gd[j] - (1.0 + delta[j])).abs() <= 1e-14,
            "{:?} vs {delta:?}",
            r.annealed.beta_after_gd
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. A hand-chosen non-diagonal design.
// ---------------------------------------------------------------------------------------------

/// Rows x1 = (1, 0), x2 = (1, 1), beta* = (1, 1) (labels 1, 2, no noise), cov = (0.8, 0.2):
/// Sigma_hat = [[1, 1/2], [1/2, 1/2]].
fn tilted() -> (Samples, Quadratic, Sym2, [f64; 2]) {
    let rows = [[1.0, 0.0], [1.0, 1.0]];
    let samples = Samples {
        x: vec![],
        rows: rows.iter().map(|r| vector(r)).collect(),
        y: vec![1.0, 2.0],
    };
    let cov = [0.8, 0.2];
    let q = Quadratic::gaussian(&samples, &[1.0, 1.0], &cov, 0.0);
    (samples, q, Sym2::covariance(&rows), cov)
}

#[test]
fn a_tilted_design_spectrum_and_losses() {
    let (samples, q, s, cov) = tilted();
    assert_eq!((s.a, s.b, s.c), (1.0, 0.5, 0.5));
    // Eigenvalues (3/2 +- sqrt(5)/2) / 2.
    let g = [(1.5 + 1.25f64.sqrt()) / 2.0, (1.5 - 1.25f64.sqrt()) / 2.0];
    let (ge, v) = s.eigen();
    assert!(
        close(ge[0], g[0], 1e-15) && close(ge[1], g[1], 1e-14),
        "{ge:?}"
    );
    assert!(q.rotated);
    assert_eq!(q.n, 2);
    for j in 0..2 {
        assert!(
            close(q.gamma[j], g[j], 1e-13),
            "gamma {:?} vs {g:?}",
            q.gamma
        );
        // The eigenvectors, up to sign.
        let col = [q.basis[0][j], q.basis[1][j]];
        assert!(
            (dot2(col, v[j]).abs() - 1.0).abs() <= 1e-13,
            "{col:?} vs {:?}",
            v[j]
        );
        // pop = V^T diag(cov) V: its diagonal is the variance along each eigenvector.
        assert!(close(q.pop[j][j], diag_quad(cov, v[j]), 1e-13));
        assert!(close(q.lambda[j], diag_quad(cov, v[j]), 1e-13));
    }
    let off = cov[0] * v[0][0] * v[1][0] + cov[1] * v[0][1] * v[1][1];
    assert!(
        (q.pop[0][1].abs() - off.abs()).abs() <= 1e-13,
        "{:?}",
        q.pop
    );
    assert!(!q.simultaneously_diagonal());
    // Both losses at arbitrary points, against the sample sum and diag(cov).
    for beta in [[0.0, 0.0], [0.3, -1.7], [2.5, 0.25], [1.0, 1.0]] {
        let train = samples
            .rows
            .iter()
            .zip(&samples.y)
            .map(|(x, y)| (x[0] * beta[0] + x[1] * beta[1] - y).powi(2))
            .sum::<f64>()
            / 2.0;
        let e = [beta[0] - 1.0, beta[1] - 1.0];
        let got = q.train_loss(&vector(&beta));
        assert!(
            (got - train).abs() <= 1e-13 * (1.0 + train),
            "{beta:?}: {got} vs {train}"
        );
        let got = q.test_loss(&vector(&beta));
        let want = diag_quad(cov, e);
        assert!(
            (got - want).abs() <= 1e-13 * (1.0 + want),
            "{beta:?}: {got} vs {want}"
        );
    }
}

#[test]
fn a_tilted_design_gradient_flow_in_closed_form() {
    let (_, q, s, cov) = tilted();
    for eps in [0.01, 0.1, 1e-5] {
        let (t, delta) = flow2(&s, [-1.0, -1.0], eps);
        let end = gradient_flow(&q, &[0.0; MAX_D], eps);
        assert!(
            close(end.time, t, 1e-12),
            "eps {eps}: time {} vs {t}",
            end.time
        );
        for j in 0..2 {
            assert!(
                (end.beta[j] - (1.0 + delta[j])).abs() <= 1e-12 * delta[j].abs().max(1e-3),
                "eps {eps}: beta {:?} vs {delta:?}",
                &end.beta[..2]
            );
        }
        let test = diag_quad(cov, delta);
        assert!(
            close(q.test_loss(&end.beta), test, 1e-12),
            "eps {eps}: test {} vs {test}",
            q.test_loss(&end.beta)
        );
        assert!(close(q.train_loss(&end.beta), eps, 1e-12));
        assert!(close(s.quad(delta), eps, 1e-13));
    }
}

#[test]
fn a_tilted_design_annealed_run_in_closed_form() {
    let (_, q, s, cov) = tilted();
    let eps = 0.01;
    for (lr, k) in [(0.7, 3), (0.5, 1), (1.0 / s.eigen().0[0], 4), (1.2, 2)] {
        // delta <- (I - 2 lr Sigma_hat) delta, checking L_hat <= eps before each step.
        let mut delta = [-1.0, -1.0];
        let mut steps = 0;
        while steps < k && s.quad(delta) > eps {
            let m = s.apply(delta);
            delta = [delta[0] - 2.0 * lr * m[0], delta[1] - 2.0 * lr * m[1]];
            steps += 1;
        }
        assert!(
            s.quad(delta) > eps,
            "lr {lr}: pick a case that ends in the flow"
        );
        let (t, end_delta) = flow2(&s, delta, eps);
        let (gd, end) = annealed(
            &q,
            &[0.0; MAX_D],
            &LargeSteps::constant(lr, k),
            eps,
            GdStop::Check,
        );
        assert_eq!(gd.steps, steps, "lr {lr}");
        assert!(!gd.reached);
        for j in 0..2 {
            assert!(
                (gd.beta[j] - (1.0 + delta[j])).abs() <= 1e-13,
                "lr {lr}: after gd {:?} vs {delta:?}",
                &gd.beta[..2]
            );
            assert!(
                (end.beta[j] - (1.0 + end_delta[j])).abs() <= 1e-12 * end_delta[j].abs().max(1e-3),
                "lr {lr}: stop {:?} vs {end_delta:?}",
                &end.beta[..2]
            );
        }
        assert!(close(end.time, t, 1e-11), "lr {lr}: {} vs {t}", end.time);
        let test = diag_quad(cov, end_delta);
        assert!(
            close(q.test_loss(&end.beta), test, 1e-12),
            "lr {lr}: test {} vs {test}",
            q.test_loss(&end.beta)
        );
    }
}

#[test]
fn a_tilted_design_level_set_is_the_generalized_eigenvalues() {
    let (_, q, s, cov) = tilted();
    // det(diag(0.8, 0.2) - mu Sigma_hat) = mu^2 / 4 - 0.6 mu + 0.16: mu = 1.2 -+ 2 sqrt(0.2).
    let mu = generalized_eigenvalues(cov, &s);
    assert!(close(mu[0], 1.2 - 2.0 * 0.2f64.sqrt(), 1e-14), "{mu:?}");
    assert!(close(mu[1], 1.2 + 2.0 * 0.2f64.sqrt(), 1e-14), "{mu:?}");
    for eps in [0.01, 0.5, 3.0] {
        let ls = level_set(&q, eps).unwrap();
        assert!(
            close(ls.good.test_loss, eps * mu[0], 1e-12),
            "eps {eps}: good {} vs {}",
            ls.good.test_loss,
            eps * mu[0]
        );
        assert!(
            close(ls.bad.test_loss, eps * mu[1], 1e-12),
            "eps {eps}: bad {} vs {}",
            ls.bad.test_loss,
            eps * mu[1]
        );
        for (x, m) in [(&ls.good, mu[0]), (&ls.bad, mu[1])] {
            // On the level set, with the test loss it claims.
            assert!(close(q.train_loss(&x.beta), eps, 1e-12), "eps {eps}");
            assert!(close(q.test_loss(&x.beta), x.test_loss, 1e-12), "eps {eps}");
            // Along the generalized eigenvector: (diag(cov) - mu Sigma_hat) e = 0, so e is
            // orthogonal to the first row (0.8 - mu, -mu/2).
            let e = [x.beta[0] - 1.0, x.beta[1] - 1.0];
            let row = [cov[0] - m * s.a, -m * s.b];
            let norm = (e[0].hypot(e[1])) * row[0].hypot(row[1]);
            assert!(dot2(e, row).abs() <= 1e-12 * norm, "eps {eps}: {e:?}");
        }
        // The two runs stop between the extremes.
        let gf = gradient_flow(&q, &[0.0; MAX_D], eps);
        if let Some(beta) = gf.reached() {
            let t = q.test_loss(beta);
            assert!(
                t >= ls.good.test_loss * (1.0 - 1e-12) && t <= ls.bad.test_loss * (1.0 + 1e-12)
            );
        }
    }
}

#[test]
fn rotated_mini_batches_match_the_hand_gradient_with_noise() {
    // Three rows, labels off any linear fit (so the centre is the least-squares fit and the
    // floor positive): each mini-batch step beta -= lr (2/b) sum_B x_i (x_i . beta - y_i).
    let rows = [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
    let y = [1.3, 1.7, 0.2];
    let samples = Samples {
        x: vec![],
        rows: rows.iter().map(|r| vector(r)).collect(),
        y: y.to_vec(),
    };
    let beta_star = [1.0, 1.0];
    let q = Quadratic::gaussian(&samples, &beta_star, &[0.8, 0.2], 0.5);
    // Least squares by Cramer's rule on X^T X beta = X^T y.
    let s = Sym2::covariance(&rows);
    let xty = [
        (0..3).map(|i| rows[i][0] * y[i]).sum::<f64>() / 3.0,
        (0..3).map(|i| rows[i][1] * y[i]).sum::<f64>() / 3.0,
    ];
    let ls = [
        (xty[0] * s.c - s.b * xty[1]) / s.det(),
        (s.a * xty[1] - s.b * xty[0]) / s.det(),
    ];
    let floor = (0..3)
        .map(|i| (dot2(rows[i], ls) - y[i]).powi(2))
        .sum::<f64>()
        / 3.0;
    let centre = q.from_eigen(&q.center);
    assert!((centre[0] - ls[0]).abs() <= 1e-13 && (centre[1] - ls[1]).abs() <= 1e-13);
    assert!(close(q.floor, floor, 1e-12), "floor {} vs {floor}", q.floor);
    for beta in [[0.0, 0.0], [0.4, -0.9]] {
        let direct = (0..3)
            .map(|i| (dot2(rows[i], beta) - y[i]).powi(2))
            .sum::<f64>()
            / 3.0;
        assert!(close(q.train_loss(&vector(&beta)), direct, 1e-12));
    }
    for (b, lr, seed) in [(1usize, 0.3, 7u64), (2, 0.45, 8), (3, 0.5, 9)] {
        let eps = floor + 1e-4;
        let mut mb = MiniBatches::new(&q, &samples, b, seed);
        let mut seen: Vec<[f64; 2]> = Vec::new();
        let (gd, _) = annealed_visit(
            &q,
            &[0.0; MAX_D],
            &LargeSteps::constant(lr, 6),
            Some(&mut mb),
            eps,
            GdStop::Check,
            |_, beta| seen.push([beta[0], beta[1]]),
        );
        assert_eq!(mb.drawn.len(), gd.steps);
        let mut beta = [0.0, 0.0];
        for (t, batch) in mb.drawn.iter().enumerate() {
            assert_eq!(batch.len(), b);
            assert!(
                (beta[0] - seen[t][0]).abs() <= 1e-12 && (beta[1] - seen[t][1]).abs() <= 1e-12,
                "b {b}: step {t}: {:?} vs {beta:?}",
                seen[t]
            );
            let mut g = [0.0, 0.0];
            for &i in batch {
                let r = dot2(rows[i], beta) - y[i];
                g[0] += 2.0 / b as f64 * rows[i][0] * r;
                g[1] += 2.0 / b as f64 * rows[i][1] * r;
            }
            beta = [beta[0] - lr * g[0], beta[1] - lr * g[1]];
        }
        let last = seen.last().unwrap();
        assert!(
            (beta[0] - last[0]).abs() <= 1e-12 && (beta[1] - last[1]).abs() <= 1e-12,
            "b {b}: {last:?} vs {beta:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Monte Carlo with Gaussian inputs, by an independent slow loop.
// ---------------------------------------------------------------------------------------------

/// One draw's ratio (gradient flow's test loss over the annealed one) by the 2x2 closed forms:
/// lr = 1/gamma_max, K constant steps with the paper's check, then the flow.
fn hand_ratio(rows: &[[f64; 2]], beta_star: [f64; 2], cov: [f64; 2], eps: f64, k: usize) -> f64 {
    let s = Sym2::covariance(rows);
    let (g, _) = s.eigen();
    let lr = 1.0 / g[0];
    let start = [-beta_star[0], -beta_star[1]];
    let (_, gf) = flow2(&s, start, eps);
    let mut delta = start;
    for _ in 0..k {
        if s.quad(delta) <= eps {
            break;
        }
        let m = s.apply(delta);
        delta = [delta[0] - 2.0 * lr * m[0], delta[1] - 2.0 * lr * m[1]];
    }
    let an = if s.quad(delta) <= eps {
        delta
    } else {
        flow2(&s, delta, eps).1
    };
    diag_quad(cov, gf) / diag_quad(cov, an)
}

#[test]
fn monte_carlo_with_gaussian_inputs_matches_a_slow_loop() {
    let seed = 11;
    let q = format!("beta=1,1&n=3&inputs=gaussian&cov=0.8,0.2&lr=auto&k=4&eps=0.01&seed={seed}");
    let setup = Setup::from_params(&accepted(&q));
    assert!(exact(&setup).is_none());
    assert!(setup.no_exact_reason().is_some());
    let trials = 2000;
    let mut mc = MonteCarlo::new(setup.clone(), seed);
    // In chunks: the generator runs on from chunk to chunk.
    mc.run(700);
    mc.run(trials - 700);
    assert_eq!(mc.trials, trials);

    let (beta_star, cov): ([f64; 2], [f64; 2]) = ([1.0, 1.0], [0.8, 0.2]);
    let mut g = rng(seed);
    let (mut helped, mut borderline, mut disagree) = (0u64, 0u64, 0u64);
    for draw in 0..trials {
        // n rows of d standard normals scaled by sqrt(cov_j); no noise, so no label draws.
        let rows: Vec<[f64; 2]> = (0..3)
            .map(|_| {
                let mut row = [0.0; 2];
                for j in 0..2 {
                    let z: f64 = g.sample(StandardNormal);
                    row[j] = cov[j].sqrt() * z;
                }
                row
            })
            .collect();
        let r = hand_ratio(&rows, beta_star, cov, 0.01, 4);
        if r >= 1.5 {
            helped += 1;
        }
        if (r - 1.5).abs() <= 1e-9 {
            borderline += 1;
        }
        // The same training set through the crate's losses and runs.
        let samples = Samples {
            x: vec![],
            rows: rows.iter().map(|r| vector(r)).collect(),
            y: rows.iter().map(|r| dot2(*r, beta_star)).collect(),
        };
        let quad = Quadratic::gaussian(&samples, &beta_star, &cov, 0.0);
        let got = montecarlo::ratio(&quad, &setup).unwrap();
        if !close(got, r, 1e-9) {
            disagree += 1;
            eprintln!("draw {draw}: ratio {got} vs hand {r} (rows {rows:?})");
        }
    }
    assert_eq!(disagree, 0, "draws whose ratio differs from the hand one");
    let diff = mc.helped.abs_diff(helped);
    assert!(
        diff <= borderline.max(3),
        "Monte Carlo helped {} of {trials}, the slow loop {helped}",
        mc.helped
    );
    let ours = helped as f64 / trials as f64;
    let (lo, hi) = wilson(helped, trials);
    let (mlo, mhi) = mc.ci95();
    assert!(
        lo <= mc.fraction() && mc.fraction() <= hi,
        "{} vs [{lo}, {hi}]",
        mc.fraction()
    );
    assert!(mlo <= ours && ours <= mhi, "{ours} vs [{mlo}, {mhi}]");
    eprintln!(
        "gaussian Monte Carlo: {} / {trials} helped (slow loop {helped})",
        mc.helped
    );
}

#[test]
fn monte_carlo_has_no_exact_probability_for_stochastic_batches() {
    let p = Params::from_query("batch=2").params;
    let setup = Setup::from_params(&p);
    assert!(setup.stochastic());
    assert!(exact(&setup).is_none());
    assert!(setup.no_exact_reason().is_some());
    // A batch of all n samples is the full batch: exact as the paper's.
    let p = Params::from_query("batch=3").params;
    let setup = Setup::from_params(&p);
    assert!(!setup.stochastic());
    let full = exact(&Setup::from_params(&Params::default())).unwrap();
    assert_eq!(exact(&setup).unwrap().probability, full.probability);
}

// ---------------------------------------------------------------------------------------------
// 5. Properties over random Gaussian designs.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Design {
    beta: Vec<f64>,
    cov: Vec<f64>,
    n: usize,
    seed: u64,
    noise: f64,
    eps: f64,
    lr: String,
    k: usize,
    /// 0: full batch.
    batch: usize,
}

impl Design {
    fn query(&self) -> String {
        format!(
            "beta={}&n={}&inputs=gaussian&cov={}&seed={}&noise={}&eps={}&lr={}&k={}&gd_stop=cut&batch={}",
            join(&self.beta),
            self.n,
            join(&self.cov),
            self.seed,
            self.noise,
            self.eps,
            self.lr,
            self.k,
            self.batch
        )
    }
}

fn design() -> impl Strategy<Value = Design> {
    (2usize..=4).prop_flat_map(|d| {
        (
            prop::collection::vec(-2.0f64..2.0, d),
            prop::collection::vec(0.05f64..2.0, d),
            1usize..=8,
            0u64..1_000_000,
            prop_oneof![Just(0.0), 0.01f64..0.5],
            -3.0f64..-0.5,
            prop_oneof![
                Just("auto".to_string()),
                (0.05f64..1.0).prop_map(|v| v.to_string())
            ],
            (0usize..=12, prop_oneof![2 => Just(0usize), 3 => 1usize..=8]),
        )
            .prop_map(
                |(beta, cov, n, seed, noise, log_eps, lr, (k, batch))| Design {
                    beta,
                    cov,
                    n,
                    seed,
                    noise,
                    eps: 10f64.powf(log_eps),
                    lr,
                    k,
                    batch: batch.min(n),
                },
            )
    })
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn gaussian_stops_are_on_the_level_set_between_its_extremes(p in design()) {
        let q = p.query();
        let parsed = Params::from_query(&q);
        prop_assert!(parsed.warnings.is_empty(), "{}: {:?}", q, parsed.warnings);
        let r = lr_anneal::run(&parsed.params, Vec::new(), false);
        let d = p.beta.len();
        let inputs = &r.samples.inputs;
        let y = &r.samples.labels;
        prop_assert_eq!(inputs.len(), p.n);
        // The losses by the sample sum and diag(cov), at a reported point.
        let train = |beta: &[f64]| -> f64 {
            inputs
                .iter()
                .zip(y)
                .map(|(x, yi)| {
                    let pred: f64 = x.iter().zip(beta).map(|(a, b)| a * b).sum();
                    (pred - yi).powi(2)
                })
                .sum::<f64>()
                / p.n as f64
        };
        let test = |beta: &[f64]| -> f64 {
            p.noise * p.noise
                + (0..d)
                    .map(|j| p.cov[j] * (beta[j] - p.beta[j]).powi(2))
                    .sum::<f64>()
        };
        let start = train(&[0.0; 4][..d]);
        // Sigma_hat is formed explicitly (X^T X / n), so its small eigenvalues carry an absolute
        // error of about EPSILON * gamma_max: the losses match the sample sums to about
        // EPSILON * cond(Sigma_hat) relative (a nearly collinear draw has cond ~ 1e8).
        let observed: Vec<f64> = r.samples.gamma.iter().copied().filter(|&g| g > 0.0).collect();
        let cond = observed.iter().fold(0.0f64, |m, &g| m.max(g))
            / observed.iter().fold(f64::INFINITY, |m, &g| m.min(g));
        let sample_rel = 1e-10 + 16.0 * f64::EPSILON * cond;
        let ls = r.level_set.as_ref();
        let runs = [
            ("gradient flow", r.gradient_flow.reached, r.gradient_flow.beta.clone(),
             r.gradient_flow.train_loss, r.gradient_flow.test_loss),
            ("annealed", r.annealed.reached, r.annealed.beta.clone(),
             r.annealed.train_loss, r.annealed.test_loss),
        ];
        for (name, reached, beta, train_loss, test_loss) in runs {
            if !reached {
                continue;
            }
            let (beta, train_loss, test_loss) =
                (beta.unwrap(), train_loss.unwrap(), test_loss.unwrap());
            // The reported losses are those of the reported point.
            prop_assert!(close(train(&beta), train_loss, sample_rel),
                "{}: {}: train {} vs the sample sum {}", q, name, train_loss, train(&beta));
            prop_assert!(close(test(&beta), test_loss, 1e-9),
                "{}: {}: test {} vs diag(cov) {}", q, name, test_loss, test(&beta));
            if start <= p.eps {
                continue; // Neither run moves.
            }
            prop_assert!(close(train_loss, p.eps, 1e-12),
                "{}: {}: train loss {} at eps {}", q, name, train_loss, p.eps);
            let ls = ls.expect("a reached level set exists");
            let slack = 1e-9 * ls.bad_test_loss;
            prop_assert!(test_loss >= ls.good_test_loss - slack,
                "{}: {}: test {} below the good {}", q, name, test_loss, ls.good_test_loss);
            prop_assert!(test_loss <= ls.bad_test_loss + slack,
                "{}: {}: test {} above the bad {}", q, name, test_loss, ls.bad_test_loss);
        }
        if let Some(ls) = ls {
            // The extremes are points of the level set with the test losses claimed.
            for (beta, t) in [(&ls.good_beta, ls.good_test_loss), (&ls.bad_beta, ls.bad_test_loss)] {
                prop_assert!(close(train(beta), p.eps, sample_rel), "{}: {} vs eps", q, train(beta));
                prop_assert!(close(test(beta), t, 1e-9), "{}: {} vs {}", q, test(beta), t);
            }
            prop_assert!(ls.good_test_loss <= ls.bad_test_loss * (1.0 + 1e-12));
        }
        let isotropic = p.cov.iter().all(|&c| c == p.cov[0]);
        let stochastic = p.batch > 0 && p.batch < p.n;
        prop_assert_eq!(r.bounds.does_not_apply.is_some(), !isotropic || stochastic, "{}", q);
        prop_assert_eq!(r.annealed.batches.len(), if p.batch > 0 { r.annealed.gd_steps } else { 0 });
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Warnings and the bounds' verdict.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_new_keys_warn_on_conflicts() {
    for (q, key) in [
        ("inputs=gaussian&x=1,2,2", "x"),
        ("batch=9", "batch"),
        ("batch=4&x=1,2,1", "batch"),
        ("gamma=1,2&inputs=gaussian", "inputs"),
        ("gamma=1,2&batch=1", "batch"),
        ("cov=1,2,3", "cov"),
        ("inputs=gaussian&cov=1,2,3", "cov"),
        ("inputs=gaussian&cov=0,1", "cov"),
        ("inputs=uniform", "inputs"),
        ("batch=-1", "batch"),
    ] {
        let parsed = Params::from_query(q);
        assert!(
            parsed.warnings.iter().any(|w| w.key == key),
            "{q}: {:?}",
            parsed.warnings
        );
        // The fallback is a state without warnings.
        assert_eq!(accepted(&parsed.params.query()), parsed.params, "{q}");
    }
    let p = Params::from_query("batch=9").params;
    assert_eq!(p.batch(), 0);
    let p = Params::from_query("inputs=gaussian&x=1,2,2").params;
    assert_eq!(p.inputs(), lr_anneal::model::Inputs::Gaussian);
    assert_eq!(p.n(), 3);
    let p = Params::from_query("gamma=1,2&inputs=gaussian").params;
    assert_eq!(p.inputs(), lr_anneal::model::Inputs::Basis);
    let p = Params::from_query("inputs=gaussian&cov=1,2,3").params;
    assert_eq!(p.cov(), vec![0.5, 0.5]);
    // These are fine.
    for q in [
        "batch=3",
        "batch=1",
        "inputs=gaussian&n=1&cov=0.1,2",
        "inputs=gaussian&batch=2",
    ] {
        accepted(q);
    }
}

#[test]
fn lemma2_does_not_apply_to_tilted_covariances_or_mini_batches() {
    for (q, applies) in [
        ("preset=paper", true),
        ("batch=3", true),
        ("batch=2", false),
        ("batch=1", false),
        ("inputs=gaussian", true),
        ("inputs=gaussian&cov=0.8,0.2", false),
        ("preset=gaussian", false),
        ("preset=sgd", false),
    ] {
        let r = report(q);
        assert_eq!(
            r.bounds.does_not_apply.is_none(),
            applies,
            "{q}: {:?}",
            r.bounds.does_not_apply
        );
        if !applies {
            assert!(r.bounds.lemma2.is_empty(), "{q}");
            assert!(r.bounds.proposition1.is_none(), "{q}");
        }
    }
}

/// A control that sets fewer samples than the mini-batch holds shrinks the batch to all of them;
/// picking basis vectors (x) makes the inputs basis vectors; a new d turns a preset's variances
/// into 1/d each. Each result's canonical query reads back to it without warnings.
#[test]
fn controls_keep_the_new_keys_consistent() {
    let sgd = Params::from_query("preset=sgd").params;
    let fewer = sgd.with("n", "1").unwrap();
    assert_eq!((fewer.n(), fewer.batch()), (1, 1));
    let fewer = sgd.with("x", "2").unwrap();
    assert_eq!((fewer.n(), fewer.batch()), (1, 1));
    let more = sgd.with("n", "9").unwrap();
    assert_eq!(more.batch(), 2, "more samples keep the batch");
    let gaussian = Params::from_query("preset=gaussian").params;
    let picked = gaussian.with("x", "1,2,2").unwrap();
    assert_eq!(picked.inputs(), lr_anneal::model::Inputs::Basis);
    // Gaussian inputs and back: the paper's picked samples again, not three random ones.
    let paper = Params::default();
    let drawn = paper.with("inputs", "gaussian").unwrap();
    assert_eq!(drawn.query(), "v=1&preset=paper&n=3&inputs=gaussian");
    assert_eq!(drawn.with("inputs", "basis").unwrap(), paper);
    // Spectra typed in place of samples: basis inputs and full-batch steps.
    let spectra = Params::from_query("preset=gaussian&batch=2")
        .params
        .with("gamma", "0.6,0.2")
        .unwrap();
    assert_eq!(spectra.inputs(), lr_anneal::model::Inputs::Basis);
    assert_eq!(spectra.batch(), 0);
    // Tiny variances are written with an exponent, and read back to the same value.
    let tiny = drawn.with("cov", "1e-300,1000").unwrap();
    assert!(
        tiny.query().ends_with("&cov=1e-300,1000"),
        "{}",
        tiny.query()
    );
    let wider = gaussian.with("beta", "1,1,1").unwrap();
    assert_eq!(wider.cov(), vec![1.0 / 3.0; 3]);
    for p in [fewer, more, picked, wider, tiny] {
        assert_eq!(accepted(&p.query()), p);
    }
    // A preset's variances with another d, read from a link: 1/d each, without a warning (the
    // link did not give them); a given list of the wrong length is a warning.
    assert_eq!(
        accepted("preset=gaussian&beta=1,1,1").cov(),
        vec![1.0 / 3.0; 3]
    );
    let parsed = Params::from_query("preset=gaussian&beta=1,1,1&cov=1,2");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].key, "cov");
}

/// Scaling every population variance by c scales the inputs by sqrt(c): gamma scales by c and
/// the level set's test losses (over eps, with eps fixed and beta* unchanged) do not move at all
/// in exact arithmetic. Found by review: tiny variances once stopped the eigensolver before its
/// first rotation (squares underflowing) and made the whitening NaN.
#[test]
fn tiny_variances_scale_exactly() {
    for c in ["1e-100", "1e-170", "1e-300"] {
        let q = format!("preset=gaussian&cov={c},{c}");
        let r = report(&q);
        let scale: f64 = c.parse().unwrap();
        // The draws are the same standard normals scaled by sqrt(c): gamma scales by c.
        let unit = report("preset=gaussian&cov=1,1");
        for (g, g1) in r.samples.gamma.iter().zip(&unit.samples.gamma) {
            assert!(close(*g, g1 * scale, 1e-12), "{q}: {g} vs {}", g1 * scale);
        }
        let l = r
            .level_set
            .as_ref()
            .unwrap_or_else(|| panic!("{q}: no level set"));
        // Isotropic variances: the extremes are eps * min/max of lambda/gamma = c / (c gamma'),
        // gamma' the unscaled draw's eigenvalues: the same as for cov = 1,1.
        let lu = unit.level_set.as_ref().unwrap();
        assert!(close(l.good_test_loss, lu.good_test_loss, 1e-12), "{q}");
        assert!(close(l.bad_test_loss, lu.bad_test_loss, 1e-12), "{q}");
    }
}

/// A direction with a tiny but real variance is observed (Gaussian rows have rank min(n, d)):
/// the train loss the report gives at both stops is the sample sum (1/n) sum (<x, beta> - y)^2
/// there. Found by review: a 1e-12 threshold once dropped it and reported eps for a train loss
/// of 12.7 eps.
#[test]
fn a_tiny_variance_direction_is_still_fitted() {
    let r = report("beta=1000,1000&n=3&inputs=gaussian&cov=1000,1e-11&eps=1e-6&lr=auto&k=4");
    assert!(
        r.samples.gamma.iter().all(|&g| g > 0.0),
        "{:?}",
        r.samples.gamma
    );
    let (x, y) = (&r.samples.inputs, &r.samples.labels);
    let sample_sum = |b: &[f64]| {
        x.iter()
            .zip(y)
            .map(|(row, yi)| (row.iter().zip(b).map(|(a, c)| a * c).sum::<f64>() - yi).powi(2))
            .sum::<f64>()
            / y.len() as f64
    };
    for run in [&r.gradient_flow.beta, &r.annealed.beta] {
        let b = run.as_ref().unwrap();
        let t = sample_sum(b);
        assert!(close(t, 1e-6, 1e-8), "train loss {t} at {b:?}");
    }
}
