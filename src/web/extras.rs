//! The second module, loaded when a reader gets to it: the Monte Carlo runs and the exact
//! probability (in a Web Worker), the sweeps, the histogram, and the SVG and CSV downloads. Each
//! export takes the page's canonical query and simulates it again (well under a millisecond), so
//! that this module needs nothing from the first one.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{canvas_area, js_err};
use crate::montecarlo::{exact, MonteCarlo, Setup};
use crate::params::Params;
use crate::plot::{self, Figure};
use crate::plot_explore;
use crate::report::{run, Report};
use crate::share;
use crate::sweep::Axis;

/// The report of `query`, with trajectories when asked for.
fn report(query: &str, with_trajectory: bool) -> Report {
    let parsed = Params::from_query(query);
    run(&parsed.params, parsed.warnings, with_trajectory)
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
        serde_json::to_string(&self.mc.summary(None)).unwrap_or_else(|_| "null".into())
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
    let (area, style) = canvas_area(canvas, dark, scale)?;
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
    let (area, style) = canvas_area(canvas, dark, scale)?;
    plot_explore::draw_histogram(&area, &summary, &style).map_err(js_err)?;
    area.present().map_err(js_err)
}

/// The given figures (`a,b,c,loss`) of `query` as one SVG document, as `lr-anneal svg` writes
/// them.
#[wasm_bindgen]
pub fn svg(query: &str, figures: &str, dark: bool) -> Result<String, JsError> {
    let figures = figures
        .split(',')
        .map(|f| Figure::parse(f.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(js_err)?;
    plot::svg(&figures, &report(query, true), dark).map_err(js_err)
}

/// The paper's table and both stops of `query` as CSV (see `share::table_csv`).
#[wasm_bindgen]
pub fn table_csv(query: &str) -> String {
    share::table_csv(&report(query, false))
}

/// The trajectories of `query` as CSV (see `share::trajectory_csv`).
#[wasm_bindgen]
pub fn trajectory_csv(query: &str) -> String {
    share::trajectory_csv(&report(query, true))
}

/// The trajectories of `query` as JSON.
#[wasm_bindgen]
pub fn trajectory_json(query: &str) -> Result<String, JsError> {
    serde_json::to_string(&report(query, true).trajectory).map_err(js_err)
}
