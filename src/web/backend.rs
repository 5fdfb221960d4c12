//! One drawing backend for both of the page's targets, a canvas and an SVG string, so that the
//! figures' drawing code (generic over plotters' `DrawingBackend`) is compiled into the module
//! once, not once per backend. Every call goes to the backend inside, unchanged.

use std::fmt;

use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;

/// A canvas or an SVG document being written.
pub enum WebBackend<'a> {
    /// A `<canvas>`'s 2-D context.
    Canvas(CanvasBackend),
    /// plotters' SVG backend, writing into a string.
    Svg(SVGBackend<'a>),
}

/// A drawing error of either backend, as its message.
#[derive(Debug)]
pub struct WebBackendError(String);

impl fmt::Display for WebBackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WebBackendError {}

type Result<T> = std::result::Result<T, DrawingErrorKind<WebBackendError>>;

fn lift<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<WebBackendError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(WebBackendError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// `backend.$call` on whichever backend is inside, its error lifted.
macro_rules! each {
    ($self:expr, $b:ident => $call:expr) => {
        match $self {
            WebBackend::Canvas($b) => $call.map_err(lift),
            WebBackend::Svg($b) => $call.map_err(lift),
        }
    };
}

impl DrawingBackend for WebBackend<'_> {
    type ErrorType = WebBackendError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            WebBackend::Canvas(b) => b.get_size(),
            WebBackend::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        each!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<()> {
        each!(self, b => b.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        each!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        each!(self, b => b.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        each!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        each!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        each!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        each!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<()> {
        each!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32)> {
        match self {
            WebBackend::Canvas(b) => b.estimate_text_size(text, style).map_err(lift),
            WebBackend::Svg(b) => b.estimate_text_size(text, style).map_err(lift),
        }
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        each!(self, b => b.blit_bitmap(pos, size, src))
    }
}
