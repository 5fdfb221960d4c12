//! What one parameter set computes: both optimizers, the level set, the bounds and (optionally)
//! the trajectories, as numbers ([`Outcome`], made by [`simulate`]). The sentences that state
//! these numbers are written over an outcome by [`crate::text`], and [`crate::report`] puts the
//! two together into the JSON of `lr-anneal run` and the page's `data-key` hooks.

use serde::Serialize;

use crate::dynamics::{
    annealed_visit, flow_point, gd_stage, gradient_flow, residual, Endpoint, GdStop, LargeSteps,
    MiniBatches,
};
use crate::model::{rng, sq, to_vec, Inputs, Quadratic, Samples, Vector, MAX_D};
use crate::params::{Params, ParamsJson, SampleSpec};
use crate::theory::{
    bounds, level_set, Bounds, Simulated, NOT_SIMULTANEOUSLY_DIAGONAL, STOCHASTIC_STEPS,
};

/// The training set as shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SamplesOut {
    /// Inputs as 1-based basis indices (empty for Gaussian inputs).
    pub x: Vec<usize>,
    /// Labels.
    pub y: Vec<f64>,
    /// The n x d design matrix, one input per row (basis vectors as rows of 0 and 1).
    pub inputs: Vec<Vec<f64>>,
    /// The n labels, noise included (the same as `y`).
    pub labels: Vec<f64>,
    /// Samples per coordinate (empty for Gaussian inputs).
    pub counts: Vec<usize>,
    /// Empirical spectrum: `count_j / n` for basis inputs; for Gaussian inputs the eigenvalues of
    /// `X^T X / n`, descending (0 for directions no sample spans).
    pub gamma: Vec<f64>,
    /// Population spectrum `1/d` (basis inputs); for Gaussian inputs the population variance
    /// along each eigenvector of the empirical covariance, `v_j^T diag(cov) v_j`.
    pub lambda: Vec<f64>,
    /// For Gaussian inputs: the empirical covariance's eigenvectors `v_j` (one per `gamma_j`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenvectors: Option<Vec<Vec<f64>>>,
    /// Empirical minimiser (the train loss's centre; 0 on unobserved coordinates).
    pub center: Vec<f64>,
    /// The lowest reachable train loss (0 without noise).
    pub min_train_loss: f64,
}

/// Learning-rate landmarks of this training set.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Stability {
    /// `1/gamma_max`: the top direction oscillates without decay (Lemma 2's choice, `lr=auto`).
    pub lr_auto: f64,
    /// Beyond this every observed direction grows: `1/gamma_min` over observed coordinates.
    pub all_unstable_above: f64,
    /// Per coordinate, the step beyond which gradient descent grows along it, `1/gamma_j`
    /// (`None` when unobserved).
    pub unstable_above: Vec<Option<f64>>,
}

/// Where an optimizer stopped (`None`s when it did not reach `eps`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RunOut {
    /// Whether it reached train loss `eps`.
    pub reached: bool,
    /// Gradient-flow time to the stop.
    pub time: Option<f64>,
    /// The final point.
    pub beta: Option<Vec<f64>>,
    /// `beta - beta*` there.
    pub residual: Option<Vec<f64>>,
    /// Train loss there.
    pub train_loss: Option<f64>,
    /// Test loss there.
    pub test_loss: Option<f64>,
}

