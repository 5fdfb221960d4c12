//! Helpers shared by the native integration tests.

use serde_json::Value;

/// Values as a URL list writes them: `1,0.5,2`.
#[allow(dead_code)] // not used by every test crate
pub fn join<T: std::fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Collects the paths of `null`s in a `run` or `mc` JSON output that are not `Option`s in
/// src/report.rs or src/montecarlo.rs (serde writes NaN and infinities as null).
#[allow(dead_code)] // used by cli.rs, not by every test crate
pub fn unexpected_nulls(v: &Value, path: &str, out: &mut Vec<String>) {
    const ALLOWED: &[&str] = &[
        "gradient_flow.time",
        "gradient_flow.beta",
        "gradient_flow.residual",
        "gradient_flow.train_loss",
        "gradient_flow.test_loss",
        "annealed.diverged_at_step",
        "annealed.cut_fraction",
        "annealed.time",
        "annealed.beta",
        "annealed.residual",
        "annealed.train_loss",
        "annealed.test_loss",
        "level_set",
        "ratio",
        "stability.unstable_above[]",
        "bounds.lemma2[].alpha",
        "bounds.lemma2[].gradient_flow_lower",
        "bounds.proposition1",
        "bounds.small_note",
        "bounds.does_not_apply",
        "discrete.gradient_flow.distance",
        "discrete.annealed.distance",
        "params.small",
        "bounds.proposition1.lemma2",
        "bounds.proposition1.lemma2.alpha",
        "bounds.proposition1.lemma2.gradient_flow_lower",
        "bounds.proposition1.identical_test_loss",
        "exact_probability",
        "exact_note",
        "patterns",
        "patterns[].ratio",
    ];
    match v {
        Value::Null if !ALLOWED.contains(&path) => out.push(path.to_string()),
        Value::Array(a) => a
            .iter()
            .for_each(|x| unexpected_nulls(x, &format!("{path}[]"), out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            unexpected_nulls(x, &p, out)
        }),
        _ => {}
    }
}

/// The root of a decreasing function on `[lo, hi]` by bisection to the last bit (used to solve
/// the hand-derived stopping equations independently of the crate's Newton iteration).
#[allow(dead_code)] // each test crate uses some of these helpers
pub fn root_decreasing(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    assert!(f(lo) > 0.0 && f(hi) < 0.0, "not bracketed");
    for _ in 0..2000 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}
