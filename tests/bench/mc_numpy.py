#!/usr/bin/env python3
"""Proposition 1's experiment in NumPy, vectorized over draws: the peer `lr-anneal mc` is
measured against (the script a researcher would write for the paper's setting).

Setting (the `paper` preset, `lr-anneal run ''`): d = 2, beta* = (1, 1), n = 3 samples drawn
uniformly from {e1, e2}, no label noise, eps = 0.01, large learning rate eta = 1.5, K = 4 large
steps. For each draw it computes the test loss of (A) gradient flow from 0 early-stopped at train
loss eps and (B) K steps of gradient descent with step eta (early-stopped too) then gradient
flow, and counts the draws with test(A) / test(B) >= 1.5. Proposition 1: probability 3/4.

Maths (the crate's conventions, src/dynamics.rs): with c_j samples on e_j, gamma_j = c_j / n,
lambda_j = 1/2, residual delta_j = beta_j - beta*_j on observed coordinates (0 on unobserved
ones, which no gradient method moves),
  train loss  L_hat = sum_j gamma_j delta_j^2,
  test loss   L_D   = sum_j lambda_j delta_j^2 + sum_{j unobserved} lambda_j beta*_j^2,
  gradient descent delta_j <- (1 - 2 eta gamma_j) delta_j (L_hat <= eps checked before each step),
  gradient flow    delta_j(t) = delta_j(0) exp(-2 gamma_j t).
With u = exp(-4 t / n) the flow's train loss is sum_j w_j u^{c_j}, w_j = gamma_j delta_j(0)^2.
For n = 3 and d = 2 the counts are {3, 0} or {2, 1}, so the stop L_hat = eps is exact in closed
form: w u^3 = eps (one observed coordinate) or a u^2 + b u = eps (a quadratic). No tiny steps.

Prints one line of JSON: draws per second (median over repetitions) and the fraction with its
Wilson 95% interval (compare with `lr-anneal mc trials=N`: the same experiment, other draws).
"""

import argparse
import json
import math
import time

import numpy as np

Z95 = 1.959963984540054


def draw_samples(rng, draws, n=3):
    """`draws` training sets of n inputs, each e1 (0) or e2 (1) uniformly: shape (draws, n)."""
    return rng.integers(0, 2, size=(draws, n), dtype=np.int8)


def ratios(x, beta_star, eps, lr, k):
    """Gradient flow's test loss over the annealed run's for each training set in `x`; NaN where
    undefined (the annealed run diverges, or its test loss is 0), as in the crate."""
    draws, n = x.shape
    beta_star = np.asarray(beta_star, dtype=float)
    assert n == 3 and beta_star.shape == (2,), "the closed forms below are for n = 3, d = 2"
    c1 = x.sum(axis=1, dtype=np.int64)  # samples on e2
    counts = np.stack([n - c1, c1], axis=1)  # (draws, 2)
    gamma = counts / n
    observed = counts > 0
    delta0 = np.where(observed, -beta_star, 0.0)  # beta = 0 minus the empirical minimiser
    fixed = 0.5 * np.where(observed, 0.0, beta_star**2).sum(axis=1)  # unobserved coordinates
    hi = counts.argmax(axis=1)[:, None]  # the coordinate with 2 or 3 samples
    lo = 1 - hi
    single = counts.max(axis=1) == n  # pattern {3, 0}: one observed coordinate

    def flow_test_loss(delta):
        """Test loss of gradient flow from residual `delta`, stopped at train loss eps."""
        w = gamma * delta**2
        train = w.sum(axis=1)
        a = np.take_along_axis(w, hi, axis=1)[:, 0]
        b = np.take_along_axis(w, lo, axis=1)[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            u_quadratic = 2.0 * eps / (b + np.sqrt(b * b + 4.0 * a * eps))  # a u^2 + b u = eps
            u_cubic = np.cbrt(eps / a)  # a u^3 = eps
        u = np.where(single, u_cubic, u_quadratic)
        u = np.where(train <= eps, 1.0, u)  # already below eps: no flow
        return 0.5 * (delta**2 * u[:, None] ** counts).sum(axis=1) + fixed

    gf = flow_test_loss(delta0)

    # The annealed run: up to k steps of gradient descent, stopping before a step when
    # L_hat <= eps (then no flow follows); diverged when the train loss is not finite.
    factor = 1.0 - 2.0 * lr * gamma
    delta = delta0.copy()
    stopped = np.zeros(draws, dtype=bool)
    diverged = np.zeros(draws, dtype=bool)
    stopped_delta = np.zeros_like(delta0)
    for step in range(k + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            train = (gamma * delta**2).sum(axis=1)
        active = ~(stopped | diverged)
        diverged |= active & ~np.isfinite(train)
        now = active & np.isfinite(train) & (train <= eps)
        stopped_delta[now] = delta[now]
        stopped |= now
        if step < k:
            with np.errstate(over="ignore", invalid="ignore"):
                delta = delta * factor
    with np.errstate(over="ignore", invalid="ignore"):
        an_flow = flow_test_loss(np.where(diverged[:, None], 0.0, delta))
    an_stop = 0.5 * (stopped_delta**2).sum(axis=1) + fixed
    an = np.where(stopped, an_stop, an_flow)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(~diverged & (an > 0.0), gf / an, np.nan)


def count_helped(rng, draws, beta_star, eps, lr, k, threshold=1.5):
    """Of `draws` fresh training sets, how many have ratio >= `threshold` (annealing helps)."""
    r = ratios(draw_samples(rng, draws), beta_star, eps, lr, k)
    return int(np.count_nonzero(r >= threshold))


def wilson(k, n):
    p = k / n
    z2 = Z95 * Z95
    denom = 1.0 + z2 / n
    center = (p + z2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return [max(center - half, 0.0), min(center + half, 1.0)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1_000_000, help="draws per repetition")
    ap.add_argument("--reps", type=int, default=7, help="timed repetitions (median reported)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--beta", type=float, nargs=2, default=[1.0, 1.0])
    ap.add_argument("--eps", type=float, default=0.01)
    ap.add_argument("--lr", type=float, default=1.5)
    ap.add_argument("--k", type=int, default=4)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    count_helped(rng, 1000, args.beta, args.eps, args.lr, args.k)  # warm-up
    times, helped = [], 0
    for _ in range(args.reps):
        start = time.perf_counter()
        helped += count_helped(rng, args.draws, args.beta, args.eps, args.lr, args.k)
        times.append(time.perf_counter() - start)
    total = args.draws * args.reps
    median = sorted(times)[len(times) // 2]
    print(
        json.dumps(
            {
                "peer": "numpy",
                "numpy": np.__version__,
                "draws_per_rep": args.draws,
                "reps": args.reps,
                "median_s": median,
                "draws_per_s": args.draws / median,
                "trials": total,
                "fraction_ratio_ge_1_5": helped / total,
                "ci95": wilson(helped, total),
            }
        )
    )


if __name__ == "__main__":
    main()
