//! Reading a query string into [`Params`] (never failing: [`Parsed`] holds the warnings), setting
//! and resetting one key ([`Params::with`], [`Params::without`]), and writing the canonical query
//! ([`Params::query`]) and what it says about the preset ([`Params::modified`]).

use std::collections::BTreeMap;

use super::error::{ParamError, Warning};
use super::keys::{spec, KeySpec, Role, CONTROLS, LR_END_DEFAULT, PARTS, SCHEMA, THEMES, VERSION};
use super::presets::{preset, Preset, PRESETS};
use super::value::clip;
use super::{Params, SampleSpec};
use crate::dynamics::{GdStop, Lr, Schedule};
use crate::model::Inputs;

/// One warning per key given more than once: its count, its earlier values (each once) and the
/// value used in the end; when the last value was rejected, this warning takes the place of the
/// rejection's (so a link never reads as "using" a value it then rejects).
fn repeated(
    repeats: &BTreeMap<&'static str, Vec<String>>,
    params: &Params,
    warnings: &mut Vec<Warning>,
) {
    for (key, values) in repeats {
        let Some((last, earlier)) = values.split_last() else {
            continue;
        };
        if earlier.is_empty() {
            continue;
        }
        let mut distinct: Vec<&str> = Vec::new();
        for v in earlier {
            if !distinct.contains(&v.as_str()) {
                distinct.push(v);
            }
        }
        let rejection = warnings
            .iter()
            .position(|w| w.key == *key && w.value == clip(last));
        let error = ParamError::GivenTwice {
            key,
            value: clip(&distinct.join(", ")),
            last: clip(last),
            count: values.len(),
            rejected: rejection.map(|i| warnings[i].reason.clone()),
        };
        let used = spec(key).and_then(|s| s.value(params)).unwrap_or_default();
        match rejection {
            Some(i) => warnings[i] = Warning::new(error, used),
            None => warnings.push(Warning::new(error, used)),
        }
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
        let mut given: BTreeMap<&'static str, String> = BTreeMap::new();
        let mut repeats: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let (key, value) = (key.trim(), value.into_owned());
            if key.is_empty() && value.is_empty() {
                continue;
            }
            let Some(s) = spec(key) else {
                let error = ParamError::UnknownKey {
                    key: clip(key),
                    value: clip(&value),
                };
                warnings.push(Warning::new(error, ""));
                continue;
            };
            given.insert(s.key, value.clone());
            let seen = repeats.entry(s.key).or_default();
            seen.push(value);
        }
        if let Some(v) = given.get("v") {
            if v.trim() != VERSION {
                let error = ParamError::UnsupportedVersion { value: clip(v) };
                warnings.push(Warning::new(error, VERSION));
            }
        }
        let base = match given.get("preset") {
            None => &PRESETS[0],
            Some(name) => preset(name.trim()).unwrap_or_else(|| {
                let error = ParamError::UnknownPreset { value: clip(name) };
                warnings.push(Warning::new(error, PRESETS[0].name));
                &PRESETS[0]
            }),
        };
        let preset_params = base.params();
        let mut params = preset_params.clone();
        for s in SCHEMA.iter().filter(|s| s.role != Role::Header) {
            let Some(value) = given.get(s.key) else {
                continue;
            };
            if s.key == "n" && given.contains_key("x") {
                let error = ParamError::IgnoredWithX { value: clip(value) };
                warnings.push(Warning::new(error, ""));
                continue;
            }
            if let Err(error) = s.set(&mut params, value) {
                let fallback = s.value(&params).unwrap_or_default();
                warnings.push(Warning::new(error, fallback));
            }
        }
        repeated(&repeats, &params, &mut warnings);
        params.fit_d(&mut warnings);
        params.fit_samples(&given, &mut warnings);
        // A constant rate ignores lr_end, basis inputs ignore cov (the canonical query leaves
        // them out): keep the preset's, so that a query and its canonical form parse alike.
        if params.schedule == Schedule::Constant {
            params.lr_end = preset_params.lr_end;
        }
        if params.inputs == Inputs::Basis {
            params.cov = preset_params.cov;
        }
        Parsed { params, warnings }
    }

    /// Checks the keys that need samples of a kind: Gaussian inputs are drawn (an `x` is
    /// dropped, keeping its count), given spectra have no samples to draw inputs or mini-batches
    /// from, and a mini-batch holds at most the n samples.
    fn fit_samples(&mut self, given: &BTreeMap<&'static str, String>, warnings: &mut Vec<Warning>) {
        let conflict = |key: &'static str, params: &Params, reason: String| ParamError::Conflicts {
            key,
            value: spec(key).and_then(|s| s.value(params)).unwrap_or_default(),
            reason,
        };
        // Variances of another length: a preset's, when beta changed d, become 1/d each
        // (written out, so that the canonical query says so); a given list is a warning.
        let d = self.beta.len();
        if self.cov.as_ref().is_some_and(|c| c.len() != d) {
            // (once: a given list rejected when read has its warning already)
            if given.contains_key("cov") && !warnings.iter().any(|w| w.key == "cov") {
                let error = ParamError::WrongLength {
                    key: "cov",
                    value: spec("cov").and_then(|s| s.value(self)).unwrap_or_default(),
                    d,
                };
                warnings.push(Warning::new(error, "1/d each"));
            }
            self.cov = Some(vec![1.0 / d as f64; d]);
        }
        if self.spectrum.is_some() {
            if self.inputs != Inputs::Basis {
                let reason = "ignored: gamma gives the spectrum instead of samples".to_string();
                warnings.push(Warning::new(conflict("inputs", self, reason), "basis"));
                self.inputs = Inputs::Basis;
            }
            if self.batch != 0 {
                let reason = "needs samples, and gamma gives the spectrum instead".to_string();
                warnings.push(Warning::new(conflict("batch", self, reason), "0"));
                self.batch = 0;
            }
        }
        if self.inputs == Inputs::Gaussian {
            if let SampleSpec::Explicit(x) = &self.samples {
                let n = x.len();
                if given.contains_key("x") {
                    let reason =
                        "x names basis vectors, and inputs=gaussian draws them".to_string();
                    let fallback = format!("n={n} drawn from N(0, diag(cov))");
                    warnings.push(Warning::new(conflict("x", self, reason), fallback));
                }
                self.samples = SampleSpec::Random { n };
            }
        }
        let n = self.n();
        if self.batch > n {
            let reason = format!("a mini-batch holds at most the n = {n} samples");
            warnings.push(Warning::new(
                conflict("batch", self, reason),
                "0 (the full batch)",
            ));
            self.batch = 0;
        }
    }

    /// Checks the keys whose meaning depends on d against the final d (`beta` may change it after
    /// a preset set them, or a preset's values may not fit), dropping what does not fit with a
    /// warning.
    fn fit_d(&mut self, warnings: &mut Vec<Warning>) {
        let d = self.beta.len();
        let beyond = |key: &'static str, params: &Params| ParamError::BeyondD {
            key,
            value: spec(key).and_then(|s| s.value(params)).unwrap_or_default(),
            d,
        };
        if self
            .spectrum
            .as_ref()
            .is_some_and(|(g, l)| g.len() != d || l.len() != d)
        {
            let error = ParamError::WrongLength {
                key: "gamma",
                value: spec("gamma")
                    .and_then(|s| s.value(self))
                    .unwrap_or_default(),
                d,
            };
            warnings.push(Warning::new(error, "the samples"));
            self.spectrum = None;
        }
        if self
            .small
            .as_ref()
            .is_some_and(|s| s.iter().any(|&j| j > d))
        {
            warnings.push(Warning::new(beyond("small", self), "every split"));
            self.small = None;
        }
        if self.plane.0.max(self.plane.1) >= d.max(2) {
            warnings.push(Warning::new(beyond("plane", self), "1,2"));
            self.plane = (0, 1);
        }
        if let SampleSpec::Explicit(x) = &self.samples {
            if x.iter().any(|&i| i >= d) {
                let n = x.len();
                let fallback = format!("n={n} drawn at random");
                warnings.push(Warning::new(beyond("x", self), fallback));
                self.samples = SampleSpec::Random { n };
            }
        }
    }

    /// Sets one key through the schema (what a control on the page does). On a rejected value the
    /// params are unchanged and the error says why (the first rejection, when setting the key
    /// makes another one misfit).
    ///
    /// Changing the length of `beta` (the dimension d) keeps the rest of the state where it
    /// still fits, by one rule:
    /// - explicit samples `x` on coordinates beyond the new d are dropped, the others kept in
    ///   order; if none would be left, every sample moves to e1 (so `x` stays explicit and keeps
    ///   its count n). Adding coordinates leaves `x` as it is; random samples keep their `n`;
    /// - given spectra (`gamma`, `lambda`) of another length are dropped (back to the samples);
    /// - the block `small` keeps its coordinates up to d (none left: every split);
    /// - a `plane` beyond `max(d, 2)` goes back to `1,2`.
    ///
    /// Setting `n` or `x` to fewer samples than the mini-batch `batch` holds shrinks the batch to
    /// all of them; setting `inputs=gaussian` turns given basis samples into as many drawn ones,
    /// setting `x` (basis vectors) makes the inputs `basis`, and setting `gamma` (spectra in place
    /// of samples) makes them `basis` with full-batch steps.
    pub fn with(&self, key: &str, value: &str) -> Result<Params, ParamError> {
        let mut base = self.clone();
        if key == "beta" {
            base.refit_d(value.split(',').count());
        }
        // Fewer samples than the mini-batch holds: the batch shrinks to all of them.
        let new_n = match key {
            "n" => value.trim().parse::<usize>().ok(),
            "x" => Some(value.split(',').count()),
            _ => None,
        };
        if let Some(n) = new_n.filter(|&n| n >= 1 && n < base.batch) {
            base.batch = n;
        }
        // Back to basis inputs with as many drawn ones as the preset picks: its picks again.
        if let ("inputs", SampleSpec::Random { n }) = (key, &base.samples) {
            let preset = base.preset.params();
            match preset.samples {
                SampleSpec::Explicit(x)
                    if value.trim() == Inputs::Basis.name() && x.len() == *n =>
                {
                    base.samples = SampleSpec::Explicit(x);
                }
                _ => {}
            }
        }
        // Basis vectors picked by x make the inputs basis vectors; spectra given by gamma replace
        // the samples, so no inputs are drawn and no mini-batch either.
        if key == "x" || key == "gamma" {
            base.inputs = Inputs::Basis;
        }
        if key == "gamma" {
            base.batch = 0;
        }
        // Gaussian inputs are drawn: given basis samples keep only their count.
        if let ("inputs", SampleSpec::Explicit(x)) = (key, &base.samples) {
            if value.trim() == Inputs::Gaussian.name() {
                base.samples = SampleSpec::Random { n: x.len() };
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
            Some(w) => Err(w.error),
            None => Ok(parsed.params),
        }
    }

    /// Fits the samples, spectra, block and plane to a new dimension `d` (the rule documented on
    /// [`Params::with`]).
    fn refit_d(&mut self, d: usize) {
        if let SampleSpec::Explicit(x) = &self.samples {
            let kept: Vec<usize> = x.iter().copied().filter(|&i| i < d).collect();
            self.samples = if kept.is_empty() {
                SampleSpec::Explicit(vec![0; x.len()])
            } else {
                SampleSpec::Explicit(kept)
            };
        }
        if self.spectrum.as_ref().is_some_and(|(g, _)| g.len() != d) {
            self.spectrum = None;
        }
        if self.cov.as_ref().is_some_and(|c| c.len() != d) {
            self.cov = Some(vec![1.0 / d as f64; d]);
        }
        if let Some(small) = &self.small {
            let kept: Vec<usize> = small.iter().copied().filter(|&j| j <= d).collect();
            self.small = (!kept.is_empty()).then_some(kept);
        }
        if self.plane.0.max(self.plane.1) >= d.max(2) {
            self.plane = (0, 1);
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
        for s in SCHEMA.iter().filter(|s| s.role != Role::Header) {
            if let (true, Some(value)) = (self.differs(&base, s), s.value(self)) {
                parts.push(format!("{}={value}", s.key));
            }
        }
        parts.join("&")
    }

    /// Whether the state differs from its preset in what is computed: true when any key of
    /// [`Role::State`] (every key but `v`, `preset` and the view keys `embed`, `show`,
    /// `controls`, `theme`) has another value than the preset's. An embed, a theme or a set of
    /// parts alone is not a modification. Equivalently: the canonical query without its view
    /// keys is not the preset's own (`v=1&preset=NAME`).
    pub fn modified(&self) -> bool {
        let base = self.preset.params();
        SCHEMA
            .iter()
            .filter(|s| s.role == Role::State)
            .any(|s| self.differs(&base, s))
    }

    /// Whether key `s` has another value here than in `base` (`x` and `n` compare the samples:
    /// `n=3` and `x=1,1,2` differ although each is absent from the other).
    fn differs(&self, base: &Params, s: &KeySpec) -> bool {
        match s.key {
            "x" | "n" => self.samples != base.samples,
            _ => s.value(self) != s.value(base),
        }
    }
}

/// Removes every `key=...` pair from a canonical query string.
fn strip_key(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(key))
        .collect::<Vec<_>>()
        .join("&")
}

