//! THE schema of the URL: every key with its type, range and meaning, the presets, parsing with
//! warnings, and the canonical query string. The page, the command line and shared links all go
//! through here; nothing else knows the keys.
//!
//! Parsing never fails: it returns the [`Params`] it could use and a [`Warning`] for every value it
//! rejected (falling back to the preset's value). A `Params` that exists is valid: its fields are
//! private and only this module sets them, through the same checks.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dynamics::Lr;
use crate::model::MAX_D;

/// The schema version written as `v=` (bump only with an upgrade path for older links).
pub const VERSION: &str = "1";
/// Largest number of samples (`n`, or the length of `x`).
pub const MAX_N: usize = 1000;
/// Largest number of large-step iterations `k`.
pub const MAX_K: usize = 1000;
/// Largest number of Monte Carlo draws.
pub const MAX_TRIALS: u64 = 10_000_000;
/// Largest seed: the largest integer JavaScript holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// Bound on `|beta*_j|`.
pub const MAX_BETA: f64 = 1000.0;
/// Range of `eps`.
pub const EPS_RANGE: (f64, f64) = (1e-12, 1e6);
/// Range of a numeric `lr`.
pub const LR_RANGE: (f64, f64) = (1e-9, 1000.0);
/// Smallest non-zero `flow_lr`.
pub const FLOW_LR_MIN: f64 = 1e-4;
/// Largest `flow_lr`.
pub const FLOW_LR_MAX: f64 = 10.0;
/// Largest value of a given spectrum entry (`gamma`, `lambda`).
pub const SPECTRUM_MAX: f64 = 1000.0;
/// Range of `noise`.
pub const NOISE_RANGE: (f64, f64) = (0.0, 1000.0);

/// Where the training inputs come from.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleSpec {
    /// Given basis indices (0-based inside; 1-based in URLs).
    Explicit(Vec<usize>),
    /// `n` inputs drawn uniformly with the params' seed.
    Random {
        /// How many.
        n: usize,
    },
}

/// One complete, valid parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    preset: &'static Preset,
    beta: Vec<f64>,
    samples: SampleSpec,
    seed: u64,
    eps: f64,
    lr: Lr,
    k: usize,
    noise: f64,
    trials: u64,
    flow_lr: f64,
    spectrum: Option<(Vec<f64>, Vec<f64>)>,
    small: Option<Vec<usize>>,
    plane: (usize, usize),
    embed: bool,
    show: Vec<&'static str>,
    controls: &'static str,
    theme: &'static str,
}

/// A value the parser could not use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The URL key.
    pub key: String,
    /// The value as given.
    pub value: String,
    /// Why it was rejected.
    pub reason: String,
    /// What is used instead (empty when nothing is: an unknown key).
    pub fallback: String,
}

/// A named starting point.
#[derive(Debug, PartialEq)]
pub struct Preset {
    /// Its name in URLs (`preset=`).
    pub name: &'static str,
    /// One line: what it is.
    pub description: &'static str,
    /// One line: what to look at.
    pub look_for: &'static str,
    /// Its values, written in the schema's own language (every key but `v` and `preset`).
    pub query: &'static str,
}

/// The parts of the page an embed can show (`show=`), in page order.
pub const PARTS: [&str; 5] = ["a", "b", "c", "loss", "table"];
/// How many controls an embed shows (`controls=`); the first is the default.
pub const CONTROLS: [&str; 3] = ["none", "minimal", "all"];
/// Colour themes (`theme=`); the first is the default (follow the reader's system).
pub const THEMES: [&str; 3] = ["auto", "light", "dark"];