/// The annealed run: the large-step stage, then the flow.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AnnealedOut {
    /// The learning rate actually used (with a schedule: its peak, the first step's).
    pub lr: f64,
    /// The rate of each of the K large steps, `eta_0 .. eta_{K-1}` (all `lr` for the paper's
    /// constant schedule).
    pub rates: Vec<f64>,
    /// Large steps taken.
    pub gd_steps: usize,
    /// Whether the iterates overflowed.
    pub diverged: bool,
    /// The step at which they did.
    pub diverged_at_step: Option<usize>,
    /// Whether the train loss reached `eps` during the large steps (no flow follows).
    pub stopped_in_gd: bool,
    /// With `gd_stop=cut`: the fraction `s*` in `(0, 1]` of the last large step taken, when it was
    /// shortened to land on train loss `eps` (`None` otherwise).
    pub cut_fraction: Option<f64>,
    /// With `batch`: the mini-batch of each large step taken, as 1-based sample indices
    /// (ascending); absent for full-batch steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub batches: Vec<Vec<usize>>,
    /// The last large-step iterate.
    pub beta_after_gd: Vec<f64>,
    /// Whether it reached train loss `eps`.
    pub reached: bool,
    /// Flow time after the large-step stage.
    pub time: Option<f64>,
    /// The final point.
    pub beta: Option<Vec<f64>>,
    /// `beta - beta*` there.
    pub residual: Option<Vec<f64>>,
    /// Train loss there.
    pub train_loss: Option<f64>,
    /// Test loss there.
    pub test_loss: Option<f64>,
}

impl AnnealedOut {
    /// Whether the large steps' rates differ from one another (a schedule that moves).
    pub fn rates_vary(&self) -> bool {
        self.rates.windows(2).any(|w| w[0] != w[1])
    }
}

/// The extremes of the test loss on `{L_hat = eps}` (the paper's table).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelSetOut {
    /// Smallest test loss on the level set.
    pub good_test_loss: f64,
    /// Largest test loss on the level set.
    pub bad_test_loss: f64,
    /// Where the smallest is attained.
    pub good_beta: Vec<f64>,
    /// Where the largest is attained.
    pub bad_beta: Vec<f64>,
    /// `good_beta - beta*`.
    pub good_residual: Vec<f64>,
    /// `bad_beta - beta*`.
    pub bad_residual: Vec<f64>,
}

/// A point of a trajectory.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Point {
    /// Time (a gradient-descent step of size `lr` counts as time `lr`).
    pub t: f64,
    /// The parameters.
    pub beta: Vec<f64>,
    /// Train loss.
    pub train_loss: f64,
    /// Test loss.
    pub test_loss: f64,
}

/// One run with gradient descent of a small step in place of the exact flow.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DiscreteRun {
    /// Whether it reached train loss `eps` within [`MAX_FINE_STEPS`] steps.
    pub reached: bool,
    /// Small steps taken.
    pub steps: usize,
    /// Whether the iterates overflowed (the step is too large: above `1/gamma_max`).
    pub diverged: bool,
    /// The final point.
    pub beta: Vec<f64>,
    /// Train loss there.
    pub train_loss: f64,
    /// Test loss there.
    pub test_loss: f64,
    /// Euclidean distance from the exact flow's stop (`None` when either did not stop at eps).
    pub distance: Option<f64>,
}

/// Both flows replaced by gradient descent with step `lr`: how far the discrete path ends from
/// the exact one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Discrete {
    /// The small step.
    pub lr: f64,
    /// In place of optimizer (A).
    pub gradient_flow: DiscreteRun,
    /// In place of the flow that follows the large steps of optimizer (B).
    pub annealed: DiscreteRun,
}

/// The most small steps a discrete flow takes.
pub const MAX_FINE_STEPS: usize = 200_000;
/// The most points kept of a discrete path for drawing.
const MAX_FINE_POINTS: usize = 1000;

/// The paths, for drawing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Trajectory {
    /// Gradient flow from 0 to its stop.
    pub gradient_flow: Vec<Point>,
    /// The large-step iterates, from step 0.
    pub annealed_gd: Vec<Point>,
    /// The flow after the large steps (empty when it stopped or diverged during them).
    pub annealed_flow: Vec<Point>,
    /// With `flow_lr`: gradient descent of that step in place of gradient flow (thinned).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discrete_gradient_flow: Vec<Point>,
    /// With `flow_lr`: the same in place of the flow after the large steps (thinned).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discrete_annealed: Vec<Point>,
}

