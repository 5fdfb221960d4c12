//! The canonical values of a [`Params`] as the JSON outputs hold them ([`ParamsJson`]).

use serde::Serialize;

use super::{Params, SampleSpec};
use crate::dynamics::Lr;
use crate::model::Inputs;

impl Params {
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
            batch: self.batch,
            beta: self.beta.clone(),
            controls: self.controls,
            cov: (self.inputs == Inputs::Gaussian).then(|| self.cov()),
            d: self.d(),
            embed: self.embed,
            eps: self.eps,
            flow_lr: self.flow_lr,
            gd_stop: self.gd_stop.name(),
            gamma,
            inputs: self.inputs.name(),
            k: self.k,
            lambda,
            lr: self.lr,
            lr_end: (self.schedule != crate::dynamics::Schedule::Constant).then_some(self.lr_end),
            modified: self.modified(),
            n,
            noise: self.noise,
            plane: [self.plane.0 + 1, self.plane.1 + 1],
            preset: self.preset.name,
            query: self.query(),
            schedule: self.schedule.name(),
            seed: self.seed,
            show: self.show.clone(),
            small: self.small.clone(),
            step: self.step,
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
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ParamsJson {
    /// The large steps' mini-batch size (0: the full batch).
    pub batch: usize,
    /// `beta*`.
    pub beta: Vec<f64>,
    /// The controls an embed shows.
    pub controls: &'static str,
    /// The population variances of Gaussian inputs (absent for basis inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cov: Option<Vec<f64>>,
    /// The dimension (the length of `beta*`).
    pub d: usize,
    /// Whether this is an embed.
    pub embed: bool,
    /// The stopping train loss.
    pub eps: f64,
    /// The small step replacing the flow (0: the exact flow).
    pub flow_lr: f64,
    /// How the large steps stop at `eps`: `check` (the paper's rule) or `cut`.
    pub gd_stop: &'static str,
    /// Given train spectrum, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma: Option<Vec<f64>>,
    /// Where the training inputs come from: `basis` (the paper's) or `gaussian`.
    pub inputs: &'static str,
    /// The number of large steps.
    pub k: usize,
    /// Given test spectrum, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<Vec<f64>>,
    /// The large learning rate (`"auto"` or a number): with a schedule, its peak.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | \"auto\""))]
    pub lr: Lr,
    /// Where a non-constant schedule's learning rate moves to (absent for `constant`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lr_end: Option<f64>,
    /// Whether the state differs from its preset in what is computed (see [`Params::modified`]:
    /// view keys alone do not count).
    pub modified: bool,
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
    /// The large steps' learning-rate schedule (`constant`, the paper's, or another).
    pub schedule: &'static str,
    /// The seed of random draws.
    pub seed: u64,
    /// The parts an embed shows.
    pub show: Vec<&'static str>,
    /// The chosen small block `S`, 1-based (`null`: every split).
    pub small: Option<Vec<usize>>,
    /// The guided walk's step (0: none).
    pub step: usize,
    /// The colour theme.
    pub theme: &'static str,
    /// Monte Carlo draws.
    pub trials: u64,
    /// Given samples: each sample's coordinate, 1-based (absent with random samples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<Vec<usize>>,
}
