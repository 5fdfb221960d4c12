//! What the paper proves, evaluated for one training set: the extremes of the test loss over the
//! level set `{L_hat = eps}` (eqs. (3) and (4)), and the conditions and bounds of Lemma 2 and
//! Proposition 1.

use serde::Serialize;

use crate::linalg::{symmetric_eigen, times, transpose_times};
use crate::model::{sq, Quadratic, Vector, MAX_D};

/// A point of the level set where the test loss is extreme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extreme {
    /// The test loss there.
    pub test_loss: f64,
    /// The point.
    pub beta: Vector,
}

/// The best ("good") and worst ("bad") points of `{beta : L_hat(beta) = eps}`, restricted to the
/// coordinates gradient methods can move (the paper restricts to the image of `Sigma_hat`;
/// unobserved coordinates stay at 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelSet {
    /// Minimum test loss, eq. (3): `eps * min_j lambda_j / gamma_j` without noise.
    pub good: Extreme,
    /// Maximum test loss, eq. (4): `eps * max_j lambda_j / gamma_j` without noise.
    pub bad: Extreme,
}

/// The extremes of the test loss over the level set, or `None` when it is empty (`eps` at or below
/// the lowest reachable train loss).
///
/// In whitened coordinates `s_j = sqrt(gamma_j) (beta_j - c_j)` the level set is the sphere
/// `|s|^2 = R^2 = eps - floor` and the test loss is `K + sum_j a_j (s_j + m_j)^2` with
/// `a_j = lambda_j / gamma_j` and `m_j = sqrt(gamma_j) (c_j - beta*_j)`. Its stationary points are
/// `s_j = a_j m_j / (nu - a_j)`; the minimum has `nu <= min a` and the maximum `nu >= max a`, where
/// the secular equation `sum_j a_j^2 m_j^2 / (nu - a_j)^2 = R^2` is monotone and is solved by
/// bisection to the last bit (in the offset of `nu` from the extreme `a`). Without noise `m = 0`, and the answer is the paper's: all of `R^2`
/// on the coordinate with the smallest (largest) `a_j`, giving `eps * min (max) lambda_j / gamma_j`.
pub fn level_set(q: &Quadratic, eps: f64) -> Option<LevelSet> {
    let r2 = eps - q.floor;
    if r2.is_nan() || r2 <= 0.0 {
        return None;
    }
    if q.rotated {
        return rotated_level_set(q, eps);
    }
    Some(LevelSet {
        good: extreme(q, r2, false),
        bad: extreme(q, r2, true),
    })
}