/// Everything one parameter set computes (the numbers of a [`crate::Report`]).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Outcome {
    /// Canonical params (with `query`).
    pub params: ParamsJson,
    /// The training set.
    pub samples: SamplesOut,
    /// Learning-rate landmarks.
    pub stability: Stability,
    /// Optimizer (A).
    pub gradient_flow: RunOut,
    /// Optimizer (B).
    pub annealed: AnnealedOut,
    /// The level set's extremes (`None` when `eps` is below the reachable train loss).
    pub level_set: Option<LevelSetOut>,
    /// Gradient flow's test loss over the annealed one.
    pub ratio: Option<f64>,
    /// Whether the two stops are the paper's like-for-like comparison: both runs reached train
    /// loss `eps` and both stop at it, to [`COMPARABLE_RTOL`] relative (see [`comparable`]).
    pub comparable: bool,
    /// Lemma 2 and Proposition 1.
    pub bounds: Bounds,
    /// With `flow_lr > 0`: the flows replaced by small-step gradient descent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discrete: Option<Discrete>,
    /// Paths, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trajectory: Option<Trajectory>,
    /// The losses, for drawing.
    #[serde(skip)]
    pub quadratic: Quadratic,
    /// The two coordinates (0-based) the figures show.
    #[serde(skip)]
    pub plane: (usize, usize),
}

/// How far from `eps` (relative) a stop's train loss may be for the stop to count as at `eps`.
pub const COMPARABLE_RTOL: f64 = 1e-9;

/// Whether both runs reached train loss `eps` and both stop at it, to [`COMPARABLE_RTOL`]
/// relative: `|L_hat - eps| <= COMPARABLE_RTOL * eps` for each. This is the paper's comparison
/// (two points of the same level set). It fails when the large steps stop below `eps`
/// (`gd_stop=check` can jump past the level set) or when the train loss at `beta = 0` is already
/// at most `eps` (neither run moves).
pub fn comparable(gradient_flow: &RunOut, annealed: &RunOut, eps: f64) -> bool {
    let stops_at_eps = |loss: Option<f64>| loss.is_some_and(|l| at_eps(l, eps));
    gradient_flow.reached
        && annealed.reached
        && stops_at_eps(gradient_flow.train_loss)
        && stops_at_eps(annealed.train_loss)
}

/// Whether a train loss is `eps`, to [`COMPARABLE_RTOL`] relative.
pub fn at_eps(loss: f64, eps: f64) -> bool {
    (loss - eps).abs() <= COMPARABLE_RTOL * eps
}

/// The training set a parameter set describes (drawn from its seed when random; label noise from
/// the same generator).
pub fn training_set(p: &Params) -> Samples {
    let mut g = rng(p.seed());
    match (p.samples(), p.inputs()) {
        (SampleSpec::Explicit(x), _) => Samples::label(x.clone(), p.beta(), p.noise(), &mut g),
        (SampleSpec::Random { n }, Inputs::Basis) => Samples::draw(*n, p.beta(), p.noise(), &mut g),
        (SampleSpec::Random { n }, Inputs::Gaussian) => {
            Samples::draw_gaussian(*n, p.beta(), &p.cov(), p.noise(), &mut g)
        }
    }
}

/// The training set and the losses a parameter set describes: from its samples, or from the
/// spectra it gives directly (then the training set is empty).
pub fn problem(p: &Params) -> (Samples, Quadratic) {
    match p.spectrum() {
        Some((gamma, lambda)) => (
            Samples {
                x: Vec::new(),
                rows: Vec::new(),
                y: Vec::new(),
            },
            Quadratic::from_spectrum(gamma, lambda, p.beta()),
        ),
        None => {
            let samples = training_set(p);
            let q = match p.inputs() {
                Inputs::Basis => Quadratic::new(&samples, p.beta(), p.noise()),
                Inputs::Gaussian => Quadratic::gaussian(&samples, p.beta(), &p.cov(), p.noise()),
            };
            (samples, q)
        }
    }
}

