//! The native integration tests, one test crate (`cargo test --test native`): each module was a
//! test crate of its own, `common` holds the helpers they share. `tests/wasm.rs` is the other
//! test crate (the wasm boundary, run with `--target wasm32-unknown-unknown`), so on wasm32 this
//! one compiles to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod common;

mod beyond;
mod cli;
mod discrete;
mod figures;
mod frozen_links;
mod honest;
mod labels;
mod lemma2;
mod paper;
mod params;
mod playback;
mod properties;
mod schedules;
mod states;
mod story;
mod sweep;
