//! The key table: every URL key of schema version 1 with its typed [`Range`], its meaning, its
//! role, and how it is set and shown; and the bounds the ranges are made of. Parsing loops over
//! [`SCHEMA`], never over the URL's keys, and finds a key by its name ([`spec`]), never by its
//! position.

use crate::dynamics::{GdStop, Lr, Schedule};
use crate::model::{Inputs, MAX_D};

use super::error::ParamError;
use super::presets::STEPS;
use super::range::Range;
pub use super::range::VERSION;
use super::value::Given;
use super::{Params, SampleSpec};

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

/// The parts of the page an embed can show (`show=`), in page order.
pub const PARTS: [&str; 5] = ["a", "b", "c", "loss", "table"];
/// How many controls an embed shows (`controls=`); the first is the default.
pub const CONTROLS: [&str; 3] = ["none", "minimal", "all"];
/// Colour themes (`theme=`); the first is the default (follow the reader's system).
pub const THEMES: [&str; 3] = ["auto", "light", "dark"];

/// How the large steps stop at `eps` (`gd_stop=`); the first is the default (the paper's rule).
pub const GD_STOPS: [&str; 2] = GdStop::NAMES;

/// The large steps' learning-rate schedules (`schedule=`); the first is the default (the paper's
/// constant rate).
pub const SCHEDULES: [&str; 5] = Schedule::NAMES;
/// Where a schedule's learning rate moves to unless `lr_end` says otherwise.
pub const LR_END_DEFAULT: f64 = 0.01;

/// Where the training inputs come from (`inputs=`); the first is the default (the paper's basis
/// vectors).
pub const INPUTS: [&str; 2] = Inputs::NAMES;

/// What a key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `v` and `preset`: read before the others, they say how to read the rest; always written
    /// first in the canonical query.
    Header,
    /// A key that changes what is computed.
    State,
    /// A key that changes only how the state is shown: `embed`, `show`, `controls`, `theme`.
    View,
    /// The guided walk's position (`step`): neither what is computed nor how a state is shown,
    /// so it is no modification of the preset and another state (a preset) does not keep it.
    Walk,
}

/// Which aspect of the state a key sets. A view of the page names the aspects it shows, and redraws
/// only when one of them changed ([`super::Params::changed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// `v` and `preset`: which preset the state starts from.
    Header,
    /// The training problem: ground truth, samples, seed, inputs, noise, given spectra.
    Data,
    /// The early-stopping train loss.
    Eps,
    /// The large steps of optimizer (B): rate, count, schedule, stopping rule, mini-batches.
    Steps,
    /// The small step run in place of the flow, for comparison.
    FlowLr,
    /// The two coordinates the figures show.
    Plane,
    /// Lemma 2's small block.
    Small,
    /// The Monte Carlo draws.
    Trials,
    /// How the state is shown (embeds, theme).
    View,
    /// The guided walk's step.
    Walk,
}

impl Aspect {
    /// Every aspect, in the key table's order.
    pub const ALL: [Aspect; 10] = [
        Aspect::Header,
        Aspect::Data,
        Aspect::Eps,
        Aspect::Steps,
        Aspect::FlowLr,
        Aspect::Plane,
        Aspect::Small,
        Aspect::Trials,
        Aspect::View,
        Aspect::Walk,
    ];

    /// Its name, as the page's views list what they show.
    pub fn name(self) -> &'static str {
        match self {
            Aspect::Header => "preset",
            Aspect::Data => "data",
            Aspect::Eps => "eps",
            Aspect::Steps => "steps",
            Aspect::FlowLr => "flow_lr",
            Aspect::Plane => "plane",
            Aspect::Small => "small",
            Aspect::Trials => "trials",
            Aspect::View => "view",
            Aspect::Walk => "step",
        }
    }
}

/// One URL key.
pub struct KeySpec {
    /// The key.
    pub key: &'static str,
    /// Its accepted values, typed (the schema's `kind` and `range` texts are written from it).
    pub range: Range,
    /// What it means.
    pub help: &'static str,
    /// What it is for.
    pub role: Role,
    /// The aspect of the state it sets.
    pub aspect: Aspect,
    /// Sets the key's value (the params are left unchanged when it is rejected).
    apply: fn(&mut Params, Given<'_>) -> Result<(), ParamError>,
    /// The key's value in the canonical query (`None`: absent, e.g. `n` with explicit samples).
    show: fn(&Params) -> Option<String>,
}

impl KeySpec {
    /// Its type, for people (`integer`, `list of numbers`, ...), from its range.
    pub fn kind(&self) -> &'static str {
        self.range.kind()
    }

