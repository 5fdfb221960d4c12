//! The page's sliders as the core lays them out for a state: each slider's range, where the state
//! sits on it, how far a key press moves it, the landmarks drawn under the learning rate's, and
//! the words a screen reader speaks for its value. The page only moves thumbs and writes these
//! texts; every rule with a threshold in it is here.
//!
//! Logarithmic sliders (`eps`, `lr`, `n`) run over `log10` of the value. A key press moves a
//! slider by a readable step (a tenth of a decade for `eps`, a twentieth for `lr`, one for the
//! whole numbers) and Page Up / Page Down by a decade (ten for the whole numbers); a position
//! dragged to is worth three significant digits ([`slider_value`]). The typed fields beside the
//! sliders keep the schema's whole range.

use serde::Serialize;

use crate::dynamics::Lr;
use crate::fmt::{fmt_num, int, js_number, sig3};
use crate::outcome::Outcome;
use crate::params::{EPS_RANGE, LR_RANGE, MAX_K, MAX_N, MAX_SEED};

/// How many decades below the train loss at the start the `eps` slider reaches: far enough to
/// see the stops move, not so far that dragging it skips what a reader compares.
pub const EPS_DECADES: f64 = 8.0;
/// The `lr` slider spans this many decades below its top.
pub const LR_DECADES: f64 = 3.0;
/// The largest `K` the slider reaches (the typed field takes up to the schema's bound).
pub const K_SLIDER_MAX: usize = 100;

/// One slider for a state.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Slider {
    /// The URL key it sets.
    pub key: &'static str,
    /// Its range, in slider units (`log10` of the value for a logarithmic slider).
    pub min: f64,
    /// See `min`.
    pub max: f64,
    /// Where the state's value sits (clamped to the range).
    pub position: f64,
    /// What a key press moves it by, in slider units.
    pub step: f64,
    /// What Page Up / Page Down move it by.
    pub page: f64,
    /// Whether it runs over `log10` of the value.
    pub log: bool,
    /// The value in the typed field beside it (the canonical query's).
    pub text: String,
    /// The value in a reader's words (`aria-valuetext`): `ε = 0.01`.
    pub valuetext: String,
}

/// A landmark under the learning-rate slider.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Landmark {
    /// Where, as a fraction of the track (0 at the left).
    pub at: f64,
    /// What it says (empty: a tick only).
    pub label: String,
    /// The row of labels it sits in (1 or 2).
    pub row: u8,
}

/// Every slider of the parameter panel for a state, with the learning rate's landmarks and the
/// lines written around them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Controls {
    /// The early-stopping train loss.
    pub eps: Slider,
    /// The large learning rate.
    pub lr: Slider,
    /// Where the learning rate's zones change, as fractions of its track: above `1/γ_max` the top
    /// direction bounces, above `1/γ_min` every direction grows.
    pub lr_zones: [f64; 2],
    /// Ticks and labels under the learning rate's track: `1/γ_j` per observed direction.
    pub lr_marks: Vec<Landmark>,
    /// The same as HTML for the page's track (ticks, and labels in two rows).
    pub lr_marks_html: String,
    /// The number of large steps.
    pub k: Slider,
    /// The label noise.
    pub noise: Slider,
    /// The number of samples drawn.
    pub n: Slider,
    /// The values a reader moves most, for the phones' parameter bar: `ε 0.01 · η 1.5 · K 4`.
    pub summary: String,
    /// What the `eps` slider covers and what the typed field takes.
    pub eps_hint: String,
    /// The samples drawn at random, as the panel lists them: `e1, e1, e2`, or Gaussian rows.
    pub drawn: String,
    /// Whether another coordinate can be added (d below the schema's largest).
    pub can_add_coordinate: bool,
    /// Whether another sample can be picked (n below the schema's largest).
    pub can_add_sample: bool,
    /// The seed "Draw again" moves to (the next one, back to 0 after the largest).
    pub next_seed: String,
}

/// A round number at least `v`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_ceil(v: f64) -> f64 {
    if !(v > 0.0 && v.is_finite()) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&x| x >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

/// `log10` of `v`, clamped to `[min, max]`.
fn at(v: f64, min: f64, max: f64) -> f64 {
    if v > 0.0 {
        v.log10().clamp(min, max)
    } else {
        min
    }
}

