//! The data distribution of Section 2 and Appendix A, a drawn training set, and its two losses.
//!
//! Inputs are standard basis vectors `e_1 .. e_d`, drawn uniformly, with labels
//! `y = <beta*, x> + xi`, `xi ~ N(0, noise^2)`. For such a design the empirical covariance
//! `Sigma_hat = X^T X / n` is diagonal with `gamma_j = count_j / n`, and the population covariance
//! is `Sigma = I / d` (`lambda_j = 1/d`): both are diagonal in the standard basis, so the paper's
//! simultaneous-diagonalisation assumption holds with `U = I` and every quantity splits per
//! coordinate.
//!
//! Writing `c_j` for the mean label of the samples on `e_j` (the empirical minimiser; `beta*_j`
//! without noise), the train loss is
//!
//! ```text
//! L_hat(beta) = (1/n) sum_i (<beta, x_i> - y_i)^2 = floor + sum_j gamma_j (beta_j - c_j)^2
//! ```
//!
//! where `floor = (1/n) sum_i (y_i - c_{x_i})^2` is the lowest train loss any beta reaches (zero
//! without noise), and the test (population) loss is
//!
//! ```text
//! L_D(beta) = (beta - beta*)^T Sigma (beta - beta*) + noise^2.
//! ```
//!
//! Everything here uses fixed-size arrays of [`MAX_D`] so that Monte Carlo can build a
//! [`Quadratic`] per draw without allocating.

use rand::{RngExt, SeedableRng};

use crate::linalg::{design_eigen, identity, times, transpose_times, Matrix};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

pub use crate::linalg::{Vector, MAX_D};

/// The generator every random draw in the crate uses: portable and seeded, so that a seed in a
/// shared link reproduces the same draw on every platform.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Where the training inputs come from (the URL key `inputs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Inputs {
    /// Standard basis vectors drawn uniformly (the paper's).
    #[default]
    Basis,
    /// Gaussian vectors `N(0, diag(cov))`: the empirical covariance is not diagonal and shares no
    /// eigenvectors with the population one.
    Gaussian,
}

impl Inputs {
    /// Every kind, the default first.
    pub const ALL: [Inputs; 2] = [Inputs::Basis, Inputs::Gaussian];