/// Gradient descent with step `h` from `beta0` until train loss `eps` (at most
/// [`MAX_FINE_STEPS`] steps), compared with the exact flow's stop `exact`; keeps at most
/// `2 * MAX_FINE_POINTS` points of its path in `path` when `keep` (shown from time `offset`).
#[allow(clippy::too_many_arguments)]
fn discrete_run(
    q: &Quadratic,
    beta0: &Vector,
    h: f64,
    eps: f64,
    exact: &Endpoint,
    offset: f64,
    keep: bool,
    path: &mut Vec<Point>,
) -> DiscreteRun {
    // Keep every `stride`-th iterate, doubling the stride whenever the buffer fills: at most
    // 2 * MAX_FINE_POINTS points, evenly spaced, whatever the number of steps.
    let mut kept: Vec<(usize, Vector)> = Vec::new();
    let mut stride = 1;
    let mut last = None;
    let stage = gd_stage(
        q,
        beta0,
        &LargeSteps::constant(h, MAX_FINE_STEPS),
        eps,
        GdStop::Check,
        |step, beta| {
            if keep && step % stride == 0 {
                kept.push((step, *beta));
                if kept.len() > 2 * MAX_FINE_POINTS {
                    stride *= 2;
                    kept.retain(|(s, _)| s % stride == 0);
                }
            }
            last = Some((step, *beta));
        },
    );
    if let (true, Some(end)) = (keep, last) {
        if kept.last().map(|k| k.0) != Some(end.0) {
            kept.push(end);
        }
    }
    path.extend(
        kept.iter()
            .map(|(step, beta)| point(q, offset + *step as f64 * h, beta)),
    );
    let delta = stage.delta;
    let distance = match (stage.reached, exact.reached()) {
        (true, Some(e)) => Some(
            (0..q.d)
                .map(|j| sq(stage.beta[j] - e[j]))
                .sum::<f64>()
                .sqrt(),
        ),
        _ => None,
    };
    DiscreteRun {
        reached: stage.reached,
        steps: stage.steps,
        diverged: stage.diverged_at.is_some(),
        beta: to_vec(&stage.beta, q.d),
        train_loss: q.train_loss_residual(&delta),
        test_loss: q.test_loss_residual(&delta),
        distance,
    }
}

fn run_out(q: &Quadratic, end: &Endpoint) -> RunOut {
    match end.reached_residual() {
        Some(delta) => RunOut {
            reached: true,
            time: Some(end.time),
            beta: Some(to_vec(&end.beta, q.d)),
            residual: Some({
                let e: Vector = std::array::from_fn(|j| q.center[j] - q.beta_star[j] + delta[j]);
                to_vec(&q.from_eigen(&e), q.d)
            }),
            train_loss: Some(q.train_loss_residual(delta)),
            test_loss: Some(q.test_loss_residual(delta)),
        },
        None => RunOut {
            reached: false,
            time: None,
            beta: None,
            residual: None,
            train_loss: None,
            test_loss: None,
        },
    }
}