/// The `eps` slider's range in decades: from the power of ten at or above the train loss at the
/// start (`start`; above it neither run moves) down [`EPS_DECADES`], inside the schema's range,
/// and widened to hold `eps` itself.
fn eps_range(start: f64, eps: f64) -> (f64, f64) {
    let (lo_all, hi_all) = (EPS_RANGE.0.log10(), EPS_RANGE.1.log10());
    let top = if start > 0.0 && start.is_finite() {
        start.log10().ceil()
    } else {
        0.0
    };
    let (mut lo, mut hi) = ((top - EPS_DECADES).max(lo_all), top.min(hi_all));
    let e = eps.log10();
    if e < lo {
        lo = e.floor().max(lo_all);
    }
    if e > hi {
        hi = e.ceil().min(hi_all);
    }
    (lo, hi)
}

/// The slider's layout for `o`.
pub fn controls(o: &Outcome) -> Controls {
    let p = &o.params;
    let q = &o.quadratic;
    let s = &o.stability;
    let start = q.train_loss(&[0.0; crate::linalg::MAX_D]);
    let (lo, hi) = eps_range(start, p.eps);
    let eps = Slider {
        key: "eps",
        min: lo,
        max: hi,
        position: at(p.eps, lo, hi),
        step: 0.1,
        page: 1.0,
        log: true,
        text: js_number(p.eps),
        valuetext: format!("ε = {}", fmt_num(p.eps)),
    };
    // The learning rate: three decades below a round number past twice the top threshold, so
    // the range where it changes what happens gets most of the track.
    let top = if s.all_unstable_above.is_finite() {
        s.all_unstable_above
    } else {
        s.lr_auto
    };
    let top = if top.is_finite() && top > 0.0 {
        top
    } else {
        2.0
    };
    let lr_hi = nice_ceil(2.0 * top)
        .min(LR_RANGE.1)
        .max(LR_RANGE.0 * 10f64.powf(LR_DECADES))
        .log10();
    let lr_lo = (lr_hi - LR_DECADES).max(LR_RANGE.0.log10());
    let lr = o.annealed.lr;
    let frac = |v: f64| (at(v, lr_lo, lr_hi) - lr_lo) / (lr_hi - lr_lo);
    let named = |v: f64, name: &str| {
        if (v - s.lr_auto).abs() <= 1e-12 * s.lr_auto {
            format!("η = {} = {name}", fmt_num(v))
        } else {
            format!("η = {}", fmt_num(v))
        }
    };
    let lr_slider = Slider {
        key: "lr",
        min: lr_lo,
        max: lr_hi,
        position: at(lr, lr_lo, lr_hi),
        step: 0.05,
        page: 1.0,
        log: true,
        text: match p.lr {
            Lr::Auto => "auto".into(),
            Lr::Fixed(v) => js_number(v),
        },
        valuetext: named(lr, "1/γ_max"),
    };
    let mut lr_marks = Vec::new();
    let mut seen: Vec<f64> = Vec::new();
    for v in s.unstable_above.iter().flatten() {
        if seen.contains(v) || !(v.is_finite() && *v > 0.0) {
            continue;
        }
        seen.push(*v);
        lr_marks.push(Landmark {
            at: frac(*v),
            label: String::new(),
            row: 0,
        });
    }
    if s.lr_auto.is_finite() {
        lr_marks.push(Landmark {
            at: frac(s.lr_auto),
            label: format!("1/γmax = {}", fmt_num(s.lr_auto)),
            row: 1,
        });
    }
    if s.all_unstable_above.is_finite() && s.all_unstable_above != s.lr_auto {
        lr_marks.push(Landmark {
            at: frac(s.all_unstable_above),
            label: format!("all grow > {}", fmt_num(s.all_unstable_above)),
            row: 2,
        });
    }
    let k_max = MAX_K.min(K_SLIDER_MAX) as f64;
    let k = Slider {
        key: "k",
        min: 0.0,
        max: k_max,
        position: (p.k as f64).min(k_max),
        step: 1.0,
        page: 10.0,
        log: false,
        text: p.k.to_string(),
        valuetext: format!("K = {} large step{}", p.k, if p.k == 1 { "" } else { "s" }),
    };
    let beta_max = p.beta.iter().fold(1.0f64, |m, b| m.max(b.abs()));
    let noise_max = nice_ceil(beta_max);
    let noise = Slider {
        key: "noise",
        min: 0.0,
        max: noise_max,
        position: p.noise.min(noise_max),
        step: noise_max / 200.0,
        page: noise_max / 10.0,
        log: false,
        text: js_number(p.noise),
        valuetext: format!("noise standard deviation = {}", fmt_num(p.noise)),
    };
    let n_count = o.samples.labels.len().max(1);
    let n = Slider {
        key: "n",
        min: 0.0,
        max: (MAX_N as f64).log10(),
        position: (n_count as f64).log10(),
        step: 0.0,
        page: 1.0,
        log: true,
        text: n_count.to_string(),
        valuetext: format!("n = {} samples", int(n_count as u64)),
    };
    let gaussian = o.samples.eigenvectors.is_some();
    let names: Vec<String> = if gaussian {
        o.samples
            .inputs
            .iter()
            .map(|row| crate::fmt::vector(row))
            .collect()
    } else {
        o.samples.x.iter().map(|i| format!("e{i}")).collect()
    };
    let shown = names
        .iter()
        .take(24)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let drawn = if names.len() > 24 {
        format!("{shown}, … ({})", int(names.len() as u64))
    } else {
        shown
    };
    let lr_marks_html = marks_html(&lr_marks);
    Controls {
        eps_hint: format!(
            "Log scale, {} to {} (the train loss at β = 0 is {}); type any value from {} to {}.",
            fmt_num(10f64.powf(eps.min)),
            fmt_num(10f64.powf(eps.max)),
            fmt_num(start),
            fmt_num(EPS_RANGE.0),
            fmt_num(EPS_RANGE.1)
        ),
        summary: format!(
            "ε {} · η {} · K {}",
            fmt_num(p.eps),
            fmt_num(o.annealed.lr),
            p.k
        ),
        eps,
        lr_zones: [frac(s.lr_auto), frac(s.all_unstable_above)],
        lr: lr_slider,
        lr_marks,
        lr_marks_html,
        k,
        noise,
        n,
        drawn,
        can_add_coordinate: p.beta.len() < crate::linalg::MAX_D,
        can_add_sample: o.samples.labels.len() < MAX_N,
        next_seed: if p.seed >= MAX_SEED {
            "0".into()
        } else {
            (p.seed + 1).to_string()
        },
    }
}