/// The presets; the first is the default.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "paper",
        description: "Figure 1 of the paper: samples e1, e1, e2 and the large step 1.5 = 1/gamma_max.",
        look_for: "Gradient flow stops near the bad point (test loss about 1.5 eps); the annealed run near the good one (0.75 eps).",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=1.5&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "prop1",
        description: "Proposition 1's construction: beta* = 100 alpha^(-1/2) (1, 1) with alpha = 0.1.",
        look_for: "Both of Proposition 1's bounds hold: gradient flow at least 1.5 eps (1 - alpha), annealed at most 0.75 eps plus a vanishing term.",
        query: "beta=316.22776601683796,316.22776601683796&x=1,1,2&seed=1&eps=0.5&lr=1.5&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "unlucky",
        description: "The 1/4 case: all three samples are e1, so the problem is one-dimensional.",
        look_for: "Both optimizers end with the same test loss: there is only one direction to fit.",
        query: "beta=1,1&x=1,1,1&seed=1&eps=0.01&lr=auto&k=4&noise=0&trials=10000",
    },
    Preset {
        name: "small-lr",
        description: "A learning rate too small to matter: 20 steps of 0.05 behave like gradient flow.",
        look_for: "The two runs nearly coincide and the test-loss ratio is close to 1.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=0.05&k=20&noise=0&trials=10000",
    },
    Preset {
        name: "large-lr",
        description: "A step of 2, beyond the stable range 1/gamma_max = 1.5 along the top direction.",
        look_for: "The top coordinate grows for 10 steps while the other one is fitted; the flow afterwards still lands on the good point.",
        query: "beta=1,1&x=1,1,2&seed=1&eps=0.01&lr=2&k=10&noise=0&trials=10000",
    },
    Preset {
        name: "more-samples",
        description: "1000 random samples: the empirical covariance is close to the population's.",
        look_for: "The distortion fades: the level set's good and bad test losses, and the two optimizers, nearly agree.",
        query: "beta=1,1&n=1000&seed=3&eps=0.01&lr=auto&k=20&noise=0&trials=10000",
    },
    Preset {
        name: "lemma2-3d",
        description: "Lemma 2 in three dimensions: samples e1 x3, e2 x2, e3, so gamma = (1/2, 1/3, 1/6).",
        look_for: "Lemma 2's conditions and both bounds, for each split of the spectrum into large and small blocks.",
        query: "beta=1,1,1&x=1,1,1,2,2,3&seed=1&eps=0.01&lr=auto&k=10&noise=0&trials=10000",
    },
];

/// One URL key.
pub struct KeySpec {
    /// The key.
    pub key: &'static str,
    /// Its type, for people.
    pub kind: &'static str,
    /// Its accepted values, for people.
    pub range: &'static str,
    /// What it means.
    pub help: &'static str,
    apply: fn(&mut Params, &str) -> Result<(), String>,
    show: fn(&Params) -> Option<String>,
}

