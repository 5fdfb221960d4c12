//! Exact gradient flow, gradient descent, and the annealed schedule, all early-stopped at a train
//! loss `eps` (Appendix A.1: `GF_beta0(L, eps)` and `GD_beta0(L, K, eta, eps)`).
//!
//! In the eigenbasis of the empirical covariance (here the standard basis) the residual
//! `delta_j = beta_j - c_j` evolves independently per coordinate:
//!
//! * gradient flow `d delta_j / dt = -2 gamma_j delta_j`, so `delta_j(t) = delta_j(0) e^{-2 gamma_j t}`;
//! * gradient descent `delta_j <- (1 - 2 eta gamma_j) delta_j`.
//!
//! The large steps stop by the paper's check ([`GdStop::Check`]: at most `eps` before a step, so
//! a step may land below `eps`) or by cutting the step that would land below `eps` at the point
//! where the train loss is `eps` ([`GdStop::Cut`], [`cut_fraction`]).
//!
//! Nothing here steps a small learning rate to imitate the flow: the flow is evaluated in closed
//! form and its stopping time is the root of a monotone equation solved to machine precision.

use crate::model::{sq, Quadratic, Vector, MAX_D};
use rand::RngExt;

/// The large learning rate: a number, or `auto` = `1/gamma_max` (Lemma 2's choice, under which
/// the top direction oscillates without decaying: `1 - 2 lr gamma_max = -1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lr {
    /// `1/gamma_max` of the training set at hand.
    Auto,
    /// A fixed value.
    Fixed(f64),
}

/// As the JSON outputs show it: `"auto"` or the number.
impl serde::Serialize for Lr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lr::Auto => serializer.serialize_str("auto"),
            Lr::Fixed(v) => serializer.serialize_f64(*v),
        }
    }
}

impl Lr {
    /// The value for this training set.
    pub fn resolve(self, q: &Quadratic) -> f64 {
        match self {
            Lr::Auto => 1.0 / q.gamma_max(),
            Lr::Fixed(v) => v,
        }
    }
}

/// How the large-step stage stops at train loss `eps` (the URL key `gd_stop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GdStop {
    /// The paper's rule (Appendix A.1): before each large step, stop if the train loss is at most
    /// `eps`. A large step can jump past the level set, so the run may stop below `eps`.
    #[default]
    Check,
    /// As [`GdStop::Check`], but a large step that would end below `eps` is shortened to end on
    /// it exactly ([`cut_fraction`]) and the run stops there: every reached stop is at `eps`.
    Cut,
}

impl GdStop {
    /// Every rule, the default first.
    pub const ALL: [GdStop; 2] = [GdStop::Check, GdStop::Cut];

    /// Its name in URLs and JSON: `check` or `cut`.
    pub const fn name(self) -> &'static str {
        match self {
            GdStop::Check => "check",
            GdStop::Cut => "cut",
        }
    }

    /// Every rule's name, the default first (the URL key's accepted values).
    pub const NAMES: [&'static str; 2] = {
        let mut names = [""; 2];
        let mut i = 0;
        while i < names.len() {
            names[i] = GdStop::ALL[i].name();
            i += 1;
        }
        names
    };

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<GdStop> {
        GdStop::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// As the JSON outputs show it: its name.
impl serde::Serialize for GdStop {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// How the learning rate of the K large steps moves from `lr` (the peak) towards `lr_end` (the
/// URL key `schedule`); the flow after them is the same for every schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schedule {
    /// `eta_t = lr` (the paper's).
    #[default]
    Constant,
    /// `eta_t = lr + (lr_end - lr) t/K`.
    Linear,
    /// `eta_t = lr_end + (lr - lr_end)(1 + cos(pi t/K))/2`.
    Cosine,
    /// `eta_t = lr (lr_end/lr)^(t/K)`.
    Exp,
    /// `eta_t = lr` while `2t < K`, then `lr_end`.
    Step,
}

impl Schedule {
    /// Every schedule, the default first.
    pub const ALL: [Schedule; 5] = [
        Schedule::Constant,
        Schedule::Linear,
        Schedule::Cosine,
        Schedule::Exp,
        Schedule::Step,
    ];

    /// Its name in URLs and JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Linear => "linear",
            Schedule::Cosine => "cosine",
            Schedule::Exp => "exp",
            Schedule::Step => "step",
        }
    }

    /// Every schedule's name, the default first (the URL key's accepted values).
    pub const NAMES: [&'static str; 5] = {
        let mut names = [""; 5];
        let mut i = 0;
        while i < names.len() {
            names[i] = Schedule::ALL[i].name();
            i += 1;
        }
        names
    };

    /// The schedule named `name`.
    pub fn from_name(name: &str) -> Option<Schedule> {
        Schedule::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The learning rate of step `t` of `k` (`t` in `0..k`), from `lr` towards `lr_end`.
    pub fn rate(self, t: usize, k: usize, lr: f64, lr_end: f64) -> f64 {
        let f = t as f64 / k.max(1) as f64;
        match self {
            Schedule::Constant => lr,
            Schedule::Linear => lr + (lr_end - lr) * f,
            Schedule::Cosine => {
                lr_end + (lr - lr_end) * (1.0 + (std::f64::consts::PI * f).cos()) / 2.0
            }
            Schedule::Exp => lr * (lr_end / lr).powf(f),
            Schedule::Step => {
                if 2 * t < k {
                    lr
                } else {
                    lr_end
                }
            }
        }
    }
}

