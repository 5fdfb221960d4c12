//! THE schema of the URL: every key with its type, range and meaning, the presets, parsing with
//! warnings, and the canonical query string. The page, the command line and shared links all go
//! through here; nothing else knows the keys.
//!
//! Parsing never fails: it returns the [`Params`] it could use and a [`Warning`] for every value it
//! rejected (falling back to the preset's value). A `Params` that exists is valid: its fields are
//! private and only this module sets them, through the same checks.
//!
//! One room per job:
//! - `keys`: the key table [`SCHEMA`] (each key with a typed [`Range`]) and the bounds;
//! - `range`: the typed ranges and the texts written from them;
//! - `value`: reading one value of a key (numbers, lists, names);
//! - `presets`: the named starting points [`PRESETS`];
//! - `query`: reading a query, [`Params::with`], [`Params::without`], the canonical query;
//! - `error`: why a value was rejected ([`ParamError`]) and the [`Warning`] that reports it;
//! - `json` and `schema`: what the JSON outputs hold ([`ParamsJson`], [`Schema`]).

mod error;
mod json;
mod keys;
mod labels;
mod presets;
mod query;
mod range;
mod schema;
mod value;

use crate::dynamics::{GdStop, LargeSteps, Lr, Schedule};
use crate::model::Inputs;

pub use error::{ParamError, Warning};
pub use json::ParamsJson;
pub use keys::{
    spec, Aspect, KeySpec, Role, CONTROLS, EPS_RANGE, FLOW_LR_MAX, FLOW_LR_MIN, GD_STOPS, INPUTS,
    LR_END_DEFAULT, LR_RANGE, MAX_BETA, MAX_K, MAX_N, MAX_SEED, MAX_TRIALS, NOISE_RANGE, PARTS,
    SCHEDULES, SCHEMA, SPECTRUM_MAX, THEMES, VERSION,
};
pub use labels::label;
pub use presets::{preset, Preset, Step, PRESETS, STEPS};
pub use query::Parsed;
pub use range::Range;
pub use schema::{schema_json, Choice, Limits, Schema, SchemaKey, SchemaPreset};

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
    gd_stop: GdStop,
    schedule: Schedule,
    lr_end: f64,
    batch: usize,
    inputs: Inputs,
    cov: Option<Vec<f64>>,
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
    step: usize,
}

impl Default for Params {
    /// The first preset's params (`paper`).
    fn default() -> Params {
        PRESETS[0].params()
    }
}

impl Params {
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
    /// How the large steps stop at `eps` (`gd_stop`): the paper's check, or a cut last step.
    pub fn gd_stop(&self) -> GdStop {
        self.gd_stop
    }
    /// How the large steps' learning rate moves from `lr` towards `lr_end` (`schedule`).
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }
    /// Where a non-constant schedule's learning rate moves to (`lr_end`).
    pub fn lr_end(&self) -> f64 {
        self.lr_end
    }
    /// The large steps for a training set whose `lr=auto` means `lr` (the peak).
    pub fn large_steps(&self, lr: f64) -> LargeSteps {
        LargeSteps {
            lr,
            k: self.k,
            schedule: self.schedule,
            lr_end: self.lr_end,
        }
    }
    /// The large steps' mini-batch size (`batch`; 0: the full batch, the paper's).
    pub fn batch(&self) -> usize {
        self.batch
    }
    /// Where the training inputs come from (`inputs`).
    pub fn inputs(&self) -> Inputs {
        self.inputs
    }
    /// The population variances of Gaussian inputs (`cov`; default `1/d` each).
    pub fn cov(&self) -> Vec<f64> {
        match &self.cov {
            Some(c) => c.clone(),
            None => vec![1.0 / self.d() as f64; self.d()],
        }
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
    /// The guided walk's step (1 ..= [`STEPS`]'s length; 0: no walk shown).
    pub fn step(&self) -> usize {
        self.step
    }

    /// The aspects of the state ([`Aspect`]'s names) in which these params differ from `before`,
    /// each once, in the key table's order: what a view that shows only some of them needs to
    /// know to skip an update.
    pub fn changed(&self, before: &Params) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for s in SCHEMA {
            let name = s.aspect.name();
            if !out.contains(&name) && s.value(self) != s.value(before) {
                out.push(name);
            }
        }
        out
    }
}
