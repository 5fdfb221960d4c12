//! Every state a link can reach reads right: seeded random valid links built from the schema's
//! key table (values inside each key's range, extremes included), each drawn natively as SVG
//! and read back: every text inside its figure, the ticks of every axis distinct, increasing and
//! short, no tick label over an axis description, no "NaN", "inf" or "undefined" and no
//! exponent of three digits (an overflowed view) in any text, and the iterate numbers of (b)
//! agreeing with the caption's divergence step. Then one test per link issue 19 names.
//!
//! Texts are read as labels.rs reads them (the figures' own size estimate, `text_size`), axis
//! titles drawn rotated included.

use crate::common::{attr, elements, num, unescape, SVG_FONT};
use lr_anneal::params::{Range, Role, PRESETS, SCHEMA};
use lr_anneal::plot::{svg, text_size, Figure, PANEL};
use lr_anneal::{run, Params, Report};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The longest tick label, in characters.
const SHORT: usize = 7;

#[derive(Debug, Clone, Copy)]
struct Box {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box {
    fn overlaps(&self, o: &Box) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Box) -> bool {
        self.x0 >= o.x0 - 0.5
            && self.x1 <= o.x1 + 0.5
            && self.y0 >= o.y0 - 0.5
            && self.y1 <= o.y1 + 0.5
    }
}

/// What a text is, from how plotters draws it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A tick label of the horizontal axis (centred, hanging, at the tick font).
    XTick,
    /// A tick label of the vertical axis (right-aligned, middle).
    YTick,
    /// An axis description: the horizontal one, or the vertical one (rotated).
    Desc,
    /// Anything else: titles, point labels, legends, the caption.
    Other,
}

#[derive(Debug, Clone)]
struct Text {
    text: String,
    kind: Kind,
    /// The anchor point (for ticks: where the tick is).
    at: (f64, f64),
    bbox: Box,
}

/// Every `<text>` of `svg`, with its box (rotated axis titles included).
fn texts(svg: &str) -> Vec<Text> {
    elements(svg, "text")
        .into_iter()
        .map(|(tag, content)| {
            let text = unescape(content);
            let size = num(tag, "font-size") * *SVG_FONT;
            let (w, h) = text_size(&text, size);
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            let anchor = attr(tag, "text-anchor").unwrap_or("start");
            let dy = attr(tag, "dy").unwrap_or("");
            let tick = (size - 11.0).abs() < 0.01;
            if attr(tag, "transform").is_some() {
                // rotate(270, x, y): the text runs upwards, centred on y, its top at x.
                let bbox = Box {
                    x0: x,
                    y0: y - 0.5 * w,
                    x1: x + h,
                    y1: y + 0.5 * w,
                };
                return Text {
                    text,
                    kind: Kind::Desc,
                    at: (x, y),
                    bbox,
                };
            }
            let x0 = match anchor {
                "middle" => x - 0.5 * w,
                "end" => x - w,
                _ => x,
            };
            let y0 = match dy {
                "0.76em" => y,
                "0.5ex" => y - 0.5 * h,
                "-0.5ex" => y - h,
                _ => y - 0.8 * h,
            };
            let kind = match (anchor, dy) {
                ("middle", "0.76em") if tick => Kind::XTick,
                ("end", "0.5ex") if tick => Kind::YTick,
                ("middle", "-0.5ex") => Kind::Desc,
                _ => Kind::Other,
            };
            Text {
                text,
                kind,
                at: (x, y),
                bbox: Box {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                },
            }
        })
        .collect()
}

/// The document's size.
fn size(svg: &str) -> (f64, f64) {
    let tag = svg
        .split("<svg ")
        .nth(1)
        .and_then(|s| s.split_once('>'))
        .map_or("", |s| s.0);
    (num(tag, "width"), num(tag, "height"))
}

/// A tick label's value (`−` read as `-`).
fn value(label: &str) -> Option<f64> {
    label.replace('−', "-").parse().ok()
}

