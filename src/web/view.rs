//! The schema, parsing and setting values, and [`View`]: one simulation kept for everything the
//! page shows of it (its report, the four figures, playback, the sweeps and the downloads), so
//! that nothing simulates one state twice.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use super::{canvas_area, js_err, to_js, WebBackend};
use crate::params::{schema_json, Params, ParamsJson, Warning};
use crate::plot::{self, Figure, Style};
use crate::plot_explore;
use crate::report::{run, Report};
use crate::share;
use crate::sweep::Axis;

/// The URL schema and presets (`lr-anneal schema`): keys, ranges, presets, view choices.
#[wasm_bindgen(unchecked_return_type = "Schema")]
pub fn schema() -> Result<JsValue, JsError> {
    to_js(&schema_json())
}

/// What [`parse`] returns.
#[derive(Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
struct ParseOut {
    params: ParamsJson,
    warnings: Vec<Warning>,
}

/// Reads a query string (never fails): `{params: {..., query: the canonical query}, warnings}`.
#[wasm_bindgen(unchecked_return_type = "ParseOut")]
pub fn parse(query: &str) -> Result<JsValue, JsError> {
    let parsed = Params::from_query(query);
    to_js(&ParseOut {
        params: parsed.params.to_json(),
        warnings: parsed.warnings,
    })
}

/// Sets one key of a query through the schema and returns the new canonical query string; a
/// rejected value is an `Error` whose message names the key, the value and the reason.
#[wasm_bindgen]
pub fn set_param(query: &str, key: &str, value: &str) -> Result<String, JsError> {
    Params::from_query(query)
        .params
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

/// The CSS size `[width, height]` of a figure as a download has it (title, legend and caption
/// line included): the document `lr-anneal svg --show FIGURE` writes.
#[wasm_bindgen]
pub fn export_size(figure: &str) -> Result<Box<[u32]>, JsError> {
    let (w, h) = plot::composed_size(&[Figure::parse(figure).map_err(js_err)?]);
    Ok(Box::new([w, h]))
}

/// A figure's title (`a`, `b`, `c`, `loss`), as exports draw it and the page writes it above the
/// canvas.
#[wasm_bindgen]
pub fn figure_title(figure: &str) -> Result<String, JsError> {
    Ok(Figure::parse(figure).map_err(js_err)?.title().into())
}

/// One simulation, kept for drawing its figures and reading its numbers.
#[wasm_bindgen]
pub struct View {
    params: Params,
    report: Report,
}

#[wasm_bindgen]
impl View {
    /// Parses `query` (never fails: see `warnings` in the report) and runs both optimizers with
    /// trajectories.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> View {
        let parsed = Params::from_query(query);
        let report = run(&parsed.params, parsed.warnings, true);
        View {
            params: parsed.params,
            report,
        }
    }

    /// The report as `lr-anneal run` prints it (without trajectories).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&mut self) -> Result<JsValue, JsError> {
        let trajectory = self.report.trajectory.take();
        let value = to_js(&self.report);
        self.report.trajectory = trajectory;
        value
    }

    /// The paths (`lr-anneal run --trajectory`'s `trajectory`).
    #[wasm_bindgen(unchecked_return_type = "Trajectory")]
    pub fn trajectory(&self) -> Result<JsValue, JsError> {
        to_js(&self.report.trajectory)
    }

    /// Draws figure `a`, `b`, `c` or `loss` on a canvas whose pixel size is already set (CSS size
    /// times `scale`, the device pixel ratio), with playback markers where both runs are at time
    /// `t` (none when `t` is `undefined`).
    pub fn draw(
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

    /// The time at which the later run stops (the end of playback).
    pub fn duration(&self) -> f64 {
        self.report.duration()
    }

    /// Where playback's steps stop, ascending (see `Report::playback_stops`).
    pub fn stops(&self) -> Vec<f64> {
        self.report.playback_stops()
    }

    /// Both runs' points at time `t` (clamped to the runs): `{t, gradient_flow, annealed}`, each
    /// with `t`, `beta`, `train_loss`, `test_loss`; `null` without paths.
    #[wasm_bindgen(unchecked_return_type = "Playhead | null")]
    pub fn playhead(&self, t: f64) -> Result<JsValue, JsError> {
        to_js(&self.report.at(t))
    }

    /// Sweeps `lr`, `k` or `eps` over `points` values around this state and draws it on a canvas
    /// whose pixel size is already set (CSS size times `scale`); returns the sweep and where its
    /// points are, in CSS pixels (`plot_explore::SweepView`).
    #[wasm_bindgen(unchecked_return_type = "SweepView")]
    pub fn sweep(
        &self,
        axis: &str,
        points: usize,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<JsValue, JsError> {
        let axis = Axis::parse(axis).ok_or_else(|| JsError::new("axis must be lr, k or eps"))?;
        let (area, style) = canvas_area(canvas, dark, scale)?;
        let view =
            plot_explore::sweep_view(&area, &self.params, axis, points, &style).map_err(js_err)?;
        area.present().map_err(js_err)?;
        to_js(&view)
    }

    /// Every schedule's run of this state, in `schedule`'s order (the comparison of "Beyond the
    /// paper"): each row what `lr-anneal run` prints for the state with that schedule.
    #[wasm_bindgen(unchecked_return_type = "ScheduleRow[]")]
    pub fn schedules(&self) -> Result<JsValue, JsError> {
        to_js(&crate::beyond::compare_schedules(&self.params))
    }

    /// Draws the rate of each large step against its step on a canvas whose pixel size is
    /// already set (CSS size times `scale`).
    pub fn draw_rates(
        &self,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let (area, style) = canvas_area(canvas, dark, scale)?;
        plot::draw_rates(&area, &self.report, &style).map_err(js_err)?;
        area.present().map_err(js_err)
    }

    /// Draws `figure` as a download has it (title, legend and caption line: the SVG export's
    /// drawing) on a canvas of `export_size(figure)` times `scale` pixels.
    pub fn draw_export(
        &self,
        figure: &str,
        canvas: HtmlCanvasElement,
        dark: bool,
        scale: f64,
    ) -> Result<(), JsError> {
        let figure = Figure::parse(figure).map_err(js_err)?;
        let (area, _) = canvas_area(canvas, dark, scale)?;
        let style = Style {
            dark,
            scale,
            ..Style::default()
        };
        plot::compose(&area, &[figure], &self.report, &style).map_err(js_err)
    }

    /// The given figures (`a,b,c,loss`) as one SVG document, as `lr-anneal svg` writes them
    /// (drawn through the same backend type as the canvases: see `WebBackend`).
    pub fn svg(&self, figures: &str, dark: bool) -> Result<String, JsError> {
        let figures = figures
            .split(',')
            .map(|f| Figure::parse(f.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(js_err)?;
        let mut out = String::new();
        {
            let svg = SVGBackend::with_string(&mut out, plot::composed_size(&figures));
            let root = WebBackend::Svg(svg).into_drawing_area();
            let style = Style {
                dark,
                ..Style::default()
            };
            plot::compose(&root, &figures, &self.report, &style).map_err(js_err)?;
        }
        Ok(out)
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
}