/// Computes everything for `params` (with the paths when `with_trajectory`).
pub fn simulate(params: &Params, with_trajectory: bool) -> Outcome {
    let (samples, q) = problem(params);
    let d = q.d;
    let eps = params.eps();
    let beta0: Vector = [0.0; MAX_D];
    let lr = params.lr().resolve(&q);

    let gf = gradient_flow(&q, &beta0, eps);
    let steps = params.large_steps(lr);
    let rates = steps.rates();
    // Step t of size eta_t counts as time eta_t: iterate t is reached at time
    // eta_0 + ... + eta_{t-1} (t lr for a constant rate, as before).
    let mut times = Vec::with_capacity(rates.len() + 1);
    times.push(0.0);
    for (t, &r) in rates.iter().enumerate() {
        times.push(match steps.constant_rate() {
            Some(lr) => (t + 1) as f64 * lr,
            None => times[t] + r,
        });
    }
    let mut gd_path = Vec::new();
    let mut batches = (params.batch() > 0 && !samples.is_empty())
        .then(|| MiniBatches::new(&q, &samples, params.batch(), params.seed()));
    let (gd, an) = annealed_visit(
        &q,
        &beta0,
        &steps,
        batches.as_mut(),
        eps,
        params.gd_stop(),
        |step, beta| {
            if with_trajectory {
                gd_path.push(point(&q, times[step], beta));
            }
        },
    );
    // A shortened last step ends at time t_{steps-1} + s* eta_{steps-1}.
    if let (Some(s), Some(last)) = (gd.cut, gd_path.last_mut()) {
        last.t = match steps.constant_rate() {
            Some(lr) => (gd.steps as f64 - 1.0 + s) * lr,
            None => times[gd.steps - 1] + s * rates[gd.steps - 1],
        };
    }
    // When the flow after the large steps starts.
    let flow_start = times[gd.steps.min(rates.len())];
    let gf_out = run_out(&q, &gf);
    let an_out = run_out(&q, &an);
    let ratio = match (gf_out.test_loss, an_out.test_loss) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    let level = level_set(&q, eps).map(|ls| LevelSetOut {
        good_test_loss: ls.good.test_loss,
        bad_test_loss: ls.bad.test_loss,
        good_beta: to_vec(&ls.good.beta, d),
        bad_beta: to_vec(&ls.bad.beta, d),
        good_residual: (0..d).map(|j| ls.good.beta[j] - params.beta()[j]).collect(),
        bad_residual: (0..d).map(|j| ls.bad.beta[j] - params.beta()[j]).collect(),
    });
    let sim = Simulated {
        gradient_flow: gf_out.test_loss,
        annealed: an_out.test_loss,
    };
    // Small-step gradient descent in place of each flow, from where that flow starts.
    let h = params.flow_lr();
    let mut fine_paths = (Vec::new(), Vec::new());
    let discrete = (h > 0.0).then(|| {
        let gf_fine = discrete_run(
            &q,
            &beta0,
            h,
            eps,
            &gf,
            0.0,
            with_trajectory,
            &mut fine_paths.0,
        );
        // No path to draw when the large steps already stopped (reached eps, or diverged).
        let an_keep = with_trajectory && !(gd.reached || gd.diverged_at.is_some());
        let an_fine = discrete_run(
            &q,
            &gd.beta,
            h,
            eps,
            &an,
            flow_start,
            an_keep,
            &mut fine_paths.1,
        );
        Discrete {
            lr: h,
            gradient_flow: gf_fine,
            annealed: an_fine,
        }
    });
    let trajectory = with_trajectory.then(|| {
        let start = flow_start;
        Trajectory {
            discrete_gradient_flow: std::mem::take(&mut fine_paths.0),
            discrete_annealed: std::mem::take(&mut fine_paths.1),
            gradient_flow: flow_path(&q, &beta0, gf.time, 0.0),
            annealed_flow: if gd.reached || gd.diverged_at.is_some() {
                Vec::new()
            } else {
                flow_path(&q, &gd.beta, an.time, start)
            },
            annealed_gd: gd_path,
        }
    });
    let observed: Vec<f64> = (0..d)
        .filter(|&j| q.observed(j))
        .map(|j| q.gamma[j])
        .collect();
    let gamma_min = observed.iter().copied().fold(f64::INFINITY, f64::min);
    let comparable = comparable(&gf_out, &an_out, eps);
    Outcome {
        params: params.to_json(),
        samples: SamplesOut {
            x: samples.x.iter().map(|i| i + 1).collect(),
            y: samples.y.clone(),
            inputs: (0..samples.len()).map(|i| samples.input(i, d)).collect(),
            labels: samples.y.clone(),
            counts: if q.rotated {
                Vec::new()
            } else {
                q.count[..d].to_vec()
            },
            gamma: to_vec(&q.gamma, d),
            lambda: to_vec(&q.lambda, d),
            eigenvectors: q.rotated.then(|| {
                (0..d)
                    .map(|c| (0..d).map(|r| q.basis[r][c]).collect())
                    .collect()
            }),
            center: to_vec(&q.from_eigen(&q.center), d),
            min_train_loss: q.floor,
        },
        stability: Stability {
            lr_auto: 1.0 / q.gamma_max(),
            all_unstable_above: 1.0 / gamma_min,
            unstable_above: (0..d)
                .map(|j| q.observed(j).then(|| 1.0 / q.gamma[j]))
                .collect(),
        },
        gradient_flow: gf_out,
        annealed: AnnealedOut {
            lr,
            rates,
            gd_steps: gd.steps,
            diverged: gd.diverged_at.is_some(),
            diverged_at_step: gd.diverged_at,
            stopped_in_gd: gd.reached,
            cut_fraction: gd.cut,
            batches: batches.map_or_else(Vec::new, |b| {
                b.drawn
                    .iter()
                    .map(|batch| batch.iter().map(|i| i + 1).collect())
                    .collect()
            }),
            beta_after_gd: to_vec(&gd.beta, d),
            reached: an_out.reached,
            time: an_out.time,
            beta: an_out.beta,
            residual: an_out.residual,
            train_loss: an_out.train_loss,
            test_loss: an_out.test_loss,
        },
        level_set: level,
        ratio,
        comparable,
        bounds: bounds(
            &q,
            eps,
            steps.constant_rate(),
            params.k(),
            sim,
            params.small(),
            if !q.simultaneously_diagonal() {
                Some(NOT_SIMULTANEOUSLY_DIAGONAL)
            } else if params.batch() > 0 && params.batch() < samples.len() {
                Some(STOCHASTIC_STEPS)
            } else {
                None
            },
        ),
        discrete,
        trajectory,
        quadratic: q,
        plane: params.plane(),
    }
}