/// Whether `text` writes a number with an exponent of three or more digits (`5e153`, `1e-300`).
fn huge_exponent(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len()).any(|i| {
        if chars[i] != 'e' || !chars[i - 1].is_ascii_digit() {
            return false;
        }
        let rest = &chars[i + 1..];
        let rest = match rest.first() {
            Some('-' | '−' | '+') => &rest[1..],
            _ => rest,
        };
        rest.iter().take_while(|c| c.is_ascii_digit()).count() >= 3
    })
}

/// Whether `text` has `word` as a whole word.
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The numbers written in a (b) iterate label: `1, 3, …, 99` gives 1, 3, 99.
fn step_numbers(label: &str) -> Option<Vec<usize>> {
    let parts: Vec<&str> = label.split(", ").filter(|p| *p != "…").collect();
    parts.iter().map(|p| p.parse().ok()).collect()
}

/// Everything wrong with one figure of `report`, described.
fn problems(report: &Report, figure: Figure) -> Vec<String> {
    let svg = svg(&[figure], report, false).unwrap();
    let texts = texts(&svg);
    let mut out = Vec::new();
    let (w, h) = size(&svg);
    let doc = Box {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: h,
    };
    let body = Box {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: if figure == Figure::Loss {
            lr_anneal::plot::LOSS_HEIGHT as f64
        } else {
            PANEL.1 as f64
        },
    };
    let tiny_losses = report.trajectory.as_ref().is_some_and(|t| {
        t.gradient_flow
            .iter()
            .chain(&t.annealed_gd)
            .chain(&t.annealed_flow)
            .any(|p| {
                [p.train_loss, p.test_loss]
                    .iter()
                    .any(|&v| v > 0.0 && v < 1e-99)
            })
    });
    let far_stops = [&report.gradient_flow.beta, &report.annealed.beta]
        .into_iter()
        .flatten()
        .flatten()
        .any(|v| v.abs() >= 1e99);
    let long_flows = report.trajectory.as_ref().is_some_and(|t| {
        t.gradient_flow
            .iter()
            .chain(&t.annealed_gd)
            .chain(&t.annealed_flow)
            .any(|p| p.t >= 1e99)
    });
    for t in &texts {
        let in_body = t.bbox.y0 < body.y1 - 1.0;
        let frame = if in_body { body } else { doc };
        if !t.bbox.inside(&frame) {
            out.push(format!(
                "{:?} {:?} leaves its figure {frame:?}",
                t.text, t.bbox
            ));
        }
        for bad in ["NaN", "inf", "undefined", "infinity"] {
            if has_word(&t.text, bad) {
                out.push(format!("{:?} says {bad}", t.text));
            }
        }
        // An exponent of three digits is an overflowed view, except where the state's own
        // numbers are that large or small: the caption's sentence of the report's numbers;
        // the loss axis when the losses are that small (variances of 1e-300 give an exact test
        // loss of 2e-300); the time axis when the runs take that long (a flow of time 3e299
        // along such a variance, or steps of size 1/gamma_max = 4e284); a plane figure whose
        // runs stop that far out (label noise along a variance of 1e-300 puts the train loss's
        // centre, and gradient flow's stop, at 1e148).
        let stated = !in_body
            || (figure == Figure::Loss && t.kind == Kind::YTick && tiny_losses)
            || (figure == Figure::Loss && t.kind != Kind::YTick && long_flows)
            || (figure != Figure::Loss && far_stops);
        if huge_exponent(&t.text) && !stated {
            out.push(format!("{:?} has an overflowing exponent", t.text));
        }
    }
    // Ticks: per axis, distinct, increasing along the axis, short; none over an axis title or
    // over another tick.
    let descs: Vec<&Text> = texts.iter().filter(|t| t.kind == Kind::Desc).collect();
    for kind in [Kind::XTick, Kind::YTick] {
        let mut axes: Vec<(f64, Vec<&Text>)> = Vec::new();
        for t in texts.iter().filter(|t| t.kind == kind) {
            let key = if kind == Kind::XTick { t.at.1 } else { t.at.0 };
            match axes.iter_mut().find(|(k, _)| (*k - key).abs() < 0.5) {
                Some((_, v)) => v.push(t),
                None => axes.push((key, vec![t])),
            }
        }
        for (_, mut ticks) in axes {
            // Along the axis: left to right, bottom to top.
            ticks.sort_by(|a, b| {
                let (pa, pb) = if kind == Kind::XTick {
                    (a.at.0, b.at.0)
                } else {
                    (-a.at.1, -b.at.1)
                };
                pa.total_cmp(&pb)
            });
            let labels: Vec<&str> = ticks.iter().map(|t| t.text.as_str()).collect();
            let values: Vec<Option<f64>> = labels.iter().map(|l| value(l)).collect();
            if values.iter().any(Option::is_none) {
                out.push(format!("{kind:?} labels {labels:?} are not all numbers"));
            } else if values.windows(2).any(|v| v[0] >= v[1]) {
                out.push(format!(
                    "{kind:?} labels {labels:?} are not distinct and increasing"
                ));
            }
            if labels.len() < 2 {
                out.push(format!(
                    "{kind:?} axis with {} labels: {labels:?}",
                    labels.len()
                ));
            }
            for t in &ticks {
                if t.text.chars().count() > SHORT {
                    out.push(format!("{kind:?} label {:?} is long", t.text));
                }
                for d in &descs {
                    if t.bbox.overlaps(&d.bbox) {
                        out.push(format!(
                            "{kind:?} label {:?} covers the axis title {:?}",
                            t.text, d.text
                        ));
                    }
                }
            }
            for p in ticks.windows(2) {
                if p[0].bbox.overlaps(&p[1].bbox) {
                    out.push(format!(
                        "{kind:?} labels {:?} and {:?} overlap",
                        p[0].text, p[1].text
                    ));
                }
            }
        }
    }
    if figure == Figure::B {
        out.extend(steps_agree(report, &texts));
    }
    out
}