/// Every key of schema version 1, in canonical order. `v` and `preset` are read first and have no
/// setter here.
pub const SCHEMA: &[KeySpec] = &[
    KeySpec {
        key: "v",
        kind: "integer",
        range: "1",
        help: "schema version",
        apply: |_, _| Ok(()),
        show: |_| Some(VERSION.to_string()),
    },
    KeySpec {
        key: "preset",
        kind: "name",
        range: "paper, prop1, unlucky, small-lr, large-lr, more-samples, lemma2-3d",
        help: "a named starting point; the other keys override it",
        apply: |_, _| Ok(()),
        show: |p| Some(p.preset.name.to_string()),
    },
    KeySpec {
        key: "beta",
        kind: "list of numbers",
        range: "1 to 8 values in [-1000, 1000]; the count is the dimension d",
        help: "the ground truth beta*",
        apply: |p, v| {
            let beta = parse_list(v, MAX_D, |s| parse_number(s, -MAX_BETA, MAX_BETA))?;
            p.beta = beta;
            Ok(())
        },
        show: |p| Some(join(&p.beta)),
    },
    KeySpec {
        key: "x",
        kind: "list of integers",
        range: "1 to 1000 basis indices, each in 1..d",
        help: "the training inputs: x=1,1,2 means e1, e1, e2",
        apply: |p, v| {
            let d = p.beta.len();
            let x = parse_list(v, MAX_N, |s| {
                let i = parse_int(s, 1, d as u64)
                    .map_err(|e| format!("{e} (d = {d}, the length of beta)"))?;
                Ok(i as usize - 1)
            })?;
            p.samples = SampleSpec::Explicit(x);
            Ok(())
        },
        show: |p| match &p.samples {
            SampleSpec::Explicit(x) => Some(join(x.iter().map(|i| i + 1))),
            SampleSpec::Random { .. } => None,
        },
    },
    KeySpec {
        key: "n",
        kind: "integer",
        range: "1 to 1000",
        help: "how many samples to draw at random (when x is absent)",
        apply: |p, v| {
            let n = parse_int(v, 1, MAX_N as u64)? as usize;
            p.samples = SampleSpec::Random { n };
            Ok(())
        },
        show: |p| match &p.samples {
            SampleSpec::Random { n } => Some(n.to_string()),
            SampleSpec::Explicit(_) => None,
        },
    },
    KeySpec {
        key: "seed",
        kind: "integer",
        range: "0 to 9007199254740991",
        help: "seed of the random draws (samples when x is absent, label noise, Monte Carlo)",
        apply: |p, v| {
            p.seed = parse_int(v, 0, MAX_SEED)?;
            Ok(())
        },
        show: |p| Some(p.seed.to_string()),
    },
    KeySpec {
        key: "eps",
        kind: "number",
        range: "1e-12 to 1e6",
        help: "the early-stopping train loss",
        apply: |p, v| {
            p.eps = parse_number(v, EPS_RANGE.0, EPS_RANGE.1)?;
            Ok(())
        },
        show: |p| Some(p.eps.to_string()),
    },
    KeySpec {
        key: "lr",
        kind: "number or auto",
        range: "1e-9 to 1000, or auto (= 1/gamma_max)",
        help: "the large learning rate of the first stage",
        apply: |p, v| {
            p.lr = if v.trim() == "auto" {
                Lr::Auto
            } else {
                Lr::Fixed(parse_number(v, LR_RANGE.0, LR_RANGE.1)?)
            };
            Ok(())
        },
        show: |p| Some(show_lr(p.lr)),
    },
    KeySpec {
        key: "k",
        kind: "integer",
        range: "0 to 1000",
        help: "number of large-step gradient-descent iterations K",
        apply: |p, v| {
            p.k = parse_int(v, 0, MAX_K as u64)? as usize;
            Ok(())
        },
        show: |p| Some(p.k.to_string()),
    },
    KeySpec {
        key: "noise",
        kind: "number",
        range: "0 to 1000",
        help: "standard deviation of Gaussian label noise",
        apply: |p, v| {
            p.noise = parse_number(v, NOISE_RANGE.0, NOISE_RANGE.1)?;
            Ok(())
        },
        show: |p| Some(p.noise.to_string()),
    },
    KeySpec {
        key: "trials",
        kind: "integer",
        range: "1 to 10000000",
        help: "number of Monte Carlo draws",
        apply: |p, v| {
            p.trials = parse_int(v, 1, MAX_TRIALS)?;
            Ok(())
        },
        show: |p| Some(p.trials.to_string()),
    },
    KeySpec {
        key: "flow_lr",
        kind: "number",
        range: "0 (exact gradient flow) or 1e-4 to 10",
        help: "besides the exact flow, run gradient descent with this small step in its place",
        apply: |p, v| {
            let h = parse_number(v, 0.0, FLOW_LR_MAX)?;
            if h != 0.0 && h < FLOW_LR_MIN {
                return Err(format!("must be 0 or at least {FLOW_LR_MIN}"));
            }
            p.flow_lr = h;
            Ok(())
        },
        show: |p| Some(p.flow_lr.to_string()),
    },
    KeySpec {
        key: "gamma",
        kind: "list of numbers",
        range: "d values in (0, 1000] (d = the length of beta)",
        help: "Lemma 2 explorer: the empirical spectrum gamma_j, given directly instead of samples",
        apply: |p, v| {
            let d = p.beta.len();
            let gamma = parse_list(v, MAX_D, |s| parse_positive(s, SPECTRUM_MAX))?;
            if gamma.len() != d {
                return Err(format!("needs d = {d} values (the length of beta)"));
            }
            let lambda = match &p.spectrum {
                Some((_, l)) if l.len() == d => l.clone(),
                _ => vec![1.0 / d as f64; d],
            };
            p.spectrum = Some((gamma, lambda));
            Ok(())
        },
        show: |p| p.spectrum.as_ref().map(|(g, _)| join(g)),
    },
    KeySpec {
        key: "lambda",
        kind: "list of numbers",
        range: "d values in (0, 1000], with gamma",
        help: "Lemma 2 explorer: the population spectrum lambda_j (default 1/d each)",
        apply: |p, v| {
            let d = p.beta.len();
            let lambda = parse_list(v, MAX_D, |s| parse_positive(s, SPECTRUM_MAX))?;
            if lambda.len() != d {
                return Err(format!("needs d = {d} values (the length of beta)"));
            }
            match &mut p.spectrum {
                Some((_, l)) => *l = lambda,
                None => return Err("needs gamma (the spectra replace the samples)".into()),
            }
            Ok(())
        },
        show: |p| p.spectrum.as_ref().map(|(_, l)| join(l)),
    },
    KeySpec {
        key: "small",
        kind: "list of integers",
        range: "distinct coordinates in 1..d",
        help: "Lemma 2's small block S (default: every split of the spectrum)",
        apply: |p, v| {
            let d = p.beta.len();
            let mut small: Vec<usize> = Vec::new();
            for s in v.split(',') {
                let j = parse_int(s, 1, d as u64)? as usize;
                if small.contains(&j) {
                    return Err(format!("{j} is listed twice"));
                }
                small.push(j);
            }
            crate::order::sort_usize(&mut small);
            p.small = Some(small);
            Ok(())
        },
        show: |p| p.small.as_ref().map(join),
    },
    KeySpec {
        key: "plane",
        kind: "two integers",
        range: "two distinct coordinates in 1..max(d, 2)",
        help: "the two coordinates the figures show",
        apply: |p, v| {
            let top = p.beta.len().max(2) as u64;
            let ij = parse_list(v, 2, |s| parse_int(s, 1, top))?;
            match ij[..] {
                [i, j] if i != j => p.plane = (i as usize - 1, j as usize - 1),
                _ => return Err("needs two different coordinates".into()),
            }
            Ok(())
        },
        show: |p| Some(format!("{},{}", p.plane.0 + 1, p.plane.1 + 1)),
    },
    KeySpec {
        key: "embed",
        kind: "0 or 1",
        range: "0, 1",
        help: "1: only the parts in show=, without the page around them (for iframes)",
        apply: |p, v| {
            p.embed = match v.trim() {
                "1" => true,
                "0" => false,
                _ => return Err("must be 0 or 1".into()),
            };
            Ok(())
        },
        show: |p| Some(if p.embed { "1" } else { "0" }.into()),
    },
    KeySpec {
        key: "show",
        kind: "list of names",
        range: "a, b, c, loss, table (each at most once)",
        help: "the parts an embed shows",
        apply: |p, v| {
            let mut parts: Vec<&'static str> = Vec::new();
            for name in v.split(',').map(str::trim) {
                let part = one_of(name, &PARTS)?;
                if parts.contains(&part) {
                    return Err(format!("'{part}' is listed twice"));
                }
                parts.push(part);
            }
            p.show = parts;
            Ok(())
        },
        show: |p| Some(p.show.join(",")),
    },
    KeySpec {
        key: "controls",
        kind: "name",
        range: "none, minimal, all",
        help: "the controls an embed shows",
        apply: |p, v| {
            p.controls = one_of(v.trim(), &CONTROLS)?;
            Ok(())
        },
        show: |p| Some(p.controls.into()),
    },
    KeySpec {
        key: "theme",
        kind: "name",
        range: "auto, light, dark",
        help: "colour theme (auto follows the reader's system)",
        apply: |p, v| {
            p.theme = one_of(v.trim(), &THEMES)?;
            Ok(())
        },
        show: |p| Some(p.theme.into()),
    },
];