/// As the JSON outputs show it: its name.
impl serde::Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The large-step stage's learning rates: `k` steps following `schedule` from `lr` (the peak)
/// towards `lr_end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargeSteps {
    /// The peak learning rate (the first step's).
    pub lr: f64,
    /// How many steps.
    pub k: usize,
    /// How the rate moves.
    pub schedule: Schedule,
    /// Where it moves to (unused by [`Schedule::Constant`]).
    pub lr_end: f64,
}

impl LargeSteps {
    /// `k` steps of size `lr`.
    pub fn constant(lr: f64, k: usize) -> LargeSteps {
        LargeSteps {
            lr,
            k,
            schedule: Schedule::Constant,
            lr_end: lr,
        }
    }

    /// The learning rate of step `t` (`t` in `0..k`).
    pub fn rate(&self, t: usize) -> f64 {
        self.schedule.rate(t, self.k, self.lr, self.lr_end)
    }

    /// The rates of all `k` steps, in order.
    pub fn rates(&self) -> Vec<f64> {
        (0..self.k).map(|t| self.rate(t)).collect()
    }

    /// The rate of every step when they are all equal (a constant schedule, or one step), else
    /// `None`.
    pub fn constant_rate(&self) -> Option<f64> {
        (self.schedule == Schedule::Constant || self.k <= 1).then_some(self.lr)
    }
}

/// Why a run ended where it did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// The train loss equals `eps`, or is at most `eps` where a check stopped the run: at the
    /// start (`time == 0`), or after a large step that jumped past `eps` ([`GdStop::Check`]).
    Reached,
    /// The lowest reachable train loss (label noise) is at least `eps`: the flow never gets there.
    Unreachable,
    /// Gradient descent's iterates stopped being finite before this step.
    Diverged {
        /// The first step whose iterate is not finite.
        step: usize,
    },
}

/// The residual `delta = beta - c` of a point (`c` the empirical minimiser; unobserved
/// coordinates have `c_j = 0`), in the eigenbasis `z = V^T beta` when the losses are rotated. Working with residuals keeps losses exact when `|c| >> |delta|`.
pub fn residual(q: &Quadratic, beta: &Vector) -> Vector {
    let mut delta = q.to_eigen(beta);
    for j in 0..q.d {
        delta[j] -= q.center[j];
    }
    delta
}

/// The point `c + delta` (mapped back from the eigenbasis, `V (c + delta)`, when rotated).
pub fn from_residual(q: &Quadratic, delta: &Vector) -> Vector {
    let mut z = *delta;
    for j in 0..q.d {
        z[j] = q.center[j] + delta[j];
    }
    q.from_eigen(&z)
}

/// The residual on the gradient-flow curve at time `t`: `delta_j(0) e^{-2 gamma_j t}` (the
/// closed form after eq. (4)).
pub fn flow_residual(q: &Quadratic, delta0: &Vector, t: f64) -> Vector {
    let mut delta = *delta0;
    for j in 0..q.d {
        if q.observed(j) {
            delta[j] = delta0[j] * (-2.0 * q.gamma[j] * t).exp();
        }
    }
    delta
}

