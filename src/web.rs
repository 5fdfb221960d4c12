//! The only module that knows the browser: the wasm-bindgen exports the page calls. Everything
//! crosses as JSON strings (parsed with `JSON.parse`) or canvases; errors cross as JS `Error`s.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::params::{schema_json, Params};
use crate::plot::{self, Figure, Style};
use crate::report::{run, Report};

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
        plot::draw(&area, figure, &self.report, &Style { dark, scale }).map_err(js_err)?;
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