/// (b)'s iterate numbers (at their own font size, 10 px) name iterates that exist, and a run
/// that diverged is labelled with the step the caption names.
fn steps_agree(report: &Report, texts: &[Text]) -> Vec<String> {
    let mut out = Vec::new();
    let iterates = report
        .trajectory
        .as_ref()
        .map_or(0, |t| t.annealed_gd.len().saturating_sub(1));
    let numbers: Vec<usize> = texts
        .iter()
        .filter(|t| (t.bbox.y1 - t.bbox.y0 - 10.0).abs() < 0.01)
        .filter_map(|t| step_numbers(&t.text))
        .flatten()
        .collect();
    if let Some(&n) = numbers.iter().find(|&&n| n == 0 || n > iterates) {
        out.push(format!(
            "(b) numbers iterate {n}, but the run has {iterates}"
        ));
    }
    if let Some(at) = report.annealed.diverged_at_step {
        let caption = &report.captions.b;
        let said = format!("at step {at}");
        if !caption.contains(&said) {
            out.push(format!("the caption does not say {said:?}: {caption}"));
        }
        if let Some(&n) = numbers.iter().find(|&&n| n >= at) {
            out.push(format!(
                "(b) numbers iterate {n}, at or past the divergence at {at}"
            ));
        }
        let named = texts.iter().any(|t| t.text.contains(&format!("step {at}")));
        if !named {
            out.push(format!(
                "(b) does not name step {at}, where the caption says it diverges"
            ));
        }
    }
    out
}

/// Every problem of every figure of the state `query` (which must be valid).
fn state_problems(query: &str) -> Vec<String> {
    let parsed = Params::from_query(query);
    assert!(parsed.warnings.is_empty(), "{query}: {:?}", parsed.warnings);
    let report = run(&parsed.params, Vec::new(), true);
    Figure::ALL
        .iter()
        .flat_map(|&f| {
            // A drawing that panics (plotters once overflowed on a range of 1e300) is a problem
            // of its state, reported with the others.
            let found = std::panic::catch_unwind(|| problems(&report, f))
                .unwrap_or_else(|_| vec!["drawing it panics".to_string()]);
            found
                .into_iter()
                .map(move |p| format!("{query} ({}): {p}", f.name()))
        })
        .collect()
}