/// How many steps playback takes from start to end (see [`Outcome::playback_stops`]).
pub const PLAYBACK_STEPS: usize = 100;

/// Where both runs are at time `t` (for playback): exact points of each run, held at its stop.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Playhead {
    /// The time asked for.
    pub t: f64,
    /// Gradient flow's point.
    pub gradient_flow: Point,
    /// The annealed run's point: during the first stage the last large-step iterate whose time
    /// (`step * lr`) is at most `t`, then the flow from the last iterate.
    pub annealed: Point,
}

impl Outcome {
    /// The time at which the later of the two runs stops (0 without trajectories).
    pub fn duration(&self) -> f64 {
        let Some(traj) = &self.trajectory else {
            return 0.0;
        };
        [&traj.gradient_flow, &traj.annealed_gd, &traj.annealed_flow]
            .iter()
            .filter_map(|path| path.last())
            .map(|p| p.t)
            .fold(0.0, f64::max)
    }

    /// The times of the large-step iterates after the start (step `k` at `k * lr`, as stored in
    /// the trajectory and as [`Outcome::at`] reads them), in order; empty without trajectories.
    pub fn step_times(&self) -> Vec<f64> {
        self.trajectory.as_ref().map_or_else(Vec::new, |traj| {
            traj.annealed_gd.iter().skip(1).map(|p| p.t).collect()
        })
    }

    /// Where playback's steps (the page's back/forward keys) stop, ascending: the grid
    /// `i * duration / PLAYBACK_STEPS` for `i = 0 ..= PLAYBACK_STEPS`, with each large-step
    /// iterate's time ([`Outcome::step_times`], before the end) in place of a grid point within
    /// `1e-6` of a grid step of it, so the zig-zag can be followed one iterate at a time and no
    /// two stops are nearly equal. Empty without trajectories or when nothing moves.
    pub fn playback_stops(&self) -> Vec<f64> {
        let duration = self.duration();
        if !(duration > 0.0 && duration.is_finite()) {
            return Vec::new();
        }
        let h = duration / PLAYBACK_STEPS as f64;
        let large: Vec<f64> = self
            .step_times()
            .into_iter()
            .filter(|&v| v < duration)
            .collect();
        let mut stops: Vec<f64> = (0..=PLAYBACK_STEPS)
            .map(|i| {
                if i == PLAYBACK_STEPS {
                    duration
                } else {
                    i as f64 * h
                }
            })
            .filter(|g| !large.iter().any(|v| (v - g).abs() <= h * 1e-6))
            .chain(large.iter().copied())
            .collect();
        crate::order::sort_by(&mut stops, f64::total_cmp);
        stops
    }