/// The point on the gradient-flow curve from `beta0` at time `t`.
pub fn flow_point(q: &Quadratic, beta0: &Vector, t: f64) -> Vector {
    from_residual(q, &flow_residual(q, &residual(q, beta0), t))
}

/// The gradient-flow stopping time: the `T >= 0` with `L_hat(delta(T)) = eps`, where
///
/// ```text
/// L_hat(delta(T)) = floor + sum_j w_j e^{-4 gamma_j T},   w_j = gamma_j delta_j(0)^2
/// ```
///
/// (the equality in the paper's eq. (5)). Returns `Some(0.0)` when `L_hat(beta0) <= eps` and
/// `None` when `floor >= eps` (never reached).
///
/// `g(T) = ln(sum_j w_j e^{-4 gamma_j T}) - ln(eps - floor)` is convex (log-sum-exp of affine
/// functions) and decreasing, so Newton's method started left of the root climbs to it
/// monotonically without overshooting; it starts from the lower bound
/// `max_j ln(w_j/(eps - floor)) / (4 gamma_j)`. Working with logarithms keeps it exact even when the
/// terms span hundreds of orders of magnitude.
pub fn flow_stop_time(q: &Quadratic, beta0: &Vector, eps: f64) -> Option<f64> {
    stop_time(q, &residual(q, beta0), eps)
}

/// [`flow_stop_time`] from a residual.
pub fn stop_time(q: &Quadratic, delta0: &Vector, eps: f64) -> Option<f64> {
    if q.train_loss_residual(delta0) <= eps {
        return Some(0.0);
    }
    let target = eps - q.floor;
    if target <= 0.0 {
        return None;
    }
    let ln_target = target.ln();
    // Active terms: ln w_j and rate a_j = 4 gamma_j.
    let mut ln_w = [0.0; MAX_D];
    let mut rate = [0.0; MAX_D];
    let mut m = 0;
    for j in 0..q.d {
        let w = q.gamma[j] * sq(delta0[j]);
        if w > 0.0 {
            ln_w[m] = w.ln();
            rate[m] = 4.0 * q.gamma[j];
            m += 1;
        }
    }
    if m == 1 {
        // One exponential: w e^{-a T} = target in closed form.
        return Some(((ln_w[0] - ln_target) / rate[0]).max(0.0));
    }
    let (ln_w, rate) = (&ln_w[..m], &rate[..m]);
    // g(t) and g'(t) by a shifted log-sum-exp.
    let eval = |t: f64| -> (f64, f64) {
        let shift = ln_w
            .iter()
            .zip(rate)
            .fold(f64::NEG_INFINITY, |a, (&l, &r)| a.max(l - r * t));
        let (mut s, mut ds) = (0.0, 0.0);
        for (&l, &r) in ln_w.iter().zip(rate) {
            let e = (l - r * t - shift).exp();
            s += e;
            ds += r * e;
        }
        (shift + s.ln() - ln_target, -ds / s)
    };
    // Each term alone gives a lower bound on T (F(T) >= w_j e^{-a_j T}); at
    // max_j ln(m w_j / target) / a_j every term is at most target/m, an upper bound.
    let bound = |extra: f64| {
        ln_w.iter()
            .zip(rate)
            .map(|(&l, &r)| (l + extra - ln_target) / r)
            .fold(0.0, f64::max)
    };
    let lower = bound(0.0);
    let upper = bound((m as f64).ln());
    let mut t = lower;
    for _iter in 0..200 {
        let (g, dg) = eval(t);
        #[cfg(test)]
        ITERS.with(|c| c.set(c.get() + 1));
        // g is a relative error in the train loss; below a few ulps the root is found.
        if g <= 2.0 * f64::EPSILON {
            break;
        }
        let next = (t - g / dg).min(upper);
        if next <= t {
            break;
        }
        t = next;
    }
    Some(t)
}

