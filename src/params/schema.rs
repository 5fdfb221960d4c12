//! The schema and presets as the page's controls and the docs read them ([`schema_json`], printed
//! by `lr-anneal schema`).

use serde::Serialize;

use super::keys::{
    CONTROLS, EPS_RANGE, LR_RANGE, MAX_BETA, MAX_K, MAX_N, MAX_SEED, MAX_TRIALS, NOISE_RANGE,
    PARTS, SCHEMA, THEMES, VERSION,
};
use super::labels::label;
use super::presets::PRESETS;
use super::range::Range;
use crate::model::MAX_D;

/// The schema and presets, for the page's controls and the docs (`lr-anneal schema`). Fields
/// here and below are in alphabetical order, the order the JSON has always had.
#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Schema {
    /// The control sets an embed can show.
    pub controls: [&'static str; 3],
    /// How the large steps may stop at `eps` (`gd_stop=`), the default first.
    pub gd_stops: [&'static str; 2],
    /// Where the training inputs may come from (`inputs=`), the default first.
    pub inputs: [&'static str; 2],
    /// The large steps' learning-rate schedules (`schedule=`), the default first.
    pub schedules: [&'static str; 5],
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
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SchemaKey {
    /// The aspect of the state it sets (`data`, `eps`, `steps`, ...: what a view depends on).
    pub aspect: &'static str,
    /// Its named values and what the page calls them (empty unless its values are names).
    pub choices: Vec<Choice>,
    /// What it means.
    pub help: &'static str,
    /// The key.
    pub key: &'static str,
    /// Its type, for people.
    pub kind: &'static str,
    /// Its accepted values, for people (written from its typed range).
    pub range: String,
}

/// A named value of a key and what the page calls it.
#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Choice {
    /// What the page calls it.
    pub label: &'static str,
    /// The value in URLs.
    pub value: &'static str,
}

/// The bounds in [`Schema`].
#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
                aspect: s.aspect.name(),
                choices: match s.range {
                    Range::Name(names) | Range::Names(names) => names
                        .iter()
                        .map(|&value| Choice {
                            label: label(s.key, value).unwrap_or(value),
                            value,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                help: s.help,
                key: s.key,
                kind: s.kind(),
                range: s.range_text(),
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
        gd_stops: crate::dynamics::GdStop::NAMES,
        inputs: crate::model::Inputs::NAMES,
        schedules: crate::dynamics::Schedule::NAMES,
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