    /// Both runs at time `t` (clamped to `[0, duration]`); `None` without trajectories.
    pub fn at(&self, t: f64) -> Option<Playhead> {
        let traj = self.trajectory.as_ref()?;
        let q = &self.quadratic;
        let t = if t.is_finite() {
            t.clamp(0.0, self.duration())
        } else {
            0.0
        };
        let vector = |b: &[f64]| {
            let mut v = [0.0; MAX_D];
            v[..b.len()].copy_from_slice(b);
            v
        };
        let gf_end = traj.gradient_flow.last()?;
        let gf = point(q, t, &flow_point(q, &[0.0; MAX_D], t.min(gf_end.t)));
        let gd_end = traj.annealed_gd.last()?;
        let an = match traj.annealed_flow.last() {
            Some(end) if t >= gd_end.t => {
                let dt = t.min(end.t) - gd_end.t;
                point(q, t, &flow_point(q, &vector(&gd_end.beta), dt))
            }
            _ => {
                // The last iterate whose time (step * lr, as stored) is at most t: at exactly
                // step * lr this is that step (`floor(t / lr)` can round to the one before).
                let step = traj.annealed_gd.partition_point(|p| p.t <= t);
                let p = &traj.annealed_gd[step.saturating_sub(1)];
                Point { t, ..p.clone() }
            }
        };
        Some(Playhead {
            t,
            gradient_flow: gf,
            annealed: an,
        })
    }
}

fn point(q: &Quadratic, t: f64, beta: &Vector) -> Point {
    let delta = residual(q, beta);
    Point {
        t,
        beta: to_vec(beta, q.d),
        train_loss: q.train_loss_residual(&delta),
        test_loss: q.test_loss_residual(&delta),
    }
}

/// Largest number of points on one sampled flow curve.
const MAX_POINTS: usize = 2000;

/// Exact points of the flow from `beta0` over `[0, duration]` (shown at times `offset + t`),
/// denser where the curve bends: an interval is halved while its midpoint is farther than 0.2% of
/// the curve's extent from the chord (in every coordinate and in log train loss).
fn flow_path(q: &Quadratic, beta0: &Vector, duration: f64, offset: f64) -> Vec<Point> {
    if !duration.is_finite() || duration <= 0.0 {
        return vec![point(q, offset, beta0)];
    }
    let at = |t: f64| point(q, offset + t, &flow_point(q, beta0, t));
    let coords = |p: &Point| -> [f64; MAX_D + 1] {
        let mut c = [0.0; MAX_D + 1];
        c[..p.beta.len()].copy_from_slice(&p.beta);
        c[MAX_D] = p.train_loss.max(f64::MIN_POSITIVE).ln();
        c
    };
    const START: usize = 64;
    let mut pts: Vec<Point> = (0..=START)
        .map(|i| at(duration * i as f64 / START as f64))
        .collect();
    // Extent per coordinate, for a scale-free tolerance.
    let mut lo = [f64::INFINITY; MAX_D + 1];
    let mut hi = [f64::NEG_INFINITY; MAX_D + 1];
    for p in &pts {
        for (i, v) in coords(p).iter().enumerate() {
            lo[i] = lo[i].min(*v);
            hi[i] = hi[i].max(*v);
        }
    }
    let tol: Vec<f64> = (0..=MAX_D).map(|i| 2e-3 * (hi[i] - lo[i])).collect();
    let mut out = Vec::with_capacity(4 * START);
    let mut stack: Vec<(Point, Point, u32)> = pts
        .windows(2)
        .rev()
        .map(|w| (w[0].clone(), w[1].clone(), 0))
        .collect();
    out.push(pts.remove(0));
    while let Some((a, b, depth)) = stack.pop() {
        let mid = at(0.5 * (a.t + b.t) - offset);
        let (ca, cb, cm) = (coords(&a), coords(&b), coords(&mid));
        let bent = (0..=MAX_D).any(|i| (cm[i] - 0.5 * (ca[i] + cb[i])).abs() > tol[i]);
        if bent && depth < 12 && out.len() + stack.len() < MAX_POINTS {
            stack.push((mid.clone(), b, depth + 1));
            stack.push((a, mid, depth + 1));
        } else {
            out.push(b);
        }
    }
    out
}