/// The entry of `names` equal to `value`.
fn one_of(value: &str, names: &[&'static str]) -> Result<&'static str, String> {
    names
        .iter()
        .find(|n| **n == value)
        .copied()
        .ok_or_else(|| format!("'{}' is not one of {}", clip(value), names.join(", ")))
}

fn show_lr(lr: Lr) -> String {
    match lr {
        Lr::Auto => "auto".to_string(),
        Lr::Fixed(v) => v.to_string(),
    }
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_number(s: &str, min: f64, max: f64) -> Result<f64, String> {
    let t = s.trim();
    let v: f64 = t
        .parse()
        .map_err(|_| format!("'{}' is not a number", clip(t)))?;
    if !v.is_finite() {
        return Err("must be a finite number".into());
    }
    if v < min || v > max {
        return Err(format!("must be between {min} and {max}"));
    }
    Ok(v)
}

fn parse_positive(s: &str, max: f64) -> Result<f64, String> {
    let v = parse_number(s, 0.0, max)?;
    if v <= 0.0 {
        return Err("must be positive".into());
    }
    Ok(v)
}

fn parse_int(s: &str, min: u64, max: u64) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{}' is not a whole number", clip(t)));
    }
    match t.parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("must be a whole number from {min} to {max}")),
    }
}

fn parse_list<T>(
    s: &str,
    max_len: usize,
    item: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let parts: Vec<&str> = s.split(',').collect();
    if parts.len() > max_len {
        return Err(format!("at most {max_len} values"));
    }
    if s.trim().is_empty() {
        return Err("needs at least one value".into());
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| item(part).map_err(|e| format!("entry {}: {e}", i + 1)))
        .collect()
}