#[cfg(test)]
thread_local! {
    /// Newton iterations, counted in tests.
    pub static ITERS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Where a run ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Endpoint {
    /// How it ended.
    pub stop: Stop,
    /// The final point (meaningful unless diverged).
    pub beta: Vector,
    /// Its residual `beta - c`, exact (losses are computed from it).
    pub delta: Vector,
    /// Gradient-flow time spent (0 when it stopped before the flow).
    pub time: f64,
}

impl Endpoint {
    fn at(q: &Quadratic, stop: Stop, delta: Vector, time: f64) -> Endpoint {
        Endpoint {
            stop,
            beta: from_residual(q, &delta),
            delta,
            time,
        }
    }

    /// The final point, if the run ended at the level set (or below it).
    pub fn reached(&self) -> Option<&Vector> {
        (self.stop == Stop::Reached).then_some(&self.beta)
    }

    /// The final residual, if the run ended at the level set (or below it).
    pub fn reached_residual(&self) -> Option<&Vector> {
        (self.stop == Stop::Reached).then_some(&self.delta)
    }
}

/// Optimizer (A): gradient flow from `beta0`, stopped at train loss `eps`.
pub fn gradient_flow(q: &Quadratic, beta0: &Vector, eps: f64) -> Endpoint {
    flow_from_residual(q, &residual(q, beta0), eps)
}

fn flow_from_residual(q: &Quadratic, delta0: &Vector, eps: f64) -> Endpoint {
    match stop_time(q, delta0, eps) {
        Some(time) => Endpoint::at(q, Stop::Reached, flow_residual(q, delta0, time), time),
        None => Endpoint::at(q, Stop::Unreachable, *delta0, f64::INFINITY),
    }
}

/// The result of the large-step gradient-descent stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdStage {
    /// Steps actually taken (fewer than K when it reached `eps` or diverged; a shortened last
    /// step counts as one).
    pub steps: usize,
    /// The last finite iterate.
    pub beta: Vector,
    /// Its residual `beta - c`.
    pub delta: Vector,
    /// Whether the stage stopped at the level set: the train loss was already at most `eps`
    /// before a step, or (with [`GdStop::Cut`]) a shortened step landed on it. No flow follows.
    pub reached: bool,
    /// The step before which the iterate stopped being finite, if it did.
    pub diverged_at: Option<usize>,
    /// With [`GdStop::Cut`]: the fraction `s*` in `(0, 1]` of the last step taken, when that step
    /// was shortened to land on `eps`.
    pub cut: Option<f64>,
}

/// Where along the large step `delta -> delta - h` from residual `delta` the train loss first
/// equals `eps`, when the whole step would end below `eps` (`None` otherwise: it ends at or above
/// `eps`, or not finite). For full-batch gradient descent `h_j = u_j delta_j` with
/// `u_j = 2 eta gamma_j`; for a mini-batch, `h` is the mini-batch gradient times `eta`.
///
/// Along the step, `delta(s) = delta - s h` with `s` in `[0, 1]` (`s = 1` is the full step), the
/// train loss is a convex quadratic in `s`:
///
/// ```text
/// L_hat(s) = floor + sum_j gamma_j (delta_j - s h_j)^2 = L_hat(0) - 2 b s + c s^2,
/// b = sum_j gamma_j delta_j h_j,   c = sum_j gamma_j h_j^2.
/// ```
///
/// With `L_hat(0) > eps > L_hat(1)` it crosses `eps` exactly once in `(0, 1)`, at its first root
/// `s* = a / (b + sqrt(b^2 - a c))`, `a = L_hat(0) - eps` (the cancellation-free form of
/// `(b - sqrt(b^2 - a c)) / c`), then polished by Newton's method on `L_hat(s) - eps` evaluated
/// the way the losses are (so the stop's train loss is `eps` to a few ulps).
pub fn cut_fraction(q: &Quadratic, delta: &Vector, h: &Vector, eps: f64) -> Option<f64> {
    let at = |s: f64| -> (f64, f64) {
        // L_hat(s) - eps and its derivative -2 sum_j gamma_j h_j (delta_j - s h_j).
        let (mut l, mut dl) = (q.floor, 0.0);
        for j in 0..q.d {
            let r = delta[j] - s * h[j];
            l += q.gamma[j] * sq(r);
            dl -= 2.0 * q.gamma[j] * h[j] * r;
        }
        (l - eps, dl)
    };
    let (end, _) = at(1.0);
    let a = q.train_loss_residual(delta) - eps;
    // Only a step that starts above eps and would end below it (NaN fails both tests).
    if !(end < 0.0 && a > 0.0) {
        return None;
    }
    let (mut b, mut c) = (0.0, 0.0);
    for j in 0..q.d {
        b += q.gamma[j] * delta[j] * h[j];
        c += q.gamma[j] * sq(h[j]);
    }
    let mut s = a / (b + (sq(b) - a * c).max(0.0).sqrt());
    if !(s > 0.0 && s <= 1.0) {
        s = 1.0;
    }
    for _ in 0..4 {
        let (f, df) = at(s);
        if f == 0.0 || df >= 0.0 {
            break;
        }
        let next = (s - f / df).clamp(f64::MIN_POSITIVE, 1.0);
        if next == s {
            break;
        }
        s = next;
    }
    Some(s)
}