    /// Its accepted values, for people, written from its range.
    pub fn range_text(&self) -> String {
        self.range.text()
    }

    /// Its value in `params` as the canonical query writes it (`None`: the key is absent there,
    /// e.g. `n` when the samples are given by `x`).
    pub fn value(&self, params: &Params) -> Option<String> {
        (self.show)(params)
    }

    /// Sets the key in `params` to `value`; on a rejected value `params` is unchanged.
    pub(super) fn set(&self, params: &mut Params, value: &str) -> Result<(), ParamError> {
        (self.apply)(params, Given::new(self.key, value))
    }
}

/// The key named `key`.
pub fn spec(key: &str) -> Option<&'static KeySpec> {
    SCHEMA.iter().find(|s| s.key == key)
}

/// Every key of schema version 1, in canonical order. `v` and `preset` ([`Role::Header`]) are
/// read first and have no setter here.
pub const SCHEMA: &[KeySpec] = &[
    KeySpec {
        key: "v",
        range: Range::Version(VERSION),
        help: "schema version",
        role: Role::Header,
        aspect: Aspect::Header,
        apply: |_, _| Ok(()),
        show: |_| Some(VERSION.to_string()),
    },
    KeySpec {
        key: "preset",
        range: Range::Preset,
        help: "a named starting point; the other keys override it",
        role: Role::Header,
        aspect: Aspect::Header,
        apply: |_, _| Ok(()),
        show: |p| Some(p.preset.name.to_string()),
    },
    KeySpec {
        key: "beta",
        range: Range::Dimension {
            max_len: MAX_D,
            bound: MAX_BETA,
        },
        help: "the ground truth beta*",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            p.beta = v.list(MAX_D, &|s| s.number((-MAX_BETA, MAX_BETA)))?;
            Ok(())
        },
        show: |p| Some(join(&p.beta)),
    },
    KeySpec {
        key: "x",
        range: Range::Indices { max_len: MAX_N },
        help: "the training inputs: x=1,1,2 means e1, e1, e2",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let d = p.beta.len();
            let x = v.list(MAX_N, &|s| s.coordinate(d).map(|j| j - 1))?;
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
        range: Range::Whole {
            min: 1,
            max: MAX_N as u64,
        },
        help: "how many samples to draw at random (when x is absent)",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let n = v.whole(1, MAX_N as u64)? as usize;
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
        range: Range::Whole {
            min: 0,
            max: MAX_SEED,
        },
        help: "seed of the random draws (samples when x is absent, label noise, Monte Carlo)",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            p.seed = v.whole(0, MAX_SEED)?;
            Ok(())
        },
        show: |p| Some(p.seed.to_string()),
    },
    KeySpec {
        key: "eps",
        range: Range::Number {
            min: EPS_RANGE.0,
            max: EPS_RANGE.1,
        },
        help: "the early-stopping train loss",
        role: Role::State,
        aspect: Aspect::Eps,
        apply: |p, v| {
            p.eps = v.number(EPS_RANGE)?;
            Ok(())
        },
        show: |p| Some(p.eps.to_string()),
    },
    KeySpec {
        key: "lr",
        range: Range::NumberOrAuto {
            min: LR_RANGE.0,
            max: LR_RANGE.1,
        },
        help: "the large learning rate of the first stage",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            p.lr = if v.is("auto") {
                Lr::Auto
            } else {
                Lr::Fixed(v.number(LR_RANGE)?)
            };
            Ok(())
        },
        show: |p| Some(show_lr(p.lr)),
    },
    KeySpec {
        key: "k",
        range: Range::Whole {
            min: 0,
            max: MAX_K as u64,
        },
        help: "number of large-step gradient-descent iterations K",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            p.k = v.whole(0, MAX_K as u64)? as usize;
            Ok(())
        },
        show: |p| Some(p.k.to_string()),
    },
    KeySpec {
        key: "gd_stop",
        range: Range::Name(&GD_STOPS),
        help: "how the large steps stop at eps: check (the paper's rule: before each step, stop \
               if the train loss is at most eps) or cut (a step that would end below eps is \
               shortened to end on it)",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            let name = v.one_of(&GD_STOPS)?;
            p.gd_stop = GdStop::from_name(name).unwrap_or_default();
            Ok(())
        },
        show: |p| Some(p.gd_stop.name().into()),
    },
    KeySpec {
        key: "schedule",
        range: Range::Name(&SCHEDULES),
        help: "the learning rate of the K large steps, from lr (the peak) towards lr_end: \
               constant (the paper's), linear, cosine, exp, or step (lr for the first half, \
               then lr_end)",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            let name = v.one_of(&SCHEDULES)?;
            p.schedule = Schedule::from_name(name).unwrap_or_default();
            Ok(())
        },
        show: |p| Some(p.schedule.name().into()),
    },
    KeySpec {
        key: "lr_end",
        range: Range::Number {
            min: LR_RANGE.0,
            max: LR_RANGE.1,
        },
        help: "where a non-constant schedule's learning rate moves to (ignored, and left out \
               of the link, for schedule=constant)",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            p.lr_end = v.number(LR_RANGE)?;
            Ok(())
        },
        show: |p| (p.schedule != Schedule::Constant).then(|| p.lr_end.to_string()),
    },
    KeySpec {
        key: "batch",
        range: Range::Whole {
            min: 0,
            max: MAX_N as u64,
        },
        help: "0: the large steps use the full batch (the paper's); b = 1 .. n: each large step \
               uses the gradient of b of the n samples drawn without replacement (seeded by seed)",
        role: Role::State,
        aspect: Aspect::Steps,
        apply: |p, v| {
            p.batch = v.whole(0, MAX_N as u64)? as usize;
            Ok(())
        },
        show: |p| Some(p.batch.to_string()),
    },
    KeySpec {
        key: "inputs",
        range: Range::Name(&INPUTS),
        help: "basis: the inputs are basis vectors drawn uniformly (the paper's); gaussian: they \
               are drawn from N(0, diag(cov)), so the empirical covariance is not diagonal and, \
               unless cov is isotropic, shares no eigenvectors with the population one",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let name = v.one_of(&INPUTS)?;
            p.inputs = Inputs::from_name(name).unwrap_or_default();
            Ok(())
        },
        show: |p| Some(p.inputs.name().into()),
    },
    KeySpec {
        key: "cov",
        range: Range::Spectrum {
            max: SPECTRUM_MAX,
            with: None,
        },
        help: "the population variances of Gaussian inputs (default 1/d each, the basis \
               distribution's covariance; ignored, and left out of the link, for inputs=basis)",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let d = p.beta.len();
            let cov = v.list(MAX_D, &|s| s.positive(SPECTRUM_MAX))?;
            if cov.len() != d {
                return Err(v.reject(|key, value| ParamError::WrongLength { key, value, d }));
            }
            p.cov = Some(cov);
            Ok(())
        },
        show: |p| match (&p.cov, p.inputs) {
            (Some(c), Inputs::Gaussian) => Some(join(c.iter().map(|&v| short(v)))),
            _ => None,
        },
    },
    KeySpec {
        key: "noise",
        range: Range::Number {
            min: NOISE_RANGE.0,
            max: NOISE_RANGE.1,
        },
        help: "standard deviation of Gaussian label noise",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            p.noise = v.number(NOISE_RANGE)?;
            Ok(())
        },
        show: |p| Some(p.noise.to_string()),
    },
    KeySpec {
        key: "trials",
        range: Range::Whole {
            min: 1,
            max: MAX_TRIALS,
        },
        help: "number of Monte Carlo draws",
        role: Role::State,
        aspect: Aspect::Trials,
        apply: |p, v| {
            p.trials = v.whole(1, MAX_TRIALS)?;
            Ok(())
        },
        show: |p| Some(p.trials.to_string()),
    },
    KeySpec {
        key: "flow_lr",
        range: Range::ZeroOr {
            min: FLOW_LR_MIN,
            max: FLOW_LR_MAX,
            zero: "exact gradient flow",
        },
        help: "besides the exact flow, run gradient descent with this small step in its place",
        role: Role::State,
        aspect: Aspect::FlowLr,
        apply: |p, v| {
            p.flow_lr = v.zero_or((FLOW_LR_MIN, FLOW_LR_MAX))?;
            Ok(())
        },
        show: |p| Some(p.flow_lr.to_string()),
    },
    KeySpec {
        key: "gamma",
        range: Range::Spectrum {
            max: SPECTRUM_MAX,
            with: None,
        },
        help: "Lemma 2 explorer: the empirical spectrum gamma_j, given directly instead of samples",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let d = p.beta.len();
            let gamma = v.list(MAX_D, &|s| s.positive(SPECTRUM_MAX))?;
            if gamma.len() != d {
                return Err(v.reject(|key, value| ParamError::WrongLength { key, value, d }));
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
        range: Range::Spectrum {
            max: SPECTRUM_MAX,
            with: Some("gamma"),
        },
        help: "Lemma 2 explorer: the population spectrum lambda_j (default 1/d each)",
        role: Role::State,
        aspect: Aspect::Data,
        apply: |p, v| {
            let d = p.beta.len();
            let lambda = v.list(MAX_D, &|s| s.positive(SPECTRUM_MAX))?;
            if lambda.len() != d {
                return Err(v.reject(|key, value| ParamError::WrongLength { key, value, d }));
            }
            match &mut p.spectrum {
                Some((_, l)) => *l = lambda,
                None => return Err(v.reject(|_, value| ParamError::NeedsGamma { value })),
            }
            Ok(())
        },
        show: |p| p.spectrum.as_ref().map(|(_, l)| join(l)),
    },
    KeySpec {
        key: "small",
        range: Range::Coordinates,
        help: "Lemma 2's small block S (default: every split of the spectrum)",
        role: Role::State,
        aspect: Aspect::Small,
        apply: |p, v| {
            let d = p.beta.len();
            let mut small = v.list(MAX_D, &|s| s.coordinate(d))?;
            v.distinct(&small)?;
            crate::order::sort_usize(&mut small);
            p.small = Some(small);
            Ok(())
        },
        show: |p| p.small.as_ref().map(join),
    },
    KeySpec {
        key: "plane",
        range: Range::Plane,
        help: "the two coordinates the figures show",
        role: Role::State,
        aspect: Aspect::Plane,
        apply: |p, v| {
            let top = p.beta.len().max(2) as u64;
            let ij = v.list(2, &|s| s.whole(1, top))?;
            match ij[..] {
                [i, j] if i != j => p.plane = (i as usize - 1, j as usize - 1),
                _ => return Err(v.reject(|key, value| ParamError::NotTwoDistinct { key, value })),
            }
            Ok(())
        },
        show: |p| Some(format!("{},{}", p.plane.0 + 1, p.plane.1 + 1)),
    },
    KeySpec {
        key: "embed",
        range: Range::Flag,
        help: "1: only the parts in show=, without the page around them (for iframes)",
        role: Role::View,
        aspect: Aspect::View,
        apply: |p, v| {
            p.embed = v.flag()?;
            Ok(())
        },
        show: |p| Some(if p.embed { "1" } else { "0" }.into()),
    },
    KeySpec {
        key: "show",
        range: Range::Names(&PARTS),
        help: "the parts an embed shows",
        role: Role::View,
        aspect: Aspect::View,
        apply: |p, v| {
            let parts = v.list(PARTS.len(), &|s| s.one_of(&PARTS))?;
            v.distinct(&parts)?;
            p.show = parts;
            Ok(())
        },
        show: |p| Some(p.show.join(",")),
    },
    KeySpec {
        key: "controls",
        range: Range::Name(&CONTROLS),
        help: "the controls an embed shows",
        role: Role::View,
        aspect: Aspect::View,
        apply: |p, v| {
            p.controls = v.one_of(&CONTROLS)?;
            Ok(())
        },
        show: |p| Some(p.controls.into()),
    },
    KeySpec {
        key: "theme",
        range: Range::Name(&THEMES),
        help: "colour theme (auto follows the reader's system)",
        role: Role::View,
        aspect: Aspect::View,
        apply: |p, v| {
            p.theme = v.one_of(&THEMES)?;
            Ok(())
        },
        show: |p| Some(p.theme.into()),
    },
    KeySpec {
        key: "step",
        range: Range::Whole {
            min: 0,
            max: STEPS.len() as u64,
        },
        help: "the guided walk's step (0: none): each step is a state with a sentence",
        role: Role::Walk,
        aspect: Aspect::Walk,
        apply: |p, v| {
            p.step = v.whole(0, STEPS.len() as u64)? as usize;
            Ok(())
        },
        show: |p| Some(p.step.to_string()),
    },
];

/// `lr` as the canonical query writes it.
fn show_lr(lr: Lr) -> String {
    match lr {
        Lr::Auto => "auto".to_string(),
        Lr::Fixed(v) => v.to_string(),
    }
}

/// Comma-separated values, as lists are written in URLs.
/// A number as a link writes it, exactly (it reads back to the same value) and short: with an
/// exponent far from 1 (`1e-300`, not three hundred digits).
fn short(v: f64) -> String {
    if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