/// At most 40 characters of a user string, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn spec(key: &str) -> Option<&'static KeySpec> {
    SCHEMA.iter().find(|s| s.key == key)
}

/// Finds a preset by name.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

impl Preset {
    /// The preset's parameters.
    pub fn params(&'static self) -> Params {
        let mut p = Params {
            preset: self,
            beta: vec![1.0, 1.0],
            samples: SampleSpec::Explicit(vec![0, 0, 1]),
            seed: 1,
            eps: 0.01,
            lr: Lr::Fixed(1.5),
            k: 4,
            noise: 0.0,
            trials: 10_000,
            flow_lr: 0.0,
            spectrum: None,
            small: None,
            plane: (0, 1),
            embed: false,
            show: PARTS.to_vec(),
            controls: CONTROLS[0],
            theme: THEMES[0],
        };
        // Presets are written in the schema's language; a test checks they parse without warnings.
        for (key, value) in form_urlencoded::parse(self.query.as_bytes()) {
            if let Some(s) = spec(&key) {
                let _ = (s.apply)(&mut p, &value);
            }
        }
        p
    }
}

impl Default for Params {
    fn default() -> Params {
        PRESETS[0].params()
    }
}

/// The result of reading a query string.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The parameters it could use.
    pub params: Params,
    /// What it rejected.
    pub warnings: Vec<Warning>,
}

