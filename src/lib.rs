//! lr-anneal: an exact, interactive reproduction of Nakkiran (2020), "Learning Rate Annealing Can
//! Provably Help Generalization, Even for Convex Problems".
//!
//! Data flows one way: URL query -> [`params::Params`] -> [`report::Report`] (simulation) ->
//! drawings ([`plot`]) and tables. Everything but `web` builds and is tested natively.

// The maths indexes several per-coordinate arrays by the same `j`, as the paper writes it.
#![allow(clippy::needless_range_loop)]

pub mod beyond;
pub mod controls;
pub mod dynamics;
pub mod fmt;
pub mod hooks;
pub mod linalg;
pub mod model;
pub mod montecarlo;
pub mod order;
pub mod outcome;
pub mod params;
pub mod plot;
// The page's first screen, written at build time by the command line (native only).
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod report;
pub mod share;
pub mod sweep;
pub mod text;
pub mod theory;
// The browser boundary (wasm-bindgen, web-sys, plotters-canvas): only in the wasm build.
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use outcome::{simulate, Outcome};
pub use params::{Params, Parsed, Warning};
pub use report::{run, Report};