fn assert_reads_right(query: &str) {
    let p = state_problems(query);
    assert!(p.is_empty(), "{}", p.join("\n"));
}

// --- Random links from the schema ---

/// A number as a link writes it: short, with an exponent when far from 1.
fn show(v: f64) -> String {
    if v != 0.0 && !(1e-4..1e6).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// A number in `[lo, hi]` (`lo > 0`), spread evenly over the decades.
fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    let (a, b) = (lo.log10(), hi.log10());
    let v = 10f64.powf(a + (b - a) * rng.random::<f64>());
    // Short, as people type them: three significant digits.
    let v: f64 = format!("{v:.2e}").parse().unwrap();
    v.clamp(lo, hi)
}

/// A value in `[min, max]`: often an end, else spread over the decades (or evenly when the
/// range holds 0).
fn number(rng: &mut ChaCha8Rng, min: f64, max: f64) -> f64 {
    match rng.random_range(0..10) {
        0 => min,
        1 => max,
        _ if min > 0.0 => log_uniform(rng, min, max),
        _ if max <= 0.0 => -log_uniform(rng, -max, -min),
        2..=4 => 0.0f64.clamp(min, max),
        _ => {
            let v = log_uniform(rng, 1e-3, max.max(-min));
            let v = if min < 0.0 && rng.random::<bool>() {
                -v
            } else {
                v
            };
            v.clamp(min, max)
        }
    }
}

fn list(items: impl IntoIterator<Item = f64>) -> String {
    items.into_iter().map(show).collect::<Vec<_>>().join(",")
}

/// A random link: a preset, then each of the schema's state keys with some chance, its value
/// built from its range (the dimension first, as the others depend on it).
fn random_link(rng: &mut ChaCha8Rng) -> String {
    let preset = &PRESETS[rng.random_range(0..PRESETS.len())];
    let mut parts = vec![format!("preset={}", preset.name)];
    let base = preset.params();
    // The dimension: the preset's, or a new beta (then the samples too, which may not fit it).
    let mut d = base.beta().len();
    let mut resample = false;
    let gaussian = rng.random_range(0..3) == 0;
    // One link in eight diverges, most likely: a large rate for many steps.
    let diverging = rng.random_range(0..8) == 0;
    for spec in SCHEMA.iter().filter(|s| s.role == Role::State) {
        let chance = match spec.key {
            "lr" | "k" if diverging => 1.0,
            "beta" | "eps" | "lr" | "k" => 0.5,
            "x" | "n" if resample => 1.0,
            "x" | "n" => 0.2,
            "inputs" if gaussian => 1.0,
            "inputs" => 0.1,
            "cov" if gaussian => 0.6,
            "cov" => 0.0,
            "gamma" => 0.08,
            "lambda" | "small" => 0.0,
            _ => 0.2,
        };
        if rng.random::<f64>() >= chance {
            continue;
        }
        let value = match (spec.key, spec.range) {
            ("x", Range::Indices { max_len }) => {
                if rng.random::<bool>() {
                    continue;
                }
                let len = rng.random_range(1..=max_len.min(12));
                list((0..len).map(|_| rng.random_range(1..=d) as f64))
            }
            ("n", Range::Whole { min, max }) => {
                let n = [min, 2, 3, 10, 100, max][rng.random_range(0..6)];
                n.to_string()
            }
            (_, Range::Dimension { max_len, bound }) => {
                d = if rng.random::<bool>() {
                    max_len
                } else {
                    rng.random_range(1..=max_len)
                };
                resample = true;
                list((0..d).map(|_| match rng.random_range(0..6) {
                    0 => bound,
                    1 => -number(rng, 1e-3, bound),
                    2 => 0.0,
                    _ => [1.0, 2.0, 0.5, 3.0][rng.random_range(0..4)],
                }))
            }
            ("inputs", _) => if gaussian { "gaussian" } else { "basis" }.to_string(),
            (_, Range::Spectrum { max, .. }) => {
                let tiny = rng.random_range(0..6) == 0;
                list((0..d).map(|_| {
                    if tiny && rng.random::<bool>() {
                        number(rng, 1e-300, max)
                    } else {
                        number(rng, 1e-3, max)
                    }
                }))
            }
            ("lr", _) if diverging => show(log_uniform(rng, 5.0, 1000.0)),
            ("k", Range::Whole { max, .. }) if diverging => rng.random_range(100..=max).to_string(),
            (_, Range::Name(names)) => names[rng.random_range(0..names.len())].to_string(),
            (_, Range::Whole { min, max }) => {
                let top = max.min(1000);
                match rng.random_range(0..4) {
                    0 => min,
                    1 => top,
                    _ => rng.random_range(min..=top.min(min + 30)),
                }
                .to_string()
            }
            (_, Range::Number { min, max }) => show(number(rng, min, max)),
            (_, Range::NumberOrAuto { min, max }) => {
                if rng.random_range(0..5) == 0 {
                    "auto".into()
                } else if rng.random::<bool>() {
                    // Around the interesting rates: stable to diverging.
                    show(log_uniform(rng, 0.05, 60.0))
                } else {
                    show(number(rng, min, max))
                }
            }
            (_, Range::ZeroOr { min, max, .. }) => {
                if rng.random::<bool>() {
                    "0".into()
                } else {
                    show(log_uniform(rng, min, max))
                }
            }
            (_, Range::Plane) => {
                let top = d.max(2);
                let i = rng.random_range(1..=top);
                let j = (i % top) + 1;
                format!("{i},{j}")
            }
            _ => continue,
        };
        parts.push(format!("{}={value}", spec.key));
    }
    parts.join("&")
}

