//! The only module that knows the browser: the wasm-bindgen exports the page and its Monte Carlo
//! worker call. One module serves both (the worker instantiates the page's compiled module, so
//! no byte is fetched twice).
//!
//! Values cross typed: every result is a plain JS object made by serde-wasm-bindgen from the
//! Rust type that `lr-anneal run` also serializes (`Serializer::json_compatible()`: maps as
//! objects, `None` and NaN as `null`), and the one value that comes back (a Monte Carlo summary,
//! for drawing its histogram) is read back into its Rust type. No result is a JSON string; the
//! only JSON text is a downloaded `.json` file, which the page writes with `JSON.stringify`.
//! Errors cross as JS `Error`s with the core's message.
//!
//! - [`view`]: the schema, parsing and setting values, and [`View`]: one simulation kept for
//!   everything the page shows of it (figures, playback, sweeps, downloads);
//! - [`explore`]: the Monte Carlo runs and the exact probability (in a Web Worker) and the
//!   histogram.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::plot::Style;

mod backend;
mod explore;
mod view;
pub use backend::{WebBackend, WebBackendError};
pub use explore::*;
pub use view::*;

/// Installs the panic hook (the last resort: nothing here is meant to panic).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// `value` as a plain JS value (objects, arrays, numbers, strings, `null`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_err)
}

/// A drawing area on a canvas whose pixel size is already set (CSS size times `scale`, the
/// device pixel ratio), and the style to draw on it with (no legend: the page writes its own).
fn canvas_area(
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<(DrawingArea<WebBackend<'static>, Shift>, Style), JsError> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(JsError::new(
            "scale must be a device pixel ratio between 0 and 8",
        ));
    }
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("the canvas has no 2d context"))?;
    let style = Style {
        dark,
        scale,
        legend: false,
        // The page writes each title as an HTML heading beside its canvas (it wraps when narrow).
        titles: false,
    };
    Ok((WebBackend::Canvas(backend).into_drawing_area(), style))
}