/// The mini-batches of the large steps (the URL key `batch`): each step follows the gradient of
/// the mini-batch loss `(1/b) sum_{i in B} (<beta, x_i> - y_i)^2` of `b` of the n samples drawn
/// without replacement, from a generator of its own (stream 1 of the seed, so the training set
/// does not change with `b`). A batch of all n samples is the full batch, and steps exactly as
/// full-batch gradient descent does.
#[derive(Debug, Clone)]
pub struct MiniBatches {
    /// The inputs in the losses' coordinates (`z = V^T x`; basis vectors when not rotated).
    inputs: Vec<Vector>,
    /// Each sample's label minus the centre's prediction, `y_i - <z_i, c>` (0 without noise).
    offsets: Vec<f64>,
    /// The batch size `b`, `1 ..= n`.
    size: usize,
    /// `0 .. n` in order between steps (each step's partial shuffle is undone after it).
    pool: Vec<usize>,
    /// The generator.
    rng: rand_chacha::ChaCha8Rng,
    /// The batches drawn, one per step taken: 0-based sample indices, ascending.
    pub drawn: Vec<Vec<usize>>,
}

impl MiniBatches {
    /// Mini-batches of `size` (`1 ..= n`) of the training set behind `q`, drawn with `seed`.
    pub fn new(q: &Quadratic, samples: &crate::model::Samples, size: usize, seed: u64) -> Self {
        let mut rng = crate::model::rng(seed);
        rng.set_stream(1);
        MiniBatches::from_rng(q, samples, size, rng)
    }

    /// [`MiniBatches::new`] drawing from `rng` (Monte Carlo runs one generator on from draw to
    /// draw; [`MiniBatches::into_rng`] gives it back).
    pub fn from_rng(
        q: &Quadratic,
        samples: &crate::model::Samples,
        size: usize,
        rng: rand_chacha::ChaCha8Rng,
    ) -> Self {
        let d = q.d;
        let inputs: Vec<Vector> = (0..samples.len())
            .map(|i| {
                let mut x = [0.0; MAX_D];
                x[..d].copy_from_slice(&samples.input(i, d));
                q.to_eigen(&x)
            })
            .collect();
        let offsets = inputs
            .iter()
            .zip(&samples.y)
            .map(|(z, &y)| {
                if q.noise_var > 0.0 {
                    y - (0..d).map(|j| z[j] * q.center[j]).sum::<f64>()
                } else {
                    0.0
                }
            })
            .collect();
        MiniBatches {
            inputs,
            offsets,
            size: size.clamp(1, samples.len().max(1)),
            pool: (0..samples.len()).collect(),
            rng,
            drawn: Vec::new(),
        }
    }

    /// The generator, after the batches drawn so far.
    pub fn into_rng(self) -> rand_chacha::ChaCha8Rng {
        self.rng
    }

    /// Draws the next batch and returns the step `h = eta g` it takes from residual `delta`, with
    /// `g = (2/b) sum_{i in B} z_i (<z_i, delta> - offset_i)` on the observed directions, or
    /// `None` when the batch is all n samples (the full batch's step applies).
    fn step(&mut self, q: &Quadratic, delta: &Vector, eta: f64) -> Option<Vector> {
        let n = self.inputs.len();
        // b of the n indices without replacement: the first b places of a partial Fisher-Yates
        // shuffle of 0..n, undone afterwards (O(b) per step, not O(n)).
        let mut swaps = Vec::with_capacity(self.size);
        for i in 0..self.size {
            let j = self.rng.random_range(i..n);
            self.pool.swap(i, j);
            swaps.push(j);
        }
        let mut batch = self.pool[..self.size].to_vec();
        for (i, &j) in swaps.iter().enumerate().rev() {
            self.pool.swap(i, j);
        }
        crate::order::sort_usize(&mut batch);
        self.drawn.push(batch);
        if self.size == n {
            return None;
        }
        let batch = self.drawn.last().map(Vec::as_slice).unwrap_or(&[]);
        let mut h = [0.0; MAX_D];
        let scale = 2.0 * eta / self.size as f64;
        for &i in batch {
            let z = &self.inputs[i];
            let r = (0..q.d).map(|j| z[j] * delta[j]).sum::<f64>() - self.offsets[i];
            for j in 0..q.d {
                if q.observed(j) {
                    h[j] += scale * z[j] * r;
                }
            }
        }
        Some(h)
    }
}