/// The links drawn: `count` valid ones (a draw the schema warns about is drawn again).
fn random_links(seed: u64, count: usize) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    let mut rejected = 0;
    while out.len() < count {
        let q = random_link(&mut rng);
        if Params::from_query(&q).warnings.is_empty() {
            out.push(q);
        } else {
            rejected += 1;
        }
    }
    assert!(
        rejected < 2 * count,
        "{rejected} links rejected for {count} valid"
    );
    out
}

#[test]
fn random_valid_links_read_right() {
    let mut failures = Vec::new();
    let links = random_links(19, 300);
    for q in &links {
        failures.extend(state_problems(q));
    }
    // The draw reaches the states the checks are about: runs that diverge (their steps'
    // numbers against the caption), and views far from 0 and narrow (offsets).
    let diverged = links
        .iter()
        .filter(|q| {
            run(&Params::from_query(q).params, Vec::new(), false)
                .annealed
                .diverged
        })
        .count();
    assert!(diverged >= 10, "{diverged} of the links diverge");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_test_reads_what_it_checks() {
    assert!(huge_exponent("-5e153"));
    assert!(huge_exponent("all grow > 2.56e300"));
    assert!(huge_exponent("1e−300"));
    assert!(!huge_exponent("1e-12"));
    assert!(!huge_exponent("the level set"));
    assert_eq!(step_numbers("1, 3, …, 99"), Some(vec![1, 3, 99]));
    assert_eq!(step_numbers("β*"), None);
    assert!(has_word("x = NaN", "NaN"));
    assert!(!has_word("infinite", "inf"));
    assert_eq!(value("−0.5"), Some(-0.5));
    // A rotated axis title is read as the box it covers.
    let t = texts(
        r#"<text x="8" y="172" dy="0.76em" text-anchor="middle" font-size="9.67741935483871" transform="rotate(270, 8, 172)">β₂</text>"#,
    );
    assert_eq!(t[0].kind, Kind::Desc);
    assert!(
        (t[0].bbox.x1 - 20.0).abs() < 0.01 && t[0].bbox.y0 < 172.0,
        "{:?}",
        t[0].bbox
    );
    // The links are valid and varied.
    let links = random_links(19, 300);
    for key in [
        "eps=",
        "lr=",
        "k=",
        "inputs=gaussian",
        "cov=",
        "noise=",
        "batch=",
        "schedule=",
        "flow_lr=",
        "gamma=",
    ] {
        let n = links.iter().filter(|q| q.contains(key)).count();
        assert!(n >= 10, "{key} in only {n} links");
    }
    assert!(links.iter().any(|q| q.contains("beta=")
        && q.split("beta=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .split(',')
            .count()
            == 8));
}

// --- The links issue 19 names ---

/// At small eps (c) zooms around beta*: its ticks once all read "1" (and "0.9998 0.9999 1 1 1").
#[test]
fn small_eps_ticks_read_apart() {
    for q in [
        "eps=1e-10",
        "eps=1e-8",
        "eps=1e-12",
        "preset=prop1&eps=1e-12",
    ] {
        assert_reads_right(q);
    }
}

/// A diverging run: its axes once spanned -5e153 to 1e154 and its iterates were numbered
/// "1, 2, ..., 85" and "87" while the caption says it diverges at step 88.
#[test]
fn a_diverging_run_reads_right() {
    assert_reads_right("lr=45&k=200");
    assert_reads_right("lr=1000&k=1000");
}

/// An ill-conditioned covariance inside the ranges: its axes once spanned +-1e149 with a tick
/// "1.2e133" over the beta_2 axis title.
#[test]
fn a_degenerate_covariance_reads_right() {
    assert_reads_right("preset=gaussian&cov=1e-300,1000");
    assert_reads_right("preset=gaussian&cov=1e-300,1e-300");
}

/// The "good" and "bad" labels of (c) name the twins of the level set's extremes nearest where
/// the runs stop: in the paper's state (B) stops at the good point left of beta* and (A) near
/// the bad one below it.
#[test]
fn good_and_bad_label_the_twins_where_the_runs_stop() {
    let report = run(&Params::default(), Vec::new(), true);
    let svg = svg(&[Figure::C], &report, false).unwrap();
    let texts = texts(&svg);
    // The dots: the level set's extremes and their mirror images, in the good and bad colours.
    let dots: Vec<((f64, f64), &str)> = svg
        .split("<circle ")
        .skip(1)
        .filter_map(|c| {
            let fill = attr(c, "fill")?;
            let kind = match fill {
                "#009E73" => "good",
                "#E69F00" => "bad",
                _ => return None,
            };
            Some(((num(c, "cx"), num(c, "cy")), kind))
        })
        .collect();
    assert_eq!(dots.len(), 4, "{dots:?}");
    // Where the runs stop, in pixels: the annealed stop's square and gradient flow's ring.
    let square = svg
        .split("<rect ")
        .skip(1)
        .find(|r| attr(r, "stroke") == Some("#0072B2") && num(r, "width") < 20.0)
        .map(|r| {
            (
                num(r, "x") + num(r, "width") / 2.0,
                num(r, "y") + num(r, "height") / 2.0,
            )
        })
        .expect("the annealed stop");
    let ring = svg
        .split("<circle ")
        .skip(1)
        .find(|c| attr(c, "stroke") == Some("#D55E00") && attr(c, "fill") == Some("none"))
        .map(|c| (num(c, "cx"), num(c, "cy")))
        .expect("gradient flow's stop");
    let dist = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    for (name, stop) in [("good", square), ("bad", ring)] {
        let label = texts.iter().find(|t| t.text == name).expect(name);
        let centre = (
            0.5 * (label.bbox.x0 + label.bbox.x1),
            0.5 * (label.bbox.y0 + label.bbox.y1),
        );
        // The dot of this kind nearest the stop, and the label nearest that dot.
        let near = dots
            .iter()
            .filter(|(_, k)| *k == name)
            .min_by(|a, b| dist(a.0, stop).total_cmp(&dist(b.0, stop)))
            .unwrap()
            .0;
        let far = dots
            .iter()
            .filter(|(_, k)| *k == name)
            .max_by(|a, b| dist(a.0, stop).total_cmp(&dist(b.0, stop)))
            .unwrap()
            .0;
        assert!(
            dist(centre, near) < dist(centre, far),
            "{name:?} at {centre:?} labels {far:?}, not the twin {near:?} by the stop {stop:?}"
        );
        assert!(
            dist(centre, near) < 40.0,
            "{name:?} at {centre:?} is far from {near:?}"
        );
    }
    assert_reads_right("preset=paper");
}

/// Eight dimensions: the level set of (a) was cut by the frame and (c) had a second good/bad
/// pair at its right edge.
#[test]
fn eight_dimensions_keep_the_level_set_and_its_extremes_inside() {
    let q = "inputs=gaussian&beta=1,1,1,1,1,1,1,1";
    assert_reads_right(q);
    let report = run(&Params::from_query(q).params, Vec::new(), true);
    for f in [Figure::A, Figure::B, Figure::C] {
        let svg = svg(&[f], &report, false).unwrap();
        let plot = plot_area(&svg);
        // The level set: the polylines in its colour keep clear of the frame (plotters clips
        // what leaves it to the edge).
        for points in polylines(&svg, "#CC79A7") {
            for p in &points {
                assert!(
                    p.0 > plot.x0 + 1.0
                        && p.0 < plot.x1 - 1.0
                        && p.1 > plot.y0 + 1.0
                        && p.1 < plot.y1 - 1.0,
                    "({}) the level set reaches {p:?}, the frame is {plot:?}",
                    f.name()
                );
            }
        }
        // The good and bad dots (with their mirror images) are inside, clear of the edges.
        for c in svg.split("<circle ").skip(1) {
            if matches!(attr(c, "fill"), Some("#009E73" | "#E69F00")) {
                let (x, y, r) = (num(c, "cx"), num(c, "cy"), num(c, "r"));
                assert!(
                    x - r > plot.x0 && x + r < plot.x1 && y - r > plot.y0 && y + r < plot.y1,
                    "({}) a dot at {x}, {y} touches the frame {plot:?}",
                    f.name()
                );
            }
        }
    }
}

/// The plotting area of a plane figure: the grid's lines span it, the vertical ones from top to
/// bottom and the horizontal ones from left to right.
fn plot_area(svg: &str) -> Box {
    let lines: Vec<&str> = svg
        .split("<line ")
        .skip(1)
        .filter(|l| attr(l, "stroke") == Some("#EAECEF"))
        .collect();
    let xs = lines.iter().flat_map(|l| [num(l, "x1"), num(l, "x2")]);
    let ys = lines.iter().flat_map(|l| [num(l, "y1"), num(l, "y2")]);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    assert!(x0 < x1 && y0 < y1, "no grid read");
    Box { x0, y0, x1, y1 }
}

/// The polylines of stroke `colour`: their points.
fn polylines(svg: &str, colour: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline ")
        .skip(1)
        .filter_map(|e| e.split_once('>').map(|e| e.0))
        .filter(|tag| attr(tag, "stroke") == Some(colour))
        .map(|tag| {
            attr(tag, "points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

/// The links the browser loads (tests/e2e/states.test.mjs): every 12th of the 300 above, kept as
/// data beside this file so that the browser test reads the same draws. Rewrite it with
/// `LR_ANNEAL_WRITE_SAMPLE=1 cargo test --test native browser_sample` after changing the draw.
#[test]
fn the_browser_sample_is_this_draw() {
    const FILE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/native/browser_links.txt"
    );
    let sample: Vec<String> = random_links(19, 300).into_iter().step_by(12).collect();
    let want = format!(
        "# Every 12th of the 300 random valid links of tests/native/states.rs (seed 19), one per\n\
         # line, for the browser test tests/e2e/states.test.mjs. Written by the test\n\
         # `the_browser_sample_is_this_draw`; do not edit by hand.\n{}\n",
        sample.join("\n")
    );
    if std::env::var_os("LR_ANNEAL_WRITE_SAMPLE").is_some() {
        std::fs::write(FILE, &want).unwrap();
    }
    let have = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        have == want,
        "{FILE} is not this draw: rewrite it with LR_ANNEAL_WRITE_SAMPLE=1 cargo test --test native \
         browser_sample"
    );
}
