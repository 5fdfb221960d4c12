//! One run as it is shown: the numbers of an [`Outcome`] and the sentences that state them
//! ([`crate::text`]), with the warnings of the query that asked for it. Its JSON is the contract
//! of `lr-anneal run` and of the page's `data-key` hooks. A `Report` is built whole by [`run`].

use std::ops::{Deref, DerefMut};

use serde::Serialize;

use crate::outcome::{simulate, Outcome};
use crate::params::{Params, Warning};
use crate::text::{captions, descriptions, story, verdict, Captions, Descriptions, Story, Verdict};

pub use crate::outcome::{
    at_eps, comparable, problem, training_set, AnnealedOut, Discrete, DiscreteRun, LevelSetOut,
    Playhead, Point, RunOut, SamplesOut, Stability, Trajectory, COMPARABLE_RTOL, MAX_FINE_STEPS,
    PLAYBACK_STEPS,
};

/// Everything one run shows: its numbers (read through `Deref`: `report.annealed`, ...) and
/// the sentences that state them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Report {
    /// The numbers.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// What the query parser rejected.
    pub warnings: Vec<Warning>,
    /// Who won, in one sentence (see [`crate::text::verdict`]).
    pub verdict: Verdict,
    /// The guided walk: its steps' links and the sentence for this state (see
    /// [`crate::text::story`]).
    pub story: Story,
    /// One sentence per figure, stating its numbers (see [`crate::text::captions`]).
    pub captions: Captions,
    /// What each figure draws, for readers who cannot see it: its accessible name (see
    /// [`crate::text::descriptions`]).
    pub descriptions: Descriptions,
}

impl Deref for Report {
    type Target = Outcome;
    fn deref(&self) -> &Outcome {
        &self.outcome
    }
}

impl DerefMut for Report {
    fn deref_mut(&mut self) -> &mut Outcome {
        &mut self.outcome
    }
}

/// Runs everything for `params` (with the paths when `with_trajectory`) and writes the sentences
/// that state it; `warnings` are passed through to the output.
pub fn run(params: &Params, warnings: Vec<Warning>, with_trajectory: bool) -> Report {
    let outcome = simulate(params, with_trajectory);
    Report {
        warnings,
        verdict: verdict(&outcome),
        story: story(&outcome),
        captions: captions(&outcome),
        descriptions: descriptions(&outcome),
        outcome,
    }
}