/// Gradient descent `delta_j <- (1 - 2 eta_t gamma_j) delta_j` for at most `k` steps (`eta_t` the
/// schedule's rate of step `t`), checking
/// `L_hat <= eps` before each step; with [`GdStop::Cut`] a step that would end below `eps` is
/// shortened to end on it ([`cut_fraction`]) and the stage stops there. `visit(step, beta)` sees
/// every finite iterate, from step 0 (a shortened step's end as the next step).
pub fn gd_stage(
    q: &Quadratic,
    beta0: &Vector,
    steps: &LargeSteps,
    eps: f64,
    rule: GdStop,
    visit: impl FnMut(usize, &Vector),
) -> GdStage {
    gd_stage_batched(q, beta0, steps, None, eps, rule, visit)
}

/// [`gd_stage`], each step on a mini-batch of `batches` when given.
pub fn gd_stage_batched(
    q: &Quadratic,
    beta0: &Vector,
    steps: &LargeSteps,
    mut batches: Option<&mut MiniBatches>,
    eps: f64,
    rule: GdStop,
    mut visit: impl FnMut(usize, &Vector),
) -> GdStage {
    let k = steps.k;
    // Step t multiplies delta_j by 1 - rate_j, rate_j = 2 eta_t gamma_j.
    let mut rate = [0.0; MAX_D];
    let mut rate_lr = f64::NAN;
    let mut delta = residual(q, beta0);
    let mut last_finite = delta;
    let stage = |steps, delta: Vector, reached, diverged_at, cut| GdStage {
        steps,
        beta: from_residual(q, &delta),
        delta,
        reached,
        diverged_at,
        cut,
    };
    for step in 0..=k {
        let loss = q.train_loss_residual(&delta);
        if !loss.is_finite() {
            return stage(step, last_finite, false, Some(step), None);
        }
        last_finite = delta;
        visit(step, &from_residual(q, &delta));
        if loss <= eps {
            return stage(step, delta, true, None, None);
        }
        if step == k {
            break;
        }
        let lr = steps.rate(step);
        let h = match batches.as_deref_mut().and_then(|b| b.step(q, &delta, lr)) {
            Some(h) => h,
            None => {
                if lr != rate_lr {
                    rate_lr = lr;
                    for j in 0..q.d {
                        rate[j] = 2.0 * lr * q.gamma[j];
                    }
                }
                std::array::from_fn(|j| rate[j] * delta[j])
            }
        };
        if rule == GdStop::Cut {
            if let Some(s) = cut_fraction(q, &delta, &h, eps) {
                for j in 0..q.d {
                    delta[j] -= s * h[j];
                }
                visit(step + 1, &from_residual(q, &delta));
                return stage(step + 1, delta, true, None, Some(s));
            }
        }
        for j in 0..q.d {
            delta[j] -= h[j];
        }
    }
    stage(k, delta, false, None, None)
}

/// Optimizer (B): the large steps `steps` of gradient descent from `beta0`, then gradient flow,
/// both early-stopped at `eps` (the large steps by `rule`).
pub fn annealed(
    q: &Quadratic,
    beta0: &Vector,
    steps: &LargeSteps,
    eps: f64,
    rule: GdStop,
) -> (GdStage, Endpoint) {
    annealed_visit(q, beta0, steps, None, eps, rule, |_, _| {})
}