fn extreme(q: &Quadratic, r2: f64, maximize: bool) -> Extreme {
    let mut a = [0.0; MAX_D];
    let mut m = [0.0; MAX_D];
    let mut idx = [0usize; MAX_D];
    let mut len = 0;
    for j in 0..q.d {
        if q.observed(j) {
            a[len] = q.lambda[j] / q.gamma[j];
            m[len] = q.gamma[j].sqrt() * (q.center[j] - q.beta_star[j]);
            idx[len] = j;
            len += 1;
        }
    }
    let (a, m, idx) = (&a[..len], &m[..len], &idx[..len]);
    let pick = |x: f64, y: f64| if maximize { x.max(y) } else { x.min(y) };
    let a_ext = a[1..].iter().fold(a[0], |acc, &v| pick(acc, v));
    let mut s = [0.0; MAX_D];
    let hard = a.iter().zip(m).all(|(&aj, &mj)| aj != a_ext || mj == 0.0);
    // sum over the other coordinates of (a_j m_j / (a_ext - a_j))^2: phi's limit at nu = a_ext
    // when the extreme block has m = 0.
    let limit: f64 = a
        .iter()
        .zip(m)
        .filter(|(&aj, _)| aj != a_ext)
        .map(|(&aj, &mj)| sq(aj * mj / (a_ext - aj)))
        .sum();
    let mut solved = false;
    if !hard || limit > r2 {
        // nu = a_ext -+ tau with tau in (0, reach]: the minimum has nu < a_min, the maximum
        // nu > a_max. Working with tau (not nu) keeps nu - a_j exact even when tau is far below
        // the spacing of floats near a_ext (tiny noise). phi decreases as tau grows.
        let top = a
            .iter()
            .zip(m)
            .map(|(&aj, &mj)| (aj * mj).abs())
            .fold(0.0, f64::max);
        let scaled = a
            .iter()
            .zip(m)
            .map(|(&aj, &mj)| sq(aj * mj / top))
            .sum::<f64>();
        let reach = top * scaled.sqrt() / r2.sqrt();
        let sign = if maximize { 1.0 } else { -1.0 };
        let gap = |aj: f64, tau: f64| (a_ext - aj) + sign * tau; // nu - a_j
        let phi = |tau: f64| -> f64 {
            a.iter()
                .zip(m)
                .map(|(&aj, &mj)| sq(aj * mj / gap(aj, tau)))
                .sum()
        };
        if reach > 0.0 && reach.is_finite() {
            let (mut lo, mut hi) = (0.0f64, reach);
            for _ in 0..2100 {
                let mid = 0.5 * (lo + hi);
                if mid <= lo || mid >= hi {
                    break;
                }
                if phi(mid) > r2 {
                    lo = mid; // radius too large: move away from a_ext
                } else {
                    hi = mid;
                }
            }
            for (i, (&aj, &mj)) in a.iter().zip(m).enumerate() {
                s[i] = aj * mj / gap(aj, hi);
            }
            solved = s[..len].iter().all(|v| v.is_finite());
        }
    }
    if !solved {
        // Hard case (the extreme block has m = 0, or an m too small to resolve in floating point,
        // where this point is exact to rounding): nu = a_ext, and the rest of the radius goes on
        // the first extreme coordinate, with a positive residual as in the paper's table.
        let mut first = true;
        for (i, (&aj, &mj)) in a.iter().zip(m).enumerate() {
            s[i] = if aj != a_ext {
                aj * mj / (a_ext - aj)
            } else if first {
                first = false;
                (r2 - limit).max(0.0).sqrt()
            } else {
                0.0
            };
        }
    }
    // Put the point exactly on the sphere (it is within rounding already).
    let norm = s[..len].iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 {
        let scale = r2.sqrt() / norm;
        s[..len].iter_mut().for_each(|v| *v *= scale);
    }
    // Unobserved coordinates stay at 0; observed ones sit at c_j + s_j / sqrt(gamma_j). The test
    // loss is computed from s (not from beta), which keeps it exact when |beta*| >> sqrt(eps).
    let mut beta = [0.0; MAX_D];
    for (i, &j) in idx.iter().enumerate() {
        beta[j] = q.center[j] + s[i] / q.gamma[j].sqrt();
    }
    let test_loss = q.fixed_test_loss()
        + a.iter()
            .zip(m)
            .zip(&s)
            .map(|((&aj, &mj), &sj)| aj * sq(sj + mj))
            .sum::<f64>();
    Extreme { test_loss, beta }
}

