//! Helpers shared by the native integration tests: each is written here once and used by every
//! module that needs it.

use std::sync::LazyLock;

use lr_anneal::{Params, Report};
use plotters::prelude::{FontFamily, IntoDrawingArea, IntoFont, SVGBackend, Text, TextStyle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use proptest::test_runner::Config;
use serde_json::Value;

/// The params of a query that must be accepted as is: it may raise no warning.
#[track_caller]
pub fn accepted(query: &str) -> Params {
    let parsed = Params::from_query(query);
    assert!(
        parsed.warnings.is_empty(),
        "{query}: unexpected warnings {:?}",
        parsed.warnings
    );
    parsed.params
}

/// Parses a query that must be accepted as is ([`accepted`]), and runs it (no trajectories).
#[track_caller]
pub fn report(query: &str) -> Report {
    lr_anneal::run(&accepted(query), Vec::new(), false)
}

/// [`report`] with the trajectories (the paths drawn and played back).
#[track_caller]
pub fn report_with_trajectory(query: &str) -> Report {
    lr_anneal::run(&accepted(query), Vec::new(), true)
}

/// Whether `actual` is `expected` up to `rel` relative to `expected`:
/// `|actual - expected| <= rel * |expected|`.
pub fn close(actual: f64, expected: f64, rel: f64) -> bool {
    (actual - expected).abs() <= rel * expected.abs()
}

/// Asserts [`close`], with a readable failure naming `what`.
#[track_caller]
pub fn assert_rel(actual: f64, expected: f64, rel: f64, what: &str) {
    assert!(
        close(actual, expected, rel),
        "{what}: actual {actual:e}, expected {expected:e}, relative error {:e} > {rel:e}",
        (actual - expected).abs() / expected.abs()
    );
}

/// Relative tolerance on a loss computed at a stored point `beta = c + delta` with
/// `|c| <= scale`: rounding `beta` costs up to `ulp(scale)/2 <= EPSILON * scale / 2` on `delta`,
/// i.e. `EPSILON * scale / |delta|` relatively on `delta^2`; doubled for margin, plus 1e-12 for
/// everything else.
pub fn repr_rel(scale: f64, delta: f64) -> f64 {
    1e-12 + 2.0 * f64::EPSILON * scale / delta
}

/// The proptest configuration of the property tests: `cases` cases, failures reported, not
/// written to a proptest-regressions file.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Mean label per coordinate, samples per coordinate and the noise floor
/// `(1/n) sum_i (y_i - c_{x_i})^2`, computed directly from 0-based basis samples `x` in `d`
/// coordinates and their labels `y`.
pub fn centers_and_floor(x: &[usize], y: &[f64], d: usize) -> (Vec<f64>, Vec<usize>, f64) {
    let mut sum = vec![0.0; d];
    let mut count = vec![0usize; d];
    for (&j, &v) in x.iter().zip(y) {
        sum[j] += v;
        count[j] += 1;
    }
    let c: Vec<f64> = (0..d)
        .map(|j| {
            if count[j] > 0 {
                sum[j] / count[j] as f64
            } else {
                0.0
            }
        })
        .collect();
    let floor = x
        .iter()
        .zip(y)
        .map(|(&j, &v)| (v - c[j]).powi(2))
        .sum::<f64>()
        / x.len() as f64;
    (c, count, floor)
}

/// Values as a URL list writes them: `1,0.5,2`.
pub fn join<T: std::fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Collects the paths of `null`s in a `run` or `mc` JSON output that are not `Option`s in
/// src/report.rs or src/montecarlo.rs (serde writes NaN and infinities as null).
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

/// The value of attribute `name` in an SVG element's attribute text (`None` when absent).
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    // At the start of the attribute text or after a space (so `x` does not match `cx`).
    if let Some(rest) = tag.strip_prefix(&key) {
        return Some(&rest[..rest.find('"')?]);
    }
    let key = format!(" {key}");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// A number attribute of an SVG element's attribute text (0 when absent).
pub fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

/// Plotters' SVG backend writes a font of size `s` as `font-size = s / SVG_FONT`: read back from
/// a text it draws at a label's size, so that boxes come out in the sizes the figures measured.
pub static SVG_FONT: LazyLock<f64> = LazyLock::new(|| {
    const SIZE: f64 = 11.0;
    let svg = draw_text("x", (0, 0), SIZE);
    let (tag, _) = elements(&svg, "text")[0];
    SIZE / num(tag, "font-size")
});

/// An SVG of one text drawn as the figures draw a label: its top-left corner at `at`, in the
/// figures' sans-serif font at `size` pixels.
pub fn draw_text(text: &str, at: (i32, i32), size: f64) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (200, 100)).into_drawing_area();
        let font = TextStyle::from((FontFamily::SansSerif, size).into_font())
            .pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(text, at, font)).unwrap();
        root.present().unwrap();
    }
    out
}

/// Each element `<name ...>` of `svg` with its attribute text and (for texts) its content.
pub fn elements<'a>(svg: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    svg.split(&format!("<{name} "))
        .skip(1)
        .filter_map(|e| {
            let (tag, rest) = e.split_once('>')?;
            let content = rest.split_once('<').map_or("", |c| c.0);
            Some((tag, content.trim()))
        })
        .collect()
}

/// The text an SVG text element's content stands for (plotters escapes five characters).
pub fn unescape(content: &str) -> String {
    content
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
