//! lr-anneal: an exact, interactive reproduction of Nakkiran (2020), "Learning Rate Annealing Can
//! Provably Help Generalization, Even for Convex Problems".
//!
//! Data flows one way: URL query -> [`params::Params`] -> [`report::Report`] (simulation) ->
//! drawings ([`plot`]) and tables. Everything but `web` builds and is tested natively.

pub mod dynamics;
pub mod model;
pub mod montecarlo;
pub mod params;
pub mod report;
pub mod theory;

pub use params::{Params, Parsed, Warning};
pub use report::{run, Report};
