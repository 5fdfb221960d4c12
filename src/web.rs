//! The only module that knows the browser: the wasm-bindgen exports the page calls. Everything
//! crosses as JSON strings (parsed with `JSON.parse`) or canvases; errors cross as JS `Error`s.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::montecarlo::{exact, MonteCarlo, Setup};
use crate::params::{schema_json, Params};
use crate::plot::{self, Figure, Style};
use crate::plot_explore;
use crate::report::{run, Report};
use crate::share;
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

/// What the probability panel's results depend on, as JSON strings to compare:
/// `{"exact": the setup (the exact probability), "run": the setup, seed and trials (a Monte
/// Carlo run)}`. Equal keys mean equal results, so the page knows when a result is stale.
#[wasm_bindgen]
pub fn monte_carlo_key(query: &str) -> String {
    let params = Params::from_query(query).params;
    let setup = format!("{:?}", Setup::from_params(&params));
    let run = format!("{setup}|seed={}|trials={}", params.seed(), params.trials());
    serde_json::json!({ "exact": setup, "run": run }).to_string()
}

/// The exact probability as the probability panel shows it (`plot_explore::ExactView`: with
/// fractions, each pattern's verdict and the mean ratio where annealing helps), as JSON; `null`
/// with label noise or too many patterns.
#[wasm_bindgen]
pub fn exact_view(query: &str) -> String {
    let params = Params::from_query(query).params;
    let setup = Setup::from_params(&params);
    exact(&setup)
        .map(|e| plot_explore::exact_view(&e, setup.n, setup.beta_star.len()))
        .and_then(|v| serde_json::to_string(&v).ok())
        .unwrap_or_else(|| "null".into())
}

fn canvas_area(
    canvas: HtmlCanvasElement,
    scale: f64,
) -> Result<plotters::prelude::DrawingArea<CanvasBackend, plotters::coord::Shift>, JsError> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(JsError::new(
            "scale must be a device pixel ratio between 0 and 8",
        ));
    }
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("the canvas has no 2d context"))?;
    Ok(backend.into_drawing_area())
}

/// Sweeps `lr`, `k` or `eps` for the query over `points` values and draws it on a canvas whose
/// pixel size is already set (CSS size times `scale`); returns the sweep and where its points
/// are, in CSS pixels (`plot_explore::SweepView`), as JSON.
#[wasm_bindgen]
pub fn draw_sweep(
    query: &str,
    axis: &str,
    points: usize,
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<String, JsError> {
    let axis = Axis::parse(axis).ok_or_else(|| JsError::new("axis must be lr, k or eps"))?;
    let params = Params::from_query(query).params;
    let area = canvas_area(canvas, scale)?;
    let style = Style {
        dark,
        scale,
        legend: false,
    };
    let view = plot_explore::sweep_view(&area, &params, axis, points, &style).map_err(js_err)?;
    area.present().map_err(js_err)?;
    serde_json::to_string(&view).map_err(js_err)
}

/// Draws the histogram of a Monte Carlo summary (the JSON of `MonteCarloRun::summary`) on a
/// canvas whose pixel size is already set.
#[wasm_bindgen]
pub fn draw_histogram(
    summary: &str,
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let summary = plot_explore::parse_summary(summary).map_err(js_err)?;
    let area = canvas_area(canvas, scale)?;
    let style = Style {
        dark,
        scale,
        legend: false,
    };
    plot_explore::draw_histogram(&area, &summary, &style).map_err(js_err)?;
    area.present().map_err(js_err)
}

/// One simulation, kept for drawing its figures and reading its numbers.
#[wasm_bindgen]
pub struct View {
    params: Params,
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
            params: parsed.params,
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

    /// The paper's table and both stops as CSV (see `share::table_csv`).
    pub fn table_csv(&self) -> String {
        share::table_csv(&self.report)
    }

    /// The trajectories as CSV (see `share::trajectory_csv`).
    pub fn trajectory_csv(&self) -> String {
        share::trajectory_csv(&self.report)
    }

    /// A download's file name saying what it holds: preset, eps, lr, K, then `what` and `ext`
    /// (see `share::file_name`).
    pub fn file_name(&self, what: &str, ext: &str) -> String {
        share::file_name(&self.params, what, ext)
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
        plot::draw_at(&area, figure, &self.report, &style, t).map_err(js_err)?;
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