/// [`annealed`], each large step on a mini-batch of `batches` when given, showing every
/// gradient-descent iterate to `visit`.
pub fn annealed_visit(
    q: &Quadratic,
    beta0: &Vector,
    steps: &LargeSteps,
    batches: Option<&mut MiniBatches>,
    eps: f64,
    rule: GdStop,
    visit: impl FnMut(usize, &Vector),
) -> (GdStage, Endpoint) {
    let gd = gd_stage_batched(q, beta0, steps, batches, eps, rule, visit);
    let end = if let Some(step) = gd.diverged_at {
        Endpoint::at(q, Stop::Diverged { step }, gd.delta, 0.0)
    } else if gd.reached {
        Endpoint::at(q, Stop::Reached, gd.delta, 0.0)
    } else {
        flow_from_residual(q, &gd.delta, eps)
    };
    (gd, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{rng, Samples};

    fn paper(beta_star: f64) -> Quadratic {
        let b = [beta_star, beta_star];
        Quadratic::new(
            &Samples::label(vec![0, 0, 1], &b, 0.0, &mut rng(0)),
            &b,
            0.0,
        )
    }

    #[test]
    fn newton_iterations() {
        let q = paper(1.0);
        ITERS.with(|c| c.set(0));
        flow_stop_time(&q, &[0.0; MAX_D], 0.01).unwrap();
        let n = ITERS.with(|c| c.get());
        eprintln!("iterations {n}");
        assert!(n <= 8, "{n} Newton iterations");
    }

    #[test]
    fn single_direction_stop_time_is_the_closed_form() {
        // One observed direction: gamma = 1, w = delta0^2, T = ln(delta0^2 / eps) / 4.
        let b = [3.0];
        let q = Quadratic::new(&Samples::label(vec![0], &b, 0.0, &mut rng(0)), &b, 0.0);
        let t = flow_stop_time(&q, &[0.0; MAX_D], 0.01).unwrap();
        let expected = (9.0f64 / 0.01).ln() / 4.0;
        assert!((t - expected).abs() <= 4.0 * f64::EPSILON * expected);
    }

    #[test]
    fn gd_with_lr_one_over_gamma_max_flips_the_top_direction() {
        let q = paper(1.0);
        let gd = gd_stage(
            &q,
            &[0.0; MAX_D],
            &LargeSteps::constant(1.5, 3),
            1e-3,
            GdStop::Check,
            |_, _| {},
        );
        // delta_1 = -1 flips sign each step (factor -1); delta_2 is killed by factor 0.
        assert_eq!(gd.beta[0], 2.0);
        assert_eq!(gd.beta[1], 1.0);
        assert_eq!(gd.steps, 3);
    }

    #[test]
    fn already_below_eps_stops_at_zero() {
        let q = paper(0.01);
        let end = gradient_flow(&q, &[0.0; MAX_D], 1.0);
        assert_eq!(end.time, 0.0);
        assert_eq!(end.stop, Stop::Reached);
    }

    #[test]
    fn overflow_is_divergence_not_nan() {
        let q = paper(1.0);
        for rule in GdStop::ALL {
            let (gd, end) = annealed(
                &q,
                &[0.0; MAX_D],
                &LargeSteps::constant(1000.0, 1000),
                1e-3,
                rule,
            );
            assert!(matches!(end.stop, Stop::Diverged { .. }));
            assert!(gd.beta.iter().all(|v| v.is_finite()));
            assert_eq!(gd.cut, None);
        }
    }

    #[test]
    fn a_cut_step_lands_on_eps() {
        // lr = 1.08: factors 1 - 2.16 gamma = -0.44 and 0.28; the third step would end at train
        // loss 0.004998 < eps = 0.01, so it is shortened.
        let q = paper(1.0);
        let (check, _) = annealed(
            &q,
            &[0.0; MAX_D],
            &LargeSteps::constant(1.08, 4),
            0.01,
            GdStop::Check,
        );
        assert_eq!((check.steps, check.cut), (3, None));
        let (gd, end) = annealed(
            &q,
            &[0.0; MAX_D],
            &LargeSteps::constant(1.08, 4),
            0.01,
            GdStop::Cut,
        );
        let s = gd.cut.unwrap();
        assert_eq!(gd.steps, 3);
        assert!(0.0 < s && s < 1.0, "{s}");
        assert_eq!(end.stop, Stop::Reached);
        let loss = q.train_loss_residual(&end.delta);
        assert!((loss - 0.01).abs() <= 1e-14, "{loss}");
    }
}