/// [`level_set`] for losses in a rotated basis (Gaussian inputs), where the population
/// covariance `P` is not diagonal. With `O` the observed directions, `e = c - beta*` (in `z`) and
/// the residual `delta` supported on `O`, the test loss is
/// `noise^2 + (e + delta)^T P (e + delta)`. In whitened coordinates `s = Gamma^{1/2} delta_O`
/// (the sphere `|s|^2 = eps - floor`) it is `K + 2 g^T s + s^T A s` with
/// `A = Gamma^{-1/2} P_OO Gamma^{-1/2}` and `g = Gamma^{-1/2} (P e)_O`; in the eigenbasis `W` of
/// `A` (eigenvalues `a`, `t = W^T s`) that is `K' + sum_k a_k (t_k + m_k)^2` with
/// `m = W^T A^{-1} g`, the diagonal problem [`extreme`] solves. Without noise and with every
/// direction observed, `e = 0`: the extremes are `eps` times the smallest and largest
/// generalized eigenvalues of `(Sigma, Sigma_hat)`.
fn rotated_level_set(q: &Quadratic, eps: f64) -> Option<LevelSet> {
    let obs: Vec<usize> = (0..q.d).filter(|&j| q.observed(j)).collect();
    let o = obs.len();
    if o == 0 {
        return None;
    }
    let e: Vector = std::array::from_fn(|j| q.center[j] - q.beta_star[j]);
    let pe: Vector = std::array::from_fn(|r| (0..q.d).map(|c| q.pop[r][c] * e[c]).sum());
    let mut a_mat = [[0.0; MAX_D]; MAX_D];
    let mut g = [0.0; MAX_D];
    for (r, &jr) in obs.iter().enumerate() {
        g[r] = pe[jr] / q.gamma[jr].sqrt();
        for (c, &jc) in obs.iter().enumerate() {
            // sqrt of each, not of the product, which can underflow.
            a_mat[r][c] = q.pop[jr][jc] / (q.gamma[jr].sqrt() * q.gamma[jc].sqrt());
        }
    }
    let (a, w) = symmetric_eigen(&a_mat, o);
    let gw = transpose_times(&w, &g, o);
    // The diagonal problem: gamma = 1, lambda = a, centre m (beta* = 0), constant K'.
    let mut diag = Quadratic::from_spectrum(&vec![1.0; o], &a[..o], &vec![0.0; o]);
    let ete: f64 = (0..q.d).map(|j| e[j] * pe[j]).sum();
    let mut shift = 0.0;
    for k in 0..o {
        diag.center[k] = gw[k] / a[k];
        shift += sq(gw[k]) / a[k];
    }
    diag.floor = q.floor;
    diag.noise_var = q.noise_var + (ete - shift).max(0.0);
    let back = |x: Extreme| -> Extreme {
        // t = beta' - m, s = W t, delta_O = s / sqrt(gamma).
        let t: Vector = std::array::from_fn(|k| {
            if k < o {
                x.beta[k] - diag.center[k]
            } else {
                0.0
            }
        });
        let s_vec = times(&w, &t, o);
        let mut delta = [0.0; MAX_D];
        for (r, &j) in obs.iter().enumerate() {
            delta[j] = s_vec[r] / q.gamma[j].sqrt();
        }
        Extreme {
            test_loss: x.test_loss,
            beta: crate::dynamics::from_residual(q, &delta),
        }
    };
    let r2 = eps - q.floor;
    Some(LevelSet {
        good: back(extreme(&diag, r2, false)),
        bad: back(extreme(&diag, r2, true)),
    })
}

/// Relative tolerance for checking a simulated value against a bound it can meet with equality.
const SLACK: f64 = 1e-12;

/// Lemma 2's conditions and conclusions for one choice of the "small" block `S`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Lemma2 {
    /// The coordinates in `S` (1-based, sorted), those with the smallest `gamma`.
    pub small: Vec<usize>,
    /// The eigenvalue gap: the largest `p` with `gamma_i / gamma_k >= 1 + p` for all `i` not in `S`.
    pub p: f64,
    /// Condition 1's left side, the top eigenspace's share of the initial train loss
    /// (`gamma_1 delta_1(0)^2`, summed over ties).
    pub condition1_value: f64,
    /// Whether condition 1 (`> eps`) holds.
    pub condition1: bool,
    /// The smallest `alpha` allowed by condition 2,
    /// `eps^p sum_{i not in S} gamma_i delta_i(0)^2 / (|S| gamma_j* delta_j*(0)^2)^(1+p)`;
    /// `None` when infinite.
    pub alpha: Option<f64>,
    /// Whether condition 2 holds for some `alpha < 1`.
    pub condition2: bool,
    /// Whether the learning rate is the lemma's `1/gamma_1`.
    pub lr_is_inverse_gamma_max: bool,
    /// Conclusion 1: `L_D(gradient flow) >= eps (1 - alpha) min_{j in S} lambda_j/gamma_j`
    /// (plus the fixed loss of unobserved coordinates and noise).
    pub gradient_flow_lower: Option<f64>,
    /// Whether conclusion 1 is proven for this draw (conditions 1 and 2 hold).
    pub gradient_flow_lower_applies: bool,
    /// Whether the simulated gradient-flow test loss satisfies it.
    pub gradient_flow_lower_holds: bool,
    /// Conclusion 2: `L_D(annealed) <= eps max_{gamma_j = gamma_1} lambda_j/gamma_j + c^K sum_{i in
    /// Q} lambda_i delta_i(0)^2`, with `c = max_{i in Q} (1 - 2 gamma_i/gamma_1)^2` (the proof's
    /// `exp(-Omega(K))`, written out; plus the fixed loss).
    pub annealed_upper: f64,
    /// Whether conclusion 2 is proven for this draw (condition 1 holds and `lr = 1/gamma_1`).
    pub annealed_upper_applies: bool,
    /// Whether the simulated annealed test loss satisfies it.
    pub annealed_upper_holds: bool,
}

