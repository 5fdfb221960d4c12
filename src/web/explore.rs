//! What the probability panel needs: the Monte Carlo runs (in a Web Worker, which instantiates
//! this same module), the exact probability, the histogram of a run's summary, and every line
//! the panel writes about a run.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{canvas_area, js_err, to_js};
use crate::montecarlo::{exact, MonteCarlo, Setup, Summary};
use crate::params::Params;
use crate::plot;
use crate::text::montecarlo::{exact_view as view_of, monte_carlo_text, McProgress, AUTO_RUN_MAX};

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
    /// `exact_view` computes once, and without timings).
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.mc.summary(None))
    }
}

/// What the probability panel's results depend on.
#[derive(Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
struct Keys {
    /// The setup (the exact probability depends on nothing else).
    exact: String,
    /// The setup, seed and trials (a Monte Carlo run).
    run: String,
    /// Why there is no exact probability for this setup (`Setup::no_exact_reason`), if there
    /// is none.
    no_exact: Option<&'static str>,
    /// What the panel writes where the exact probability would be, when there is none:
    /// `none: ...`, and the sentence under the patterns' table.
    no_exact_text: Option<[String; 2]>,
    /// Whether a run of these settings starts by itself (a short one).
    auto_run: bool,
    /// The draws asked for, as the menu writes them: `10,000`.
    trials_text: String,
}

/// What the probability panel's results depend on, as strings to compare: `{exact, run}`.
/// Equal keys mean equal results, so the page knows when a result is stale.
#[wasm_bindgen(unchecked_return_type = "Keys")]
pub fn monte_carlo_key(query: &str) -> Result<JsValue, JsError> {
    let params = Params::from_query(query).params;
    let setup = Setup::from_params(&params);
    let exact = setup.key();
    let run = format!("{exact}|seed={}|trials={}", params.seed(), params.trials());
    let why = setup.no_exact_reason();
    let trials = params.trials();
    to_js(&Keys {
        auto_run: trials <= AUTO_RUN_MAX,
        trials_text: crate::fmt::int(trials),
        exact,
        run,
        no_exact: why,
        no_exact_text: why.map(|w| {
            [
                format!("none: {w}"),
                format!(
                    "No finite table for this state ({w}), so no exact probability: only the \
                     Monte Carlo applies."
                ),
            ]
        }),
    })
}

/// The exact probability as the probability panel shows it (`crate::text::montecarlo::ExactView`:
/// with fractions, each pattern's verdict and texts, and the mean ratio where annealing helps);
/// `null` where there is none (`Keys.no_exact` says why).
#[wasm_bindgen(unchecked_return_type = "ExactView | null")]
pub fn exact_view(query: &str) -> Result<JsValue, JsError> {
    let params = Params::from_query(query).params;
    let setup = Setup::from_params(&params);
    let view = exact(&setup).map(|e| view_of(&e, setup.n, setup.beta_star.len()));
    to_js(&view)
}

/// Everything the panel writes about a run (`crate::text::montecarlo::McText`): its `summary`
/// so far (`null` before any draw) and where it stands.
#[wasm_bindgen(unchecked_return_type = "McText")]
pub fn monte_carlo_text_of(
    #[wasm_bindgen(unchecked_param_type = "Summary | null")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "McProgress")] progress: JsValue,
) -> Result<JsValue, JsError> {
    let summary: Option<Summary> = serde_wasm_bindgen::from_value(summary).map_err(js_err)?;
    let progress: McProgress = serde_wasm_bindgen::from_value(progress).map_err(js_err)?;
    to_js(&monte_carlo_text(summary.as_ref(), &progress))
}

/// Draws the histogram of a Monte Carlo summary (what `MonteCarloRun.summary` returned; `null`
/// for an empty chart) on a canvas whose pixel size is already set.
#[wasm_bindgen]
pub fn draw_histogram(
    #[wasm_bindgen(unchecked_param_type = "Summary | null")] summary: JsValue,
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let summary: Option<Summary> = serde_wasm_bindgen::from_value(summary).map_err(js_err)?;
    let summary = summary.unwrap_or_else(Summary::empty);
    let (area, style) = canvas_area(canvas, dark, scale)?;
    plot::draw_histogram(&area, &summary, &style).map_err(js_err)?;
    area.present().map_err(js_err)
}
