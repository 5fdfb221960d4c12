//! The only module that knows the browser: the wasm-bindgen exports the page calls. Everything
//! crosses as JSON strings (parsed with `JSON.parse`) or canvases; errors cross as JS `Error`s.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::montecarlo::{exact, MonteCarlo, Setup};
use crate::params::{schema_json, Params};
use crate::plot::{self, Figure, Style};
use crate::report::{run, Report};
use crate::sweep::Axis;

/// Installs the panic hook (the last resort: nothing here is meant to panic).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The URL schema and presets as JSON.
#[wasm_bindgen]
pub fn schema() -> String {
    schema_json().to_string()
}

/// Reads a query string: `{"params": {..., "query": canonical}, "warnings": [...]}`.
#[wasm_bindgen]
pub fn parse(query: &str) -> String {
    let parsed = Params::from_query(query);
    serde_json::json!({ "params": parsed.params.to_json(), "warnings": parsed.warnings })
        .to_string()
}

/// Sets one key of a query through the schema and returns the new canonical query string; a
/// rejected value is an `Error` whose message names the key, the value and the reason.
#[wasm_bindgen]
pub fn set_param(query: &str, key: &str, value: &str) -> Result<String, JsError> {
    let params = Params::from_query(query).params;
    params
        .with(key, value)
        .map(|p| p.query())
        .map_err(|w| JsError::new(&format!("{}={}: {}", w.key, w.value, w.reason)))
}

/// Sweeps `lr`, `k` or `eps` (see `sweep::sweep`) for the query's training set, as JSON.
#[wasm_bindgen]
pub fn sweep(query: &str, axis: &str, points: usize) -> Result<String, JsError> {
    let axis = Axis::parse(axis).ok_or_else(|| JsError::new("axis must be lr, k or eps"))?;
    let params = Params::from_query(query).params;
    serde_json::to_string(&crate::sweep::sweep(&params, axis, points)).map_err(js_err)
}

/// The exact probability that annealing helps, with the count patterns, as JSON (`null` with
/// label noise or too many patterns).
#[wasm_bindgen]
pub fn exact_probability(query: &str) -> String {
    let params = Params::from_query(query).params;
    serde_json::to_string(&exact(&Setup::from_params(&params))).unwrap_or_else(|_| "null".into())
}

/// A Monte Carlo experiment run in chunks (from a Web Worker), so that a long run can report
/// progress and be cancelled between chunks.
#[wasm_bindgen]
pub struct MonteCarloRun {
    mc: MonteCarlo,
    seed: u64,
    total: u64,
}

#[wasm_bindgen]
impl MonteCarloRun {
    /// Prepares the query's experiment: `trials` draws from `seed`.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> MonteCarloRun {
        let params = Params::from_query(query).params;
        MonteCarloRun {
            mc: MonteCarlo::new(Setup::from_params(&params), params.seed()),
            seed: params.seed(),
            total: params.trials(),
        }
    }

    /// Runs up to `count` more draws (never beyond `trials`); returns the draws done so far.
    pub fn step(&mut self, count: u32) -> f64 {
        let left = self.total - self.mc.trials;
        self.mc.run(left.min(count as u64));
        self.mc.trials as f64
    }

    /// Whether all `trials` draws are done.
    pub fn done(&self) -> bool {
        self.mc.trials >= self.total
    }

    /// The draws asked for.
    pub fn total(&self) -> f64 {
        self.total as f64
    }

    /// The summary so far, as `lr-anneal mc` prints it (without the exact probability, which
    /// `exact_probability` computes once, and without timings).
    pub fn summary(&self) -> String {
        self.mc.summary_json(self.seed, None).to_string()
    }
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
    pub fn json(&self) -> Result<String, JsError> {
        let mut value = serde_json::to_value(&self.report).map_err(js_err)?;
        if let Some(map) = value.as_object_mut() {
            map.remove("trajectory");
        }
        Ok(value.to_string())
    }

    /// The trajectories as JSON.
    pub fn trajectory_json(&self) -> Result<String, JsError> {
        serde_json::to_string(&self.report.trajectory).map_err(js_err)
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
        let figure = Figure::parse(figure).map_err(js_err)?;
        if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
            return Err(JsError::new(
                "scale must be a device pixel ratio between 0 and 8",
            ));
        }
        let backend = CanvasBackend::with_canvas_object(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2d context"))?;
        let area = backend.into_drawing_area();
        let style = Style {
            dark,
            scale,
            legend: false,
        };
        plot::draw(&area, figure, &self.report, &style).map_err(js_err)?;
        area.present().map_err(js_err)
    }

    /// The given figures (`a,b,c,loss`) as one SVG document, as `lr-anneal svg` writes them.
    pub fn svg(&self, figures: &str, dark: bool) -> Result<String, JsError> {
        let figures = figures
            .split(',')
            .map(|f| Figure::parse(f.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(js_err)?;
        plot::svg(&figures, &self.report, dark).map_err(js_err)
    }
}