/// The learning rate's landmarks as the page's track shows them: a tick per mark without a
/// label, a label (in its row, kept inside the track near the right end) per mark with one.
fn marks_html(marks: &[Landmark]) -> String {
    let mut out = String::new();
    for m in marks {
        let at = (m.at * 1e4).round() / 1e4;
        if m.label.is_empty() {
            out.push_str(&format!("<span class=\"tick\" style=\"--f:{at}\"></span>"));
        } else {
            let right = if m.at > 0.7 { " right" } else { "" };
            out.push_str(&format!(
                "<span class=\"mark-label row{}{right}\" style=\"--f:{at}\">{}</span>",
                m.row,
                crate::fmt::html(&m.label).replace("γmax", "γ<sub>max</sub>")
            ));
        }
    }
    out
}

/// The URL value of slider `key` at `position` (slider units): three significant digits of
/// `10^position` for a logarithmic slider (`eps`, `lr`), the nearest whole number for `k` and
/// `n`; `None` for a key without a slider.
pub fn slider_value(key: &str, position: f64) -> Option<String> {
    if !position.is_finite() {
        return None;
    }
    let v = match key {
        "eps" | "lr" => sig3(10f64.powf(position)),
        "noise" => sig3(position.max(0.0)),
        "k" => position.round().max(0.0),
        "n" => 10f64.powf(position).round().max(1.0),
        _ => return None,
    };
    Some(format!("{v}"))
}