impl Params {
    /// Reads a query string (`a=1&b=2`, with or without a leading `?`; a fragment is ignored).
    /// Never fails: rejected values become warnings and fall back to the preset's value.
    pub fn from_query(query: &str) -> Parsed {
        let query = query.trim();
        let query = query.split('#').next().unwrap_or("");
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut warnings = Vec::new();
        let mut given: BTreeMap<String, String> = BTreeMap::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let (key, value) = (key.trim().to_string(), value.into_owned());
            if key.is_empty() && value.is_empty() {
                continue;
            }
            if spec(&key).is_none() {
                warnings.push(Warning {
                    key: clip(&key),
                    value: clip(&value),
                    reason: "unknown key".into(),
                    fallback: String::new(),
                });
                continue;
            }
            if let Some(old) = given.insert(key.clone(), value.clone()) {
                warnings.push(Warning {
                    key: key.clone(),
                    value: clip(&old),
                    reason: "given more than once; the last value is used".into(),
                    fallback: clip(&value),
                });
            }
        }
        if let Some(v) = given.get("v") {
            if v.trim() != VERSION {
                warnings.push(Warning {
                    key: "v".into(),
                    value: clip(v),
                    reason: format!(
                        "unsupported schema version (this page reads version {VERSION})"
                    ),
                    fallback: VERSION.into(),
                });
            }
        }
        let base = match given.get("preset") {
            None => &PRESETS[0],
            Some(name) => preset(name.trim()).unwrap_or_else(|| {
                warnings.push(Warning {
                    key: "preset".into(),
                    value: clip(name),
                    reason: "no such preset".into(),
                    fallback: PRESETS[0].name.into(),
                });
                &PRESETS[0]
            }),
        };
        let mut params = base.params();
        for s in SCHEMA.iter().skip(2) {
            let Some(value) = given.get(s.key) else {
                continue;
            };
            if s.key == "n" && given.contains_key("x") {
                warnings.push(Warning {
                    key: "n".into(),
                    value: clip(value),
                    reason: "ignored because x gives the samples".into(),
                    fallback: String::new(),
                });
                continue;
            }
            if let Err(reason) = (s.apply)(&mut params, value) {
                warnings.push(Warning {
                    key: s.key.into(),
                    value: clip(value),
                    reason,
                    fallback: (s.show)(&params).unwrap_or_default(),
                });
            }
        }
        // Keys whose meaning depends on d, checked against the final d (`beta` may change it
        // after a preset set them, or a preset's values may not fit).
        let d = params.beta.len();
        let mut misfit = |key: &str, params: &Params, reason: String, fallback: &str| {
            warnings.push(Warning {
                key: key.into(),
                value: spec(key).and_then(|s| (s.show)(params)).unwrap_or_default(),
                reason,
                fallback: fallback.into(),
            })
        };
        if params
            .spectrum
            .as_ref()
            .is_some_and(|(g, l)| g.len() != d || l.len() != d)
        {
            misfit(
                "gamma",
                &params,
                format!("needs d = {d} values"),
                "the samples",
            );
            params.spectrum = None;
        }
        if params
            .small
            .as_ref()
            .is_some_and(|s| s.iter().any(|&j| j > d))
        {
            misfit(
                "small",
                &params,
                format!("a coordinate exceeds d = {d}"),
                "every split",
            );
            params.small = None;
        }
        if params.plane.0.max(params.plane.1) >= d.max(2) {
            misfit(
                "plane",
                &params,
                format!("a coordinate exceeds d = {d}"),
                "1,2",
            );
            params.plane = (0, 1);
        }
        if let SampleSpec::Explicit(x) = &params.samples {
            if x.iter().any(|&i| i >= d) {
                let n = x.len();
                warnings.push(Warning {
                    key: "x".into(),
                    value: (SCHEMA[3].show)(&params).unwrap_or_default(),
                    reason: format!("an index exceeds d = {d}, the length of beta"),
                    fallback: format!("n={n} drawn at random"),
                });
                params.samples = SampleSpec::Random { n };
            }
        }
        Parsed { params, warnings }
    }

    /// Sets one key through the schema (what a control on the page does). On a rejected value the
    /// params are unchanged and the warning says why. Changing the length of `beta` drops the
    /// samples, spectra, block and plane coordinates that no longer fit.
    pub fn with(&self, key: &str, value: &str) -> Result<Params, Warning> {
        let mut base = self.clone();
        if key == "beta" {
            // A smaller d drops the samples on removed coordinates (all of them gone: draw n).
            let d = value.split(',').count();
            if let SampleSpec::Explicit(x) = &self.samples {
                let kept: Vec<usize> = x.iter().copied().filter(|&i| i < d).collect();
                base.samples = if kept.is_empty() {
                    SampleSpec::Random { n: x.len() }
                } else {
                    SampleSpec::Explicit(kept)
                };
            }
            // Given spectra of another length go (back to the samples); S and the plane keep
            // only what still exists.
            if base.spectrum.as_ref().is_some_and(|(g, _)| g.len() != d) {
                base.spectrum = None;
            }
            if let Some(small) = &base.small {
                let kept: Vec<usize> = small.iter().copied().filter(|&j| j <= d).collect();
                base.small = (!kept.is_empty()).then_some(kept);
            }
            if base.plane.0.max(base.plane.1) >= d.max(2) {
                base.plane = (0, 1);
            }
        }
        let mut query = base.query();
        match key {
            "x" => query = strip_key(&query, "n"),
            "n" => query = strip_key(&query, "x"),
            _ => {}
        }
        query = strip_key(&query, key);
        let extra: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(key, value)
            .finish();
        let parsed = Params::from_query(&format!("{query}&{extra}"));
        match parsed.warnings.into_iter().next() {
            Some(w) => Err(w),
            None => Ok(parsed.params),
        }
    }

    /// These params with `keys` reset to the preset's values (how a control removes a key that
    /// has no "unset" value, e.g. `gamma` and `lambda` to go back to the samples). Unknown keys
    /// and `v`/`preset` are ignored.
    pub fn without(&self, keys: &[&str]) -> Params {
        let mut query = self.query();
        for key in keys.iter().filter(|k| !matches!(**k, "v" | "preset")) {
            query = strip_key(&query, key.trim());
        }
        Params::from_query(&query).params
    }

    /// The canonical query string: `v`, `preset`, then, in schema order, only the keys whose
    /// values differ from the preset's. Parsing it gives back exactly these params.
    pub fn query(&self) -> String {
        let base = self.preset.params();
        let mut parts = vec![
            format!("v={VERSION}"),
            format!("preset={}", self.preset.name),
        ];
        for s in SCHEMA.iter().skip(2) {
            let mine = (s.show)(self);
            let differs = match s.key {
                "x" | "n" => self.samples != base.samples,
                _ => mine != (s.show)(&base),
            };
            if let (true, Some(value)) = (differs, mine) {
                parts.push(format!("{}={value}", s.key));
            }
        }
        parts.join("&")
    }

    /// The preset these params start from.
    pub fn preset(&self) -> &'static Preset {
        self.preset
    }
    /// beta*; its length is d.
    pub fn beta(&self) -> &[f64] {
        &self.beta
    }
    /// The dimension d.
    pub fn d(&self) -> usize {
        self.beta.len()
    }
    /// Where the samples come from.
    pub fn samples(&self) -> &SampleSpec {
        &self.samples
    }
    /// The number of samples.
    pub fn n(&self) -> usize {
        match &self.samples {
            SampleSpec::Explicit(x) => x.len(),
            SampleSpec::Random { n } => *n,
        }
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Early-stopping train loss.
    pub fn eps(&self) -> f64 {
        self.eps
    }
    /// The large learning rate.
    pub fn lr(&self) -> Lr {
        self.lr
    }
    /// Large-step iterations.
    pub fn k(&self) -> usize {
        self.k
    }
    /// Label noise std.
    pub fn noise(&self) -> f64 {
        self.noise
    }
    /// Monte Carlo draws.
    pub fn trials(&self) -> u64 {
        self.trials
    }
    /// The step of the gradient descent run in place of the flow for comparison (0: none).
    pub fn flow_lr(&self) -> f64 {
        self.flow_lr
    }
    /// The spectra `(gamma, lambda)` given directly (Lemma 2 explorer), replacing the samples.
    pub fn spectrum(&self) -> Option<(&[f64], &[f64])> {
        self.spectrum.as_ref().map(|(g, l)| (&g[..], &l[..]))
    }
    /// Lemma 2's small block S (1-based, sorted), when chosen.
    pub fn small(&self) -> Option<&[usize]> {
        self.small.as_deref()
    }
    /// The two coordinates (0-based) the figures show.
    pub fn plane(&self) -> (usize, usize) {
        self.plane
    }
    /// Whether the page is embedded (only the parts in `show`).
    pub fn embed(&self) -> bool {
        self.embed
    }
    /// The parts an embed shows.
    pub fn show(&self) -> &[&'static str] {
        &self.show
    }
    /// The controls an embed shows: `none`, `minimal` or `all`.
    pub fn controls(&self) -> &'static str {
        self.controls
    }
    /// The colour theme: `auto`, `light` or `dark`.
    pub fn theme(&self) -> &'static str {
        self.theme
    }

    /// The canonical values as the JSON outputs hold them (with `query`).
    pub fn to_json(&self) -> ParamsJson {
        let (x, n) = match &self.samples {
            SampleSpec::Explicit(x) => (Some(x.iter().map(|i| i + 1).collect()), None),
            SampleSpec::Random { n } => (None, Some(*n)),
        };
        let (gamma, lambda) = match &self.spectrum {
            Some((g, l)) => (Some(g.clone()), Some(l.clone())),
            None => (None, None),
        };
        ParamsJson {
            beta: self.beta.clone(),
            controls: self.controls,
            d: self.d(),
            embed: self.embed,
            eps: self.eps,
            flow_lr: self.flow_lr,
            gamma,
            k: self.k,
            lambda,
            lr: self.lr,
            n,
            noise: self.noise,
            plane: [self.plane.0 + 1, self.plane.1 + 1],
            preset: self.preset.name,
            query: self.query(),
            seed: self.seed,
            show: self.show.clone(),
            small: self.small.clone(),
            theme: self.theme,
            trials: self.trials,
            x,
        }
    }
}