impl Preset {
    /// The preset's parameters: the schema's defaults, then the preset's query on top.
    pub fn params(&'static self) -> Params {
        let mut p = Params {
            preset: self,
            beta: vec![1.0, 1.0],
            samples: SampleSpec::Explicit(vec![0, 0, 1]),
            seed: 1,
            eps: 0.01,
            lr: Lr::Fixed(1.5),
            k: 4,
            gd_stop: GdStop::Check,
            schedule: Schedule::Constant,
            lr_end: LR_END_DEFAULT,
            batch: 0,
            inputs: Inputs::Basis,
            cov: None,
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
            step: 0,
        };
        // Presets are written in the schema's language; a test checks they parse without warnings.
        for (key, value) in form_urlencoded::parse(self.query.as_bytes()) {
            if let Some(s) = spec(&key) {
                let _ = s.set(&mut p, &value);
            }
        }
        p
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
        // None left on the remaining coordinates: they all move to e1 (x stays explicit).
        let p = Params::from_query("x=2,2")
            .params
            .with("beta", "1")
            .unwrap();
        assert_eq!(p.samples(), &SampleSpec::Explicit(vec![0, 0]));
        let p = Params::from_query("beta=1,1,1&x=3,3,3")
            .params
            .with("beta", "1,1")
            .unwrap();
        assert_eq!(p.samples(), &SampleSpec::Explicit(vec![0, 0, 0]));
        // Random samples keep n; adding a coordinate keeps x.
        let p = Params::from_query("n=5").params.with("beta", "1").unwrap();
        assert_eq!(p.samples(), &SampleSpec::Random { n: 5 });
        let p = Params::default().with("beta", "1,1,1").unwrap();
        assert_eq!(p.samples(), &SampleSpec::Explicit(vec![0, 0, 1]));
    }
}