/// Slider `key`'s value after the key `press` (`ArrowRight`/`ArrowUp`, `ArrowLeft`/`ArrowDown`,
/// `PageUp`, `PageDown`, `Home`, `End`) from the state `o`: a logarithmic slider moves to the
/// next multiple of its step (so the values read `10^-1.9`, `10^-1.8`, ...), a whole number by
/// one (ten with Page Up / Down). `None` for another key or when it would not move.
pub fn slider_key(o: &Outcome, key: &str, press: &str) -> Option<String> {
    let c = controls(o);
    let s = match key {
        "eps" => &c.eps,
        "lr" => &c.lr,
        "k" => &c.k,
        "noise" => &c.noise,
        "n" => &c.n,
        _ => return None,
    };
    let (dir, size) = match press {
        "ArrowRight" | "ArrowUp" => (1.0, s.step),
        "ArrowLeft" | "ArrowDown" => (-1.0, s.step),
        "PageUp" => (1.0, s.page),
        "PageDown" => (-1.0, s.page),
        "Home" => return slider_value(key, s.min),
        "End" => return slider_value(key, s.max),
        _ => return None,
    };
    if key == "n" {
        // Whole samples: one at a time, ten with Page Up / Down.
        let n = o.samples.labels.len() as f64;
        let by = if matches!(press, "PageUp" | "PageDown") {
            10.0
        } else {
            1.0
        };
        let next = (n + dir * by).clamp(1.0, MAX_N as f64);
        return (next != n).then(|| format!("{next}"));
    }
    let size = if size > 0.0 { size } else { 1.0 };
    // The next grid point that way (positions on the grid read as round steps). A value rounded
    // to three digits sits a little off its grid point (10^-1.8 is written 0.0158): within a
    // twentieth of a step it counts as on it.
    let mut grid = s.position / size;
    if (grid - grid.round()).abs() < 0.05 {
        grid = grid.round();
    }
    let next = if dir > 0.0 {
        grid.floor() + 1.0
    } else {
        grid.ceil() - 1.0
    } * size;
    let next = next.clamp(s.min, s.max);
    if (next - s.position).abs() < 1e-12 {
        return None;
    }
    slider_value(key, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_tops() {
        assert_eq!(nice_ceil(3.0), 5.0);
        assert_eq!(nice_ceil(6.0), 10.0);
        assert_eq!(nice_ceil(2.0), 2.0);
        assert_eq!(nice_ceil(0.3), 0.5);
    }

    #[test]
    fn eps_spans_decades_below_the_start() {
        assert_eq!(eps_range(1.0, 0.01), (-8.0, 0.0));
        // prop1: the start is about 1e5.
        assert_eq!(eps_range(1.0e5, 0.5), (-3.0, 5.0));
        // A value outside is taken in, to the decade.
        assert_eq!(eps_range(1.0, 1e-10), (-10.0, 0.0));
        assert_eq!(eps_range(1.0, 20.0), (-8.0, 2.0));
    }

    #[test]
    fn key_presses_step_a_tenth_of_a_decade_and_add_up() {
        use crate::outcome::simulate;
        use crate::params::Params;
        let mut q = Params::default().query();
        let mut seen = Vec::new();
        for _ in 0..5 {
            let o = simulate(&Params::from_query(&q).params, false);
            let v = slider_key(&o, "eps", "ArrowRight").unwrap();
            q = Params::from_query(&q)
                .params
                .with("eps", &v)
                .unwrap()
                .query();
            seen.push(v);
        }
        assert_eq!(seen, ["0.0126", "0.0158", "0.02", "0.0251", "0.0316"]);
        let o = simulate(&Params::default(), false);
        assert_eq!(slider_key(&o, "eps", "PageUp").as_deref(), Some("0.1"));
        assert_eq!(
            slider_key(&o, "eps", "ArrowLeft").as_deref(),
            Some("0.00794")
        );
        assert_eq!(slider_key(&o, "k", "ArrowRight").as_deref(), Some("5"));
        assert_eq!(slider_key(&o, "n", "ArrowRight").as_deref(), Some("4"));
        assert_eq!(slider_key(&o, "seed", "ArrowRight"), None);
    }

    #[test]
    fn slider_values_are_round() {
        assert_eq!(slider_value("eps", -2.0).as_deref(), Some("0.01"));
        assert_eq!(slider_value("eps", -1.9).as_deref(), Some("0.0126"));
        assert_eq!(slider_value("k", 4.4).as_deref(), Some("4"));
        assert_eq!(slider_value("n", 0.477).as_deref(), Some("3"));
        assert_eq!(slider_value("seed", 1.0), None);
    }
}