/// The canonical values of a query as JSON shows them (`params` in `lr-anneal run` and in the
/// page's `parse`). Fields are in alphabetical order, the order the JSON has always had; the
/// wasm module serializes this without building a `serde_json::Value`, which keeps it smaller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamsJson {
    /// `beta*`.
    pub beta: Vec<f64>,
    /// The controls an embed shows.
    pub controls: &'static str,
    /// The dimension (the length of `beta*`).
    pub d: usize,
    /// Whether this is an embed.
    pub embed: bool,
    /// The stopping train loss.
    pub eps: f64,
    /// The small step replacing the flow (0: the exact flow).
    pub flow_lr: f64,
    /// Given train spectrum, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma: Option<Vec<f64>>,
    /// The number of large steps.
    pub k: usize,
    /// Given test spectrum, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<Vec<f64>>,
    /// The large learning rate (`"auto"` or a number).
    pub lr: Lr,
    /// Random samples: how many (absent with given samples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
    /// Label noise.
    pub noise: f64,
    /// The plotted coordinates, 1-based.
    pub plane: [usize; 2],
    /// The preset.
    pub preset: &'static str,
    /// The canonical query string.
    pub query: String,
    /// The seed of random draws.
    pub seed: u64,
    /// The parts an embed shows.
    pub show: Vec<&'static str>,
    /// The chosen small block `S`, 1-based (`null`: every split).
    pub small: Option<Vec<usize>>,
    /// The colour theme.
    pub theme: &'static str,
    /// Monte Carlo draws.
    pub trials: u64,
    /// Given samples: each sample's coordinate, 1-based (absent with random samples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<Vec<usize>>,
}

