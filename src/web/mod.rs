//! The only module that knows the browser: the wasm-bindgen exports the page calls. Everything
//! crosses as JSON strings (parsed with `JSON.parse`) or canvases; errors cross as JS `Error`s.
//!
//! The page loads two modules built from this crate (`build.sh` builds each with one feature):
//! - `page` ([`page`]): what the first render needs: the schema, parsing and setting values,
//!   the simulation and its four figures on canvases;
//! - `extras` ([`extras`]): what only some readers use, loaded when they get to it: the Monte
//!   Carlo runs and the exact probability (in a Web Worker), the sweeps, the histogram, and the
//!   SVG and CSV downloads.
//!
//! Tests and `cargo clippy` build both (the default features).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::plot::Style;

#[cfg(feature = "extras")]
mod extras;
#[cfg(feature = "page")]
mod page;
#[cfg(feature = "extras")]
pub use extras::*;
#[cfg(feature = "page")]
pub use page::*;

/// Installs the panic hook (the last resort: nothing here is meant to panic).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A drawing area on a canvas whose pixel size is already set (CSS size times `scale`, the
/// device pixel ratio), and the style to draw on it with (no legend: the page writes its own).
fn canvas_area(
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<(DrawingArea<CanvasBackend, Shift>, Style), JsError> {
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
    };
    Ok((backend.into_drawing_area(), style))
}