/// Proposition 1 for `d = 2`, `n = 3`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Proposition1 {
    /// `"lucky"` (two samples share an input: probability 3/4) or `"unlucky"` (all three do: 1/4).
    pub case: &'static str,
    /// The case's probability over the draw.
    pub probability: f64,
    /// Lucky case: Lemma 2 with `S` = the less observed coordinate, where
    /// `min_S lambda/gamma = 3/2` and `lambda_1/gamma_1 = 3/4`.
    pub lemma2: Option<Lemma2>,
    /// Unlucky case: whether both optimizers end with the same test loss.
    pub identical_test_loss: Option<bool>,
}

/// All bounds for one draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Bounds {
    /// Lemma 2 for every split of the distinct observed eigenvalues into large and small blocks
    /// (empty with label noise, which the lemma does not cover, or with one distinct eigenvalue).
    pub lemma2: Vec<Lemma2>,
    /// Proposition 1, when `d = 2`, `n = 3` and there is no label noise.
    pub proposition1: Option<Proposition1>,
    /// Why a chosen small block `S` (the `small` key) is not used, when it is not one of the
    /// splits (then every split is listed).
    pub small_note: Option<String>,
    /// Why neither Lemma 2 nor Proposition 1 applies to this state at all (Gaussian inputs,
    /// mini-batch steps), when they do not; `lemma2` is then empty and `proposition1` absent.
    pub does_not_apply: Option<String>,
    /// Every split of the spectrum Lemma 2 covers (each one's small block `S`, 1-based), whether
    /// or not a `small` block is chosen: what the Lemma 2 explorer offers.
    pub splits: Vec<Vec<usize>>,
}

/// Why Lemma 2 and Proposition 1 do not apply to Gaussian inputs.
pub const NOT_SIMULTANEOUSLY_DIAGONAL: &str = "Lemma 2 and Proposition 1 do not apply: with \
    Gaussian inputs the empirical and population covariances are not simultaneously \
    diagonalizable (they share no eigenvectors)";
/// Why Lemma 2 and Proposition 1 do not apply to mini-batch steps.
pub const STOCHASTIC_STEPS: &str = "Lemma 2 and Proposition 1 do not apply: they are about \
    full-batch gradient descent, and these large steps follow mini-batch gradients";

/// The simulated test losses the bounds are checked against (`None` when not reached).
#[derive(Debug, Clone, Copy)]
pub struct Simulated {
    /// Gradient flow's test loss at the stop.
    pub gradient_flow: Option<f64>,
    /// The annealed run's test loss at the stop.
    pub annealed: Option<f64>,
}

