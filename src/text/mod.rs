//! The sentences that state a run's numbers, written once here over an [`Outcome`] so that the
//! page, its embeds, the downloads and the command line say the same thing: the verdict
//! (`verdict`), the figures' captions (`captions`) and short descriptions (`descriptions`), the guided walk's sentences (`walk`) and the
//! probability panel's lines ([`montecarlo`]).
//! Numbers in them are written by [`crate::fmt`].

mod captions;
mod descriptions;
pub mod montecarlo;
mod panels;
mod sweep;
mod verdict;
mod walk;

pub use captions::{captions, step_sizes, Captions};
pub use descriptions::{descriptions, Descriptions};
pub use panels::{beyond_text, lemma2_text, playhead_text, BeyondText, Lemma2Text, PlayheadText};
pub use sweep::{sweep_text, SweepText};
pub use verdict::{verdict, where_annealed_stops, Verdict, HELPS_ABOVE, HURTS_BELOW};
pub use walk::{story, Story, StoryStep};

use crate::outcome::Outcome;

fn steps(n: usize) -> String {
    if n == 1 {
        "1 step".into()
    } else {
        format!("{n} steps")
    }
}

/// Whether the large steps follow mini-batch gradients (a batch smaller than the training set).
fn stochastic(r: &Outcome) -> bool {
    let n = r.samples.labels.len();
    r.params.batch > 0 && r.params.batch < n
}