/// Removes every `key=...` pair from a canonical query string.
fn strip_key(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(key))
        .collect::<Vec<_>>()
        .join("&")
}

/// The schema and presets, for the page's controls and the docs (`lr-anneal schema`). Fields
/// here and below are in alphabetical order, the order the JSON has always had.
#[derive(Debug, Serialize)]
pub struct Schema {
    /// The control sets an embed can show.
    pub controls: [&'static str; 3],
    /// Every key, in canonical order.
    pub keys: Vec<SchemaKey>,
    /// The bounds of the values.
    pub limits: Limits,
    /// The parts an embed can show.
    pub parts: [&'static str; 5],
    /// The presets.
    pub presets: Vec<SchemaPreset>,
    /// The colour themes.
    pub themes: [&'static str; 3],
    /// The schema version (`v=`).
    pub version: &'static str,
}

/// One key of [`Schema`].
#[derive(Debug, Serialize)]
pub struct SchemaKey {
    /// What it means.
    pub help: &'static str,
    /// The key.
    pub key: &'static str,
    /// Its type, for people.
    pub kind: &'static str,
    /// Its accepted values, for people.
    pub range: &'static str,
}

/// The bounds in [`Schema`].
#[derive(Debug, Serialize)]
pub struct Limits {
    /// Range of `eps`.
    pub eps: [f64; 2],
    /// Range of a numeric `lr`.
    pub lr: [f64; 2],
    /// Bound on `|beta*_j|`.
    pub max_beta: f64,
    /// Largest dimension.
    pub max_d: usize,
    /// Largest `k`.
    pub max_k: usize,
    /// Largest number of samples.
    pub max_n: usize,
    /// Largest seed.
    pub max_seed: u64,
    /// Largest number of Monte Carlo draws.
    pub max_trials: u64,
    /// Range of `noise`.
    pub noise: [f64; 2],
}

/// One preset of [`Schema`].
#[derive(Debug, Serialize)]
pub struct SchemaPreset {
    /// One line: what it is.
    pub description: &'static str,
    /// One line: what to look at.
    pub look_for: &'static str,
    /// Its name in URLs.
    pub name: &'static str,
    /// Its canonical query.
    pub query: String,
}

/// The schema and presets.
pub fn schema_json() -> Schema {
    Schema {
        controls: CONTROLS,
        keys: SCHEMA
            .iter()
            .map(|s| SchemaKey {
                help: s.help,
                key: s.key,
                kind: s.kind,
                range: s.range,
            })
            .collect(),
        limits: Limits {
            eps: [EPS_RANGE.0, EPS_RANGE.1],
            lr: [LR_RANGE.0, LR_RANGE.1],
            max_beta: MAX_BETA,
            max_d: MAX_D,
            max_k: MAX_K,
            max_n: MAX_N,
            max_seed: MAX_SEED,
            max_trials: MAX_TRIALS,
            noise: [NOISE_RANGE.0, NOISE_RANGE.1],
        },
        parts: PARTS,
        presets: PRESETS
            .iter()
            .map(|p| SchemaPreset {
                description: p.description,
                look_for: p.look_for,
                name: p.name,
                query: p.params().query(),
            })
            .collect(),
        themes: THEMES,
        version: VERSION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_resets_keys_to_the_preset() {
        let q = "beta=1,1,1&gamma=1,0.5,0.25&lambda=0.2,0.3,0.5&small=3&plane=1,3&k=10";
        let parsed = Params::from_query(q);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let p = parsed
            .params
            .without(&["gamma", "lambda", "v", "preset", "nope"]);
        assert_eq!(p.spectrum(), None);
        assert_eq!(p.small(), Some(&[3][..]));
        assert_eq!(p.plane(), (0, 2));
        assert_eq!(p.k(), 10);
        assert_eq!(
            p.query(),
            "v=1&preset=paper&beta=1,1,1&k=10&small=3&plane=1,3"
        );
        // Nothing to drop: the same params.
        assert_eq!(p.without(&["gamma"]), p);
    }

    #[test]
    fn shrinking_beta_drops_samples_on_removed_coordinates() {
        let p = Params::default().with("beta", "2").unwrap();
        assert_eq!(p.samples(), &SampleSpec::Explicit(vec![0, 0]));
        let p = Params::from_query("x=2,2")
            .params
            .with("beta", "1")
            .unwrap();
        assert_eq!(p.samples(), &SampleSpec::Random { n: 2 });
    }
}
