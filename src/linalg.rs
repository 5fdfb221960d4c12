//! The one piece of linear algebra the crate needs: the eigendecomposition of a small symmetric
//! matrix (`d <= MAX_D`), by the cyclic Jacobi method. For Gaussian inputs it diagonalises the
//! empirical covariance (the basis in which gradient flow and full-batch gradient descent act per
//! direction) and the whitened population covariance (the level set's extremes). A hand-written
//! routine of a few dozen lines keeps the wasm module small: measured against `nalgebra`'s
//! `SymmetricEigen` in its place (default features off), the page's module was 194.9 KB gzip with
//! this routine and 200.3 KB with nalgebra.

/// The largest supported dimension.
pub const MAX_D: usize = 8;

/// A point in parameter space; only the first `d` entries are used.
pub type Vector = [f64; MAX_D];

/// A `MAX_D x MAX_D` matrix of which the top-left `d x d` block is used; `m[r][c]`.
pub type Matrix = [[f64; MAX_D]; MAX_D];

/// The eigenvalues (descending) and orthonormal eigenvectors (the columns of the matrix, in the
/// same order) of the symmetric `d x d` block of `a`. Each eigenvector's entry of largest
/// magnitude is made positive (first such entry on ties), so the result is deterministic.
///
/// Cyclic Jacobi: sweep over the off-diagonal entries, zeroing each by a plane rotation, until
/// they are negligible against the diagonal (at most 64 sweeps; a few suffice for `d <= 8`).
pub fn symmetric_eigen(a: &Matrix, d: usize) -> (Vector, Matrix) {
    // Scaled to entries of at most 1 (and scaled back at the end), so that squares of tiny
    // entries do not underflow and stop the sweeps before they start.
    let scale = (0..d)
        .flat_map(|r| (0..d).map(move |c| (r, c)))
        .map(|(r, c)| a[r][c].abs())
        .fold(0.0, f64::max);
    let scale = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    let mut m = [[0.0; MAX_D]; MAX_D];
    for r in 0..d {
        for c in 0..d {
            m[r][c] = a[r][c] / scale;
        }
    }
    let mut v = identity();
    for _sweep in 0..64 {
        let off: f64 = (0..d)
            .flat_map(|p| ((p + 1)..d).map(move |q| (p, q)))
            .map(|(p, q)| m[p][q] * m[p][q])
            .sum();
        let diag: f64 = (0..d).map(|p| m[p][p] * m[p][p]).sum();
        if off <= f64::EPSILON * f64::EPSILON * diag * 1e-4 || off == 0.0 {
            break;
        }
        for p in 0..d {
            for q in (p + 1)..d {
                if m[p][q] == 0.0 {
                    continue;
                }
                // The rotation angle that zeroes m[p][q]: t = tan(theta), the smaller root of
                // t^2 + 2 theta t - 1 = 0 with theta = (m_qq - m_pp) / (2 m_pq).
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..d {
                    let (mkp, mkq) = (m[k][p], m[k][q]);
                    m[k][p] = c * mkp - s * mkq;
                    m[k][q] = s * mkp + c * mkq;
                }
                for k in 0..d {
                    let (mpk, mqk) = (m[p][k], m[q][k]);
                    m[p][k] = c * mpk - s * mqk;
                    m[q][k] = s * mpk + c * mqk;
                }
                for row in v.iter_mut().take(d) {
                    let (vkp, vkq) = (row[p], row[q]);
                    row[p] = c * vkp - s * vkq;
                    row[q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let values: Vector = std::array::from_fn(|k| if k < d { m[k][k] * scale } else { 0.0 });
    ordered(&values, &v, d)
}

/// The columns of `v` (eigenvectors of `values`, in the same order) by decreasing value (a
/// stable insertion sort: d <= 8), each signed so that its entry of largest magnitude is positive
/// (the first such entry on ties).
fn ordered(values: &Vector, v: &Matrix, d: usize) -> (Vector, Matrix) {
    let mut order: [usize; MAX_D] = std::array::from_fn(|i| i);
    for i in 1..d {
        let mut k = i;
        while k > 0 && values[order[k]] > values[order[k - 1]] {
            order.swap(k, k - 1);
            k -= 1;
        }
    }
    let mut sorted = [0.0; MAX_D];
    let mut vectors = [[0.0; MAX_D]; MAX_D];
    for (col, &src) in order.iter().take(d).enumerate() {
        sorted[col] = values[src];
        let top = (0..d).fold(0, |b, r| {
            if v[r][src].abs() > v[b][src].abs() {
                r
            } else {
                b
            }
        });
        let sign = if v[top][src] < 0.0 { -1.0 } else { 1.0 };
        for r in 0..d {
            vectors[r][col] = sign * v[r][src];
        }
    }
    (sorted, vectors)
}

/// The eigenvalues (descending) and eigenvectors (columns) of `X^T X / n` for the design `X`
/// with rows `rows` (`d` columns used), without forming `X^T X`: one-sided (Hestenes) Jacobi
/// rotates pairs of columns of `X V` until they are orthogonal; then `gamma_j` is the squared
/// norm of column `j` over `n`. This keeps small eigenvalues accurate relative to themselves
/// (inputs whose variances span many orders of magnitude), where squaring `X` first would
/// leave them only accurate to rounding of the largest. The eigenvectors are normalised as by
/// [`symmetric_eigen`].
pub fn design_eigen(rows: &[Vector], d: usize) -> (Vector, Matrix) {
    let n = rows.len().max(1) as f64;
    // Scaled to entries of at most 1, as in `symmetric_eigen`.
    let scale = rows
        .iter()
        .flat_map(|r| r[..d].iter())
        .fold(0.0f64, |m, &x| m.max(x.abs()));
    let scale = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    let mut u: Vec<Vector> = rows
        .iter()
        .map(|r| std::array::from_fn(|j| if j < d { r[j] / scale } else { 0.0 }))
        .collect();
    let mut v = identity();
    for _sweep in 0..64 {
        let mut rotated = false;
        for p in 0..d {
            for q in (p + 1)..d {
                let (mut alpha, mut beta, mut gamma) = (0.0, 0.0, 0.0);
                for row in &u {
                    alpha += row[p] * row[p];
                    beta += row[q] * row[q];
                    gamma += row[p] * row[q];
                }
                if gamma == 0.0 || gamma.abs() <= f64::EPSILON * alpha.sqrt() * beta.sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (zeta * zeta + 1.0).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = c * t;
                for row in u.iter_mut() {
                    let (a, b) = (row[p], row[q]);
                    row[p] = c * a - s * b;
                    row[q] = s * a + c * b;
                }
                for row in v.iter_mut().take(d) {
                    let (a, b) = (row[p], row[q]);
                    row[p] = c * a - s * b;
                    row[q] = s * a + c * b;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    // gamma_j = |X v_j|^2 / n.
    let gamma: Vector = std::array::from_fn(|j| {
        let norm2: f64 = u.iter().map(|row| row[j] * row[j]).sum();
        norm2 * scale * scale / n
    });
    ordered(&gamma, &v, d)
}

/// The identity matrix.
pub fn identity() -> Matrix {
    let mut m = [[0.0; MAX_D]; MAX_D];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    m
}

/// `V^T x` for the `d x d` block of `v`.
pub fn transpose_times(v: &Matrix, x: &Vector, d: usize) -> Vector {
    let mut out = [0.0; MAX_D];
    for (c, o) in out.iter_mut().enumerate().take(d) {
        *o = (0..d).map(|r| v[r][c] * x[r]).sum();
    }
    out
}

/// `V z` for the `d x d` block of `v`.
pub fn times(v: &Matrix, z: &Vector, d: usize) -> Vector {
    let mut out = [0.0; MAX_D];
    for (r, o) in out.iter_mut().enumerate().take(d) {
        *o = (0..d).map(|c| v[r][c] * z[c]).sum();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_closed_form() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/sqrt 2 and (1, -1)/sqrt 2
        // (largest entry made positive: the first, on the tie).
        let mut a = [[0.0; MAX_D]; MAX_D];
        a[0] = [2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        a[1] = [1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let (w, v) = symmetric_eigen(&a, 2);
        assert!(
            (w[0] - 3.0).abs() < 1e-15 && (w[1] - 1.0).abs() < 1e-15,
            "{w:?}"
        );
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((v[0][0] - h).abs() < 1e-15 && (v[1][0] - h).abs() < 1e-15);
        assert!((v[0][1] - h).abs() < 1e-15 && (v[1][1] + h).abs() < 1e-15);
    }

    #[test]
    fn tiny_entries_still_rotate() {
        // [[2, 1], [1, 2]] * 1e-170: the squares of the entries underflow unless scaled.
        let mut a = [[0.0; MAX_D]; MAX_D];
        a[0][0] = 2e-170;
        a[0][1] = 1e-170;
        a[1][0] = 1e-170;
        a[1][1] = 2e-170;
        let (w, v) = symmetric_eigen(&a, 2);
        assert!((w[0] / 3e-170 - 1.0).abs() < 1e-14 && (w[1] / 1e-170 - 1.0).abs() < 1e-14);
        assert!((v[0][0] - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-14);
    }

    #[test]
    fn a_design_with_variances_apart_keeps_its_small_eigenvalue() {
        // Rows (1, 0), (1, e), (1, -e) with e = 1e-9: X^T X / 3 = diag(1, 2e^2/3) exactly, whose
        // small eigenvalue 6.7e-19 is far below rounding of the large one, yet one-sided Jacobi
        // gets it to full relative accuracy.
        let e = 1e-9;
        let rows: Vec<Vector> = [[1.0, 0.0], [1.0, e], [1.0, -e]]
            .iter()
            .map(|r| std::array::from_fn(|j| if j < 2 { r[j] } else { 0.0 }))
            .collect();
        let (w, v) = design_eigen(&rows, 2);
        assert!((w[0] - 1.0).abs() < 1e-15, "{w:?}");
        assert!((w[1] / (2.0 * e * e / 3.0) - 1.0).abs() < 1e-14, "{w:?}");
        assert_eq!((v[0][0], v[1][1]), (1.0, 1.0));
    }

    #[test]
    fn reconstructs_a_dense_matrix() {
        let d = 6;
        let mut a = [[0.0; MAX_D]; MAX_D];
        for r in 0..d {
            for c in 0..d {
                a[r][c] = 1.0 / (1.0 + r as f64 + c as f64) + if r == c { 0.5 } else { 0.0 };
            }
        }
        let (w, v) = symmetric_eigen(&a, d);
        for r in 0..d {
            for c in 0..d {
                let back: f64 = (0..d).map(|k| v[r][k] * w[k] * v[c][k]).sum();
                assert!((back - a[r][c]).abs() < 1e-14, "{r} {c}");
                let dot: f64 = (0..d).map(|k| v[k][r] * v[k][c]).sum();
                assert!((dot - if r == c { 1.0 } else { 0.0 }).abs() < 1e-14);
            }
        }
        assert!(w.windows(2).take(d - 1).all(|p| p[0] >= p[1]));
    }
}