/// Evaluates Lemma 2 and Proposition 1 for this draw, from initialisation `beta0 = 0`; `lr` is
/// the large steps' rate when it is constant (`None` for a schedule, which Lemma 2 does not cover).
pub fn bounds(
    q: &Quadratic,
    eps: f64,
    lr: Option<f64>,
    k: usize,
    sim: Simulated,
    small: Option<&[usize]>,
    does_not_apply: Option<&str>,
) -> Bounds {
    if let Some(why) = does_not_apply {
        return Bounds {
            lemma2: Vec::new(),
            proposition1: None,
            small_note: None,
            does_not_apply: Some(why.to_string()),
            splits: Vec::new(),
        };
    }
    let mut out = all_bounds(q, eps, lr, k, sim);
    out.splits = out.lemma2.iter().map(|l| l.small.clone()).collect();
    if let Some(small) = small {
        match out.lemma2.iter().position(|l| l.small == small) {
            Some(i) => out.lemma2 = vec![out.lemma2.swap_remove(i)],
            None => {
                out.small_note = Some(format!(
                "S = {{{}}} is not a block of the smallest observed gamma_j below an eigenvalue \
                     gap, so Lemma 2 does not apply to it; every split is shown",
                small
                    .iter()
                    .map(|j| j.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            }
        }
    }
    out
}

fn all_bounds(q: &Quadratic, eps: f64, lr: Option<f64>, k: usize, sim: Simulated) -> Bounds {
    if q.noise_var > 0.0 {
        return Bounds {
            lemma2: Vec::new(),
            proposition1: None,
            small_note: None,
            does_not_apply: None,
            splits: Vec::new(),
        };
    }
    // Observed coordinates by decreasing gamma, grouped into blocks of equal gamma.
    let mut order: Vec<usize> = (0..q.d).filter(|&j| q.observed(j)).collect();
    crate::order::sort_by(&mut order, |&i, &j| {
        q.gamma[j].total_cmp(&q.gamma[i]).then(i.cmp(&j))
    });
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for &j in &order {
        match blocks.last_mut() {
            Some(b) if q.gamma[b[0]] == q.gamma[j] => b.push(j),
            _ => blocks.push(vec![j]),
        }
    }
    if blocks.is_empty() {
        return Bounds {
            lemma2: Vec::new(),
            proposition1: None,
            small_note: None,
            does_not_apply: None,
            splits: Vec::new(),
        };
    }
    let delta0 = |j: usize| -q.center[j]; // beta0 = 0
    let load = |j: usize| q.gamma[j] * sq(delta0(j)); // gamma_j delta_j(0)^2
    let fixed = q.fixed_test_loss();
    let gamma1 = q.gamma_max();
    // Lemma 2's large steps all have size 1/gamma_1: a constant rate (`None`: a schedule).
    let lr_ok = lr.is_some_and(|lr| (lr - 1.0 / gamma1).abs() <= SLACK / gamma1);
    let top = &blocks[0];
    let condition1_value: f64 = top.iter().map(|&j| load(j)).sum();
    let rest: Vec<usize> = blocks[1..].iter().flatten().copied().collect();
    let c = rest
        .iter()
        .map(|&j| sq(1.0 - 2.0 * q.gamma[j] / gamma1))
        .fold(0.0, f64::max);
    let tail = c.powi(k.min(i32::MAX as usize) as i32)
        * rest
            .iter()
            .map(|&j| q.lambda[j] * sq(delta0(j)))
            .sum::<f64>();
    let top_ratio = top
        .iter()
        .map(|&j| q.lambda[j] / q.gamma[j])
        .fold(0.0, f64::max);
    let annealed_upper = eps * top_ratio + tail + fixed;

    let lemma2: Vec<Lemma2> = (1..blocks.len())
        .map(|b| {
            let small: Vec<usize> = blocks[b..].iter().flatten().copied().collect();
            let large = &blocks[..b];
            let gamma_k = q.gamma[blocks[b][0]];
            let p = q.gamma[blocks[b - 1][0]] / gamma_k - 1.0;
            let big_a: f64 = large.iter().flatten().map(|&j| load(j)).sum();
            let min_load = small.iter().map(|&j| load(j)).fold(f64::INFINITY, f64::min);
            let base = small.len() as f64 * min_load;
            let ln_alpha = p * eps.ln() + big_a.ln() - (1.0 + p) * base.ln();
            let alpha = ln_alpha.exp();
            let alpha = alpha.is_finite().then_some(alpha);
            let condition2 = alpha.is_some_and(|a| a < 1.0);
            let ratio_min = small
                .iter()
                .map(|&j| q.lambda[j] / q.gamma[j])
                .fold(f64::INFINITY, f64::min);
            let gradient_flow_lower = alpha.map(|a| eps * (1.0 - a) * ratio_min + fixed);
            let mut listed: Vec<usize> = small.iter().map(|j| j + 1).collect();
            crate::order::sort_usize(&mut listed);
            Lemma2 {
                small: listed,
                p,
                condition1_value,
                condition1: condition1_value > eps,
                alpha,
                condition2,
                lr_is_inverse_gamma_max: lr_ok,
                gradient_flow_lower,
                gradient_flow_lower_applies: condition1_value > eps && condition2,
                gradient_flow_lower_holds: matches!((sim.gradient_flow, gradient_flow_lower),
                    (Some(v), Some(lower)) if v >= lower * (1.0 - SLACK)),
                annealed_upper,
                annealed_upper_applies: condition1_value > eps && lr_ok,
                annealed_upper_holds: sim
                    .annealed
                    .is_some_and(|v| v <= annealed_upper * (1.0 + SLACK)),
            }
        })
        .collect();

    // Proposition 1 is about basis inputs (its cases are how the three samples fall on e1, e2).
    let proposition1 = (q.d == 2 && q.n == 3 && !q.rotated).then(|| {
        if blocks.len() == 2 {
            Proposition1 {
                case: "lucky",
                probability: 0.75,
                lemma2: lemma2.first().cloned(),
                identical_test_loss: None,
            }
        } else {
            let same = match (sim.gradient_flow, sim.annealed) {
                (Some(a), Some(b)) => (a - b).abs() <= SLACK * a.abs().max(b.abs()),
                _ => false,
            };
            Proposition1 {
                case: "unlucky",
                probability: 0.25,
                lemma2: None,
                identical_test_loss: Some(same),
            }
        }
    });
    Bounds {
        lemma2,
        proposition1,
        small_note: None,
        does_not_apply: None,
        splits: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{rng, Samples};

    #[test]
    fn tiny_noise_keeps_the_level_set_finite() {
        // Noise of 6e-74 puts nu within 1e-74 of a_ext, far below the float spacing there: the
        // secular equation must be solved in the offset, or nu - a_j rounds to 0 (found by
        // proptest: beta = 0, noise = 6.3e-74).
        // Smaller still, (a m)^2 underflows to 0 (found by proptest: noise = 1.6e-220): the
        // point is then the hard case's, exact to rounding.
        for noise in [6.3e-74, 1.6e-220, 5e-324] {
            check_tiny_noise(noise);
        }
    }

    fn check_tiny_noise(noise: f64) {
        let beta = [0.0, 0.0];
        let samples = Samples::draw(3, &beta, noise, &mut rng(1));
        let q = Quadratic::new(&samples, &beta, noise);
        let ls = level_set(&q, 0.01).unwrap();
        for e in [ls.good, ls.bad] {
            assert!(e.test_loss.is_finite() && e.beta.iter().all(|v| v.is_finite()));
        }
        // With noise this small the answer is the noise-free one, eps * min/max lambda/gamma.
        let ratios: Vec<f64> = (0..2)
            .filter(|&j| q.observed(j))
            .map(|j| q.lambda[j] / q.gamma[j])
            .collect();
        let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().copied().fold(0.0, f64::max);
        let fixed = q.fixed_test_loss();
        assert!(
            (ls.good.test_loss - (0.01 * lo + fixed)).abs() <= 1e-15,
            "{noise}"
        );
        assert!(
            (ls.bad.test_loss - (0.01 * hi + fixed)).abs() <= 1e-15,
            "{noise}"
        );
    }
}