    /// Its name in URLs and JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Inputs::Basis => "basis",
            Inputs::Gaussian => "gaussian",
        }
    }

    /// Every kind's name, the default first (the URL key's accepted values).
    pub const NAMES: [&'static str; 2] = [Inputs::ALL[0].name(), Inputs::ALL[1].name()];

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Inputs> {
        Inputs::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A training set: basis indices (0-based) or Gaussian inputs, and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// Basis inputs: `x[i] = j` means the i-th input is `e_{j+1}` (empty for Gaussian inputs).
    pub x: Vec<usize>,
    /// Gaussian inputs, one row per sample (empty for basis inputs).
    pub rows: Vec<Vector>,
    /// Labels `y_i = <beta*, x_i> + noise_i`.
    pub y: Vec<f64>,
}

impl Samples {
    /// Labels for the given inputs, with Gaussian label noise of standard deviation `noise` drawn
    /// from `rng` (no draws at all when `noise == 0`).
    pub fn label(x: Vec<usize>, beta_star: &[f64], noise: f64, rng: &mut ChaCha8Rng) -> Samples {
        let y = x
            .iter()
            .map(|&j| beta_star[j] + noise_draw(noise, rng))
            .collect();
        Samples {
            x,
            rows: Vec::new(),
            y,
        }
    }

    /// Draws `n` inputs uniformly from `e_1 .. e_d`, then labels them.
    pub fn draw(n: usize, beta_star: &[f64], noise: f64, rng: &mut ChaCha8Rng) -> Samples {
        let d = beta_star.len();
        let x = (0..n).map(|_| rng.random_range(0..d)).collect();
        Samples::label(x, beta_star, noise, rng)
    }

    /// Draws `n` inputs from `N(0, diag(cov))` (row by row, entry by entry), then labels them
    /// `y_i = <beta*, x_i> + noise_i`, with the noise drawn after all the inputs.
    pub fn draw_gaussian(
        n: usize,
        beta_star: &[f64],
        cov: &[f64],
        noise: f64,
        rng: &mut ChaCha8Rng,
    ) -> Samples {
        let d = beta_star.len();
        let rows: Vec<Vector> = (0..n)
            .map(|_| {
                let mut row = [0.0; MAX_D];
                for j in 0..d {
                    let z: f64 = rng.sample(StandardNormal);
                    row[j] = cov[j].sqrt() * z;
                }
                row
            })
            .collect();
        let y = rows
            .iter()
            .map(|row| dot(row, beta_star) + noise_draw(noise, rng))
            .collect();
        Samples {
            x: Vec::new(),
            rows,
            y,
        }
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are none (given spectra replace the samples).
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Input `i` as a vector of `d` entries (a basis vector's 0s and 1s, or a Gaussian row).
    pub fn input(&self, i: usize, d: usize) -> Vec<f64> {
        match self.x.get(i) {
            Some(&j) => (0..d).map(|k| if k == j { 1.0 } else { 0.0 }).collect(),
            None => self.rows[i][..d].to_vec(),
        }
    }
}

/// `<a, b>` over `b`'s length.
pub fn dot(a: &Vector, b: &[f64]) -> f64 {
    b.iter().zip(a).map(|(x, y)| x * y).sum()
}

/// One Gaussian label-noise draw (exactly zero, and no generator use, when `noise == 0`).
pub fn noise_draw(noise: f64, rng: &mut ChaCha8Rng) -> f64 {
    if noise > 0.0 {
        let z: f64 = rng.sample(StandardNormal);
        noise * z
    } else {
        0.0
    }
}

/// Per-coordinate sufficient statistics of a training set, accumulated without allocation.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    d: usize,
    n: usize,
    count: [usize; MAX_D],
    /// Running mean of the labels per coordinate (Welford).
    mean: Vector,
    /// Running sum of squared deviations from the mean per coordinate (Welford).
    m2: Vector,
}

impl Stats {
    /// Empty statistics for dimension `d` (`1 <= d <= MAX_D`).
    pub fn new(d: usize) -> Stats {
        Stats {
            d,
            n: 0,
            count: [0; MAX_D],
            mean: [0.0; MAX_D],
            m2: [0.0; MAX_D],
        }
    }

    /// Noise-free statistics with the given number of samples per coordinate.
    pub fn from_counts(counts: &[usize], beta_star: &[f64]) -> Stats {
        let mut stats = Stats::new(beta_star.len());
        for (j, &c) in counts.iter().enumerate() {
            stats.n += c;
            stats.count[j] = c;
            stats.mean[j] = beta_star[j];
        }
        stats
    }

    /// Adds the sample `(e_{j+1}, y)`.
    pub fn push(&mut self, j: usize, y: f64) {
        self.n += 1;
        self.count[j] += 1;
        let delta = y - self.mean[j];
        self.mean[j] += delta / self.count[j] as f64;
        self.m2[j] += delta * (y - self.mean[j]);
    }
}

/// The train and test losses of one training set, in the per-coordinate form above.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quadratic {
    /// Dimension.
    pub d: usize,
    /// Number of samples.
    pub n: usize,
    /// Samples per coordinate.
    pub count: [usize; MAX_D],
    /// Empirical covariance spectrum, `gamma_j = count_j / n`.
    pub gamma: Vector,
    /// Population covariance spectrum, `lambda_j = 1/d`.
    pub lambda: Vector,
    /// Ground truth beta*.
    pub beta_star: Vector,
    /// Empirical minimiser per observed coordinate (mean label); 0 (the initialisation, which
    /// gradient methods never leave) for unobserved ones.
    pub center: Vector,
    /// The lowest reachable train loss (0 without noise).
    pub floor: f64,
    /// Label noise variance, the irreducible part of the test loss.
    pub noise_var: f64,
    /// Whether the coordinates above are those of the empirical covariance's eigenbasis `V`
    /// (Gaussian inputs) rather than the standard basis: then `z = V^T beta`, `gamma`, `center`
    /// and `beta_star` are in `z`, and the population covariance in `z`, [`Quadratic::pop`], is
    /// not diagonal.
    pub rotated: bool,
    /// The eigenbasis `V` (columns; the identity unless rotated).
    pub basis: Matrix,
    /// The population covariance in the eigenbasis, `V^T Sigma V` (only read when rotated; its
    /// diagonal is `lambda`).
    pub pop: Matrix,
}

impl Quadratic {
    /// Builds the losses from sufficient statistics.
    pub fn from_stats(stats: &Stats, beta_star: &[f64], noise: f64) -> Quadratic {
        let d = stats.d;
        let n = stats.n.max(1) as f64;
        let mut q = Quadratic {
            d,
            n: stats.n,
            count: stats.count,
            gamma: [0.0; MAX_D],
            lambda: [0.0; MAX_D],
            beta_star: [0.0; MAX_D],
            center: [0.0; MAX_D],
            floor: 0.0,
            noise_var: noise * noise,
            rotated: false,
            basis: identity(),
            pop: [[0.0; MAX_D]; MAX_D],
        };
        let mut floor = 0.0;
        for j in 0..d {
            q.lambda[j] = 1.0 / d as f64;
            q.beta_star[j] = beta_star[j];
            let c = stats.count[j];
            if c > 0 {
                q.gamma[j] = c as f64 / n;
                q.center[j] = stats.mean[j];
                floor += stats.m2[j];
            }
        }
        q.floor = if noise > 0.0 { floor / n } else { 0.0 };
        q
    }

    /// Losses with a given spectrum instead of samples (Lemma 2's general setting, with
    /// `U = I`): `gamma_j`, `lambda_j` as given, minimiser beta*, no noise.
    pub fn from_spectrum(gamma: &[f64], lambda: &[f64], beta_star: &[f64]) -> Quadratic {
        let d = beta_star.len();
        let mut q = Quadratic::from_stats(&Stats::new(d), beta_star, 0.0);
        q.gamma[..d].copy_from_slice(&gamma[..d]);
        q.lambda[..d].copy_from_slice(&lambda[..d]);
        q.center[..d].copy_from_slice(&beta_star[..d]);
        q
    }

    /// Builds the losses of a training set.
    pub fn new(samples: &Samples, beta_star: &[f64], noise: f64) -> Quadratic {
        let mut stats = Stats::new(beta_star.len());
        for (&j, &y) in samples.x.iter().zip(&samples.y) {
            stats.push(j, y);
        }
        Quadratic::from_stats(&stats, beta_star, noise)
    }

    /// The losses of Gaussian inputs (`samples.rows`), in the eigenbasis of their empirical
    /// covariance `Sigma_hat = X^T X / n = V diag(gamma) V^T` ([`design_eigen`]), with the
    /// population covariance `diag(cov)`. With fewer samples than dimensions the `d - n`
    /// directions no sample spans are unobserved: gradient methods never move them. The centre
    /// is the least-squares fit on the observed directions (`V^T beta*` there without noise,
    /// exactly), and the floor its mean squared residual.
    pub fn gaussian(samples: &Samples, beta_star: &[f64], cov: &[f64], noise: f64) -> Quadratic {
        let d = beta_star.len();
        let n = samples.len().max(1) as f64;
        let mut q = Quadratic::from_stats(&Stats::new(d), beta_star, noise);
        q.n = samples.len();
        let (gamma, v) = design_eigen(&samples.rows, d);
        // Gaussian rows are in general position (with probability 1): X has rank min(n, d), and
        // only the d - n directions beyond it (n < d, eigenvalues 0 up to rounding) are
        // unobserved, however small the others are.
        let rank = samples.len().min(d);
        let beta: Vector = std::array::from_fn(|j| beta_star.get(j).copied().unwrap_or(0.0));
        let star_z = transpose_times(&v, &beta, d);
        // X^T y / n in z: its j-th entry over gamma_j is the least-squares centre.
        let mut xty = [0.0; MAX_D];
        for (row, &y) in samples.rows.iter().zip(&samples.y) {
            let z = transpose_times(&v, row, d);
            for j in 0..d {
                xty[j] += z[j] * y / n;
            }
        }
        for j in 0..d {
            let observed = j < rank && gamma[j] > 0.0;
            q.gamma[j] = if observed { gamma[j] } else { 0.0 };
            q.beta_star[j] = star_z[j];
            q.center[j] = match (observed, noise > 0.0) {
                (false, _) => 0.0,
                (true, false) => star_z[j],
                (true, true) => xty[j] / gamma[j],
            };
        }
        for r in 0..d {
            for c in 0..d {
                q.pop[r][c] = (0..d).map(|k| v[k][r] * cov[k] * v[k][c]).sum();
            }
            q.lambda[r] = q.pop[r][r];
        }
        q.rotated = true;
        q.basis = v;
        if noise > 0.0 {
            let fit = times(&v, &q.center, d);
            q.floor = samples
                .rows
                .iter()
                .zip(&samples.y)
                .map(|(row, &y)| sq(y - dot(&fit, &row[..d])))
                .sum::<f64>()
                / n;
        }
        q
    }

    /// Whether the population covariance is diagonal in these coordinates (always for basis
    /// inputs; for Gaussian inputs only when `cov` is isotropic, to rounding): then both
    /// covariances share the eigenvectors `V`, the assumption of Lemma 2.
    pub fn simultaneously_diagonal(&self) -> bool {
        if !self.rotated {
            return true;
        }
        let top = (0..self.d).map(|j| self.pop[j][j]).fold(0.0, f64::max);
        (0..self.d).all(|r| ((r + 1)..self.d).all(|c| self.pop[r][c].abs() <= 1e-12 * top))
    }

    /// Whether coordinate `j` has at least one sample.
    pub fn observed(&self, j: usize) -> bool {
        self.gamma[j] > 0.0
    }

    /// The largest empirical eigenvalue, `gamma_max`.
    pub fn gamma_max(&self) -> f64 {
        self.gamma[..self.d].iter().fold(0.0, |m, &g| m.max(g))
    }

    /// Coordinates `z = V^T beta` of a point (the point itself unless rotated).
    pub fn to_eigen(&self, beta: &Vector) -> Vector {
        if self.rotated {
            transpose_times(&self.basis, beta, self.d)
        } else {
            *beta
        }
    }

    /// The point `beta = V z` of coordinates `z` (`z` itself unless rotated).
    pub fn from_eigen(&self, z: &Vector) -> Vector {
        if self.rotated {
            times(&self.basis, z, self.d)
        } else {
            *z
        }
    }

    /// Train loss `L_hat(beta) = floor + sum_j gamma_j (beta_j - c_j)^2` (in `z` when rotated).
    pub fn train_loss(&self, beta: &Vector) -> f64 {
        if self.rotated {
            let z = self.to_eigen(beta);
            let delta: Vector = std::array::from_fn(|j| z[j] - self.center[j]);
            return self.train_loss_residual(&delta);
        }
        self.floor
            + (0..self.d)
                .map(|j| self.gamma[j] * sq(beta[j] - self.center[j]))
                .sum::<f64>()
    }

    /// Test loss `L_D(beta) = sum_j lambda_j (beta_j - beta*_j)^2 + noise^2` (with the
    /// off-diagonal terms of [`Quadratic::pop`] when rotated).
    pub fn test_loss(&self, beta: &Vector) -> f64 {
        if self.rotated {
            let z = self.to_eigen(beta);
            let delta: Vector = std::array::from_fn(|j| z[j] - self.center[j]);
            return self.test_loss_residual(&delta);
        }
        self.noise_var
            + (0..self.d)
                .map(|j| self.lambda[j] * sq(beta[j] - self.beta_star[j]))
                .sum::<f64>()
    }

    /// Train loss at the point with residual `delta = beta - c`: `floor + sum_j gamma_j delta_j^2`.
    pub fn train_loss_residual(&self, delta: &Vector) -> f64 {
        self.floor
            + (0..self.d)
                .map(|j| self.gamma[j] * sq(delta[j]))
                .sum::<f64>()
    }

    /// Test loss at the point with residual `delta = beta - c`:
    /// `noise^2 + sum_j lambda_j (c_j - beta*_j + delta_j)^2` (exact without noise, where
    /// `c = beta*` on observed coordinates).
    pub fn test_loss_residual(&self, delta: &Vector) -> f64 {
        let e = |j: usize| self.center[j] - self.beta_star[j] + delta[j];
        let diagonal = self.noise_var + (0..self.d).map(|j| self.lambda[j] * sq(e(j))).sum::<f64>();
        if !self.rotated {
            return diagonal;
        }
        let mut off = 0.0;
        for r in 0..self.d {
            for c in (r + 1)..self.d {
                off += 2.0 * self.pop[r][c] * e(r) * e(c);
            }
        }
        diagonal + off
    }

    /// The part of the test loss that no gradient method can change: unobserved coordinates stay
    /// at their initial value 0, plus the noise variance (not separable when rotated: there the
    /// unobserved directions also couple to the observed ones, and this is their own part).
    pub fn fixed_test_loss(&self) -> f64 {
        self.noise_var
            + (0..self.d)
                .filter(|&j| !self.observed(j))
                .map(|j| self.lambda[j] * sq(self.beta_star[j]))
                .sum::<f64>()
    }
}

/// `v * v`.
pub fn sq(v: f64) -> f64 {
    v * v
}

/// Copies the first `d` entries of a vector into a `Vec`.
pub fn to_vec(v: &Vector, d: usize) -> Vec<f64> {
    v[..d].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn train_loss_matches_the_sample_sum() {
        let beta_star = [1.0, -2.0, 0.5];
        let samples = Samples::draw(7, &beta_star, 0.3, &mut rng(5));
        let q = Quadratic::new(&samples, &beta_star, 0.3);
        let beta: Vector = [0.2, 0.7, -1.1, 0.0, 0.0, 0.0, 0.0, 0.0];
        let direct = samples
            .x
            .iter()
            .zip(&samples.y)
            .map(|(&j, &y)| sq(beta[j] - y))
            .sum::<f64>()
            / 7.0;
        assert!((q.train_loss(&beta) - direct).abs() < 1e-12 * direct);
    }

    #[test]
    fn paper_spectrum() {
        let beta_star = [1.0, 1.0];
        let samples = Samples::label(vec![0, 0, 1], &beta_star, 0.0, &mut rng(0));
        let q = Quadratic::new(&samples, &beta_star, 0.0);
        assert!(!q.rotated);
        assert_eq!(q.gamma[..2], [2.0 / 3.0, 1.0 / 3.0]);
        assert_eq!(q.lambda[..2], [0.5, 0.5]);
        assert_eq!(q.floor, 0.0);
    }
}
