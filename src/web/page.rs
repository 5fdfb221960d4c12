//! The first module the page loads: everything the first complete render needs.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{canvas_area, js_err};
use crate::params::{schema_json, Params, ParamsJson, Warning};
use crate::plot::{self, Figure};
use crate::report::{run, Report};
use crate::share;

/// The URL schema and presets as JSON.
#[wasm_bindgen]
pub fn schema() -> Result<String, JsError> {
    serde_json::to_string(&schema_json()).map_err(js_err)
}

/// What [`parse`] returns.
#[derive(Serialize)]
struct ParseOut {
    params: ParamsJson,
    warnings: Vec<Warning>,
}

/// Reads a query string: `{"params": {..., "query": canonical}, "warnings": [...]}`.
#[wasm_bindgen]
pub fn parse(query: &str) -> Result<String, JsError> {
    let parsed = Params::from_query(query);
    serde_json::to_string(&ParseOut {
        params: parsed.params.to_json(),
        warnings: parsed.warnings,
    })
    .map_err(js_err)
}

/// Sets one key of a query through the schema and returns the new canonical query string; a
/// rejected value is an `Error` whose message is `key=value: reason` (a `ParamError`).
#[wasm_bindgen]
pub fn set_param(query: &str, key: &str, value: &str) -> Result<String, JsError> {
    let params = Params::from_query(query).params;
    params
        .with(key, value)
        .map(|p| p.query())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `query` without the comma-separated `keys` (reset to the preset's values), canonical: how the
/// page goes back from given spectra to the samples (`drop_keys(q, "gamma,lambda")`).
#[wasm_bindgen]
pub fn drop_keys(query: &str, keys: &str) -> String {
    let keys: Vec<&str> = keys.split(',').collect();
    Params::from_query(query).params.without(&keys).query()
}

/// `query` with the view keys (`embed`, `show`, `controls`, `theme`) of `from`, canonical: what a
/// preset loaded inside an embed (or a themed page) keeps.
#[wasm_bindgen]
pub fn keep_view(query: &str, from: &str) -> String {
    share::keep_view(query, from)
}

/// A download's file name saying what it holds: preset, eps, lr, K, then `what` and `ext` (see
/// `share::file_name`).
#[wasm_bindgen]
pub fn file_name(query: &str, what: &str, ext: &str) -> String {
    share::file_name(&Params::from_query(query).params, what, ext)
}

/// One simulation, kept for drawing its figures and reading its numbers.
#[wasm_bindgen]
pub struct View {
    report: Report,
}

#[wasm_bindgen]
impl View {
    /// Parses `query` (never fails: see `warnings` in the JSON) and runs both optimizers with
    /// trajectories.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> View {
        let parsed = Params::from_query(query);
        View {
            report: run(&parsed.params, parsed.warnings, true),
        }
    }

    /// The report as `lr-anneal run` prints it (without trajectories).
    pub fn json(&mut self) -> Result<String, JsError> {
        // Serialized without the paths (skipped when `None`), straight to a string: building a
        // `serde_json::Value` first would add its code to the module.
        let trajectory = self.report.trajectory.take();
        let json = serde_json::to_string(&self.report);
        self.report.trajectory = trajectory;
        json.map_err(js_err)
    }

    /// Draws figure `a`, `b`, `c` or `loss` on a canvas whose pixel size is already set (CSS size
    /// times `scale`, the device pixel ratio).
    pub fn draw(
        &self,
        figure: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        self.draw_at(figure, canvas, dark, scale, None)
    }

    /// The time at which the later run stops (the end of playback).
    pub fn duration(&self) -> f64 {
        self.report.duration()
    }

    /// The times of the large steps' iterates (playback stops at each).
    pub fn step_times(&self) -> Vec<f64> {
        self.report.step_times()
    }

    /// Both runs' points at time `t` (clamped to the runs), as JSON: `{t, gradient_flow,
    /// annealed}`, each with `t`, `beta`, `train_loss`, `test_loss`.
    pub fn playhead_json(&self, t: f64) -> Result<String, JsError> {
        serde_json::to_string(&self.report.at(t)).map_err(js_err)
    }

    /// [`View::draw`] with playback markers where both runs are at time `t` (none when `t` is
    /// `undefined`).
    pub fn draw_at(
        &self,
        figure: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
        t: Option<f64>,
    ) -> Result<(), JsError> {
        let figure = Figure::parse(figure).map_err(js_err)?;
        let (area, style) = canvas_area(canvas, dark, scale)?;
        plot::draw_at(&area, figure, &self.report, &style, t).map_err(js_err)?;
        area.present().map_err(js_err)
    }
}
