//! The figures, drawn with plotters on any backend: a canvas in the browser, an SVG string
//! natively and for downloads. One file and one function per figure (`a.rs`, `b.rs`, `c.rs`,
//! `loss.rs`); each reads a [`Outcome`] (with its trajectory) and computes nothing but geometry.
//! What they share: the palette and sizes (`style.rs`); the title, axes and the plane's
//! projection (`frame.rs`); contours (`contours.rs`); point markers (`markers.rs`); the legend
//! (`legend.rs`); the placing of labels where they collide with nothing drawn (`labels.rs`).
//! Beside Figure 1: the learning rates of a schedule (`rates.rs`), the sweeps (`sweep.rs`) and
//! the Monte Carlo histogram (`histogram.rs`), each drawn from data computed elsewhere.
//!
//! Contours are exact: the train loss restricted to the plotted plane is
//! `floor + rest + gamma_1 (b_1 - c_1)^2 + gamma_2 (b_2 - c_2)^2`, so its level sets are ellipses
//! (a pair of lines when one coordinate is unobserved), drawn from their parametric form; the test
//! loss's level sets are circles around beta* (`Sigma = I/d`).

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

use crate::outcome::Outcome;

mod a;
mod b;
mod c;
mod contours;
mod frame;
mod histogram;
mod labels;
mod legend;
mod loss;
mod markers;
mod panel;
mod rates;
mod scale;
mod style;
mod sweep;
mod ticks;
mod window;

pub use frame::tick;
pub(crate) use frame::{mesh_style, title};
pub use histogram::{draw_histogram, histogram_svg, HISTOGRAM_SIZE};
pub use labels::{text_size, Rect, CHAR_WIDTH, LINE_HEIGHT};
pub(crate) use labels::{Around, Labels};
pub use panel::{panel_css, panel_svg};
pub use rates::draw_rates;
pub(crate) use scale::{Scale, ScaleChart};
pub use style::Style;
pub(crate) use style::{font, px, Palette};
pub use sweep::{draw_sweep, log_ticks, sweep_svg, SweepHit, SweepRefs, SWEEP_SIZE};

/// A drawing failed in the backend.
#[derive(Debug, Error)]
pub enum PlotError {
    /// The backend reported an error.
    #[error("drawing failed: {0}")]
    Backend(String),
    /// The report was made without trajectories.
    #[error("the report has no trajectory to draw")]
    NoTrajectory,
    /// An unknown figure name.
    #[error("unknown figure '{0}': expected a, b, c or loss")]
    UnknownFigure(String),
}

/// Wraps a backend's error.
pub(crate) fn backend_err<E: std::fmt::Display>(e: E) -> PlotError {
    PlotError::Backend(e.to_string())
}

/// The figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Gradient flow on the train-loss contours.
    A,
    /// The annealed run on the train-loss contours.
    B,
    /// Test-loss contours with both end points and the level set's extremes.
    C,
    /// Train and test loss against time.
    Loss,
}

impl Figure {
    /// All figures, in page order.
    pub const ALL: [Figure; 4] = [Figure::A, Figure::B, Figure::C, Figure::Loss];

    /// Reads `a`, `b`, `c` or `loss`.
    pub fn parse(name: &str) -> Result<Figure, PlotError> {
        match name {
            "a" => Ok(Figure::A),
            "b" => Ok(Figure::B),
            "c" => Ok(Figure::C),
            "loss" => Ok(Figure::Loss),
            other => Err(PlotError::UnknownFigure(other.chars().take(20).collect())),
        }
    }

    /// The short name.
    pub fn name(self) -> &'static str {
        match self {
            Figure::A => "a",
            Figure::B => "b",
            Figure::C => "c",
            Figure::Loss => "loss",
        }
    }

    /// The CSS size this figure has in a composed document, the caption not included (and off
    /// screen: an exported PNG of a figure an embed does not show).
    pub fn size(self) -> (u32, u32) {
        body_size(&[self])
    }

    /// The title drawn above the figure.
    pub fn title(self) -> &'static str {
        match self {
            Figure::A => "(a) Small learning rate: gradient flow",
            Figure::B => "(b) Large, then small learning rate",
            Figure::C => "(c) Test loss landscape",
            Figure::Loss => "Loss against time",
        }
    }
}

/// Draws one figure onto `area` (which it fills, background included). The caller presents
/// the backend when it is done with it.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    report: &Outcome,
    style: &Style,
) -> Result<(), PlotError> {
    draw_at(area, figure, report, style, None)
}

/// [`draw`], marking where both runs are at time `cursor` (playback).
pub fn draw_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    report: &Outcome,
    style: &Style,
    cursor: Option<f64>,
) -> Result<(), PlotError> {
    area.fill(&Palette::new(style.dark).bg)
        .map_err(backend_err)?;
    match figure {
        Figure::A => a::draw_a(area, report, style, cursor),
        Figure::B => b::draw_b(area, report, style, cursor),
        Figure::C => c::draw_c(area, report, style, cursor),
        Figure::Loss => loss::draw_loss(area, report, style, cursor),
    }
}

/// Size in CSS pixels of one plane figure (a, b, c) and of the loss chart's height.
pub const PANEL: (u32, u32) = (380, 360);
/// Height of the loss chart in a composed SVG.
pub const LOSS_HEIGHT: u32 = 320;
/// Height of one line of the caption under a composed SVG.
pub const CAPTION_LINE: u32 = 16;

/// The size of the figures in a composed document: the plane figures side by side ([`PANEL`]
/// each), the loss chart below them at full width (at least two panels wide).
fn body_size(figures: &[Figure]) -> (u32, u32) {
    let planes = figures.iter().filter(|f| **f != Figure::Loss).count() as u32;
    let loss = figures.contains(&Figure::Loss);
    let width = (PANEL.0 * planes).max(if loss { 2 * PANEL.0 } else { 1 });
    let top = if planes == 0 { 0 } else { PANEL.1 };
    let height = top + if loss { LOSS_HEIGHT } else { 0 };
    (width, height.max(1))
}

/// How many lines the caption of a document `width` pixels wide takes: one from two panels
/// wide, else two.
fn caption_lines(width: u32) -> u32 {
    if width >= 2 * PANEL.0 {
        1
    } else {
        2
    }
}

/// The size of the document [`compose`] draws `figures` into: the plane figures side by side
/// ([`PANEL`] each), the loss chart below them at full width (at least two panels wide), and
/// the caption under them ([`CAPTION_LINE`] a line, and a margin).
pub fn composed_size(figures: &[Figure]) -> (u32, u32) {
    let (w, h) = body_size(figures);
    (w, h + caption_lines(w) * CAPTION_LINE + 8)
}

/// The caption of a composed document, in parts: the state (`ε`, `η`, `K`) and both test
/// losses, numbers as the page writes them (e.g. `ε = 0.01 · η = 1.5 · K = 4` and
/// `test loss: (A) 0.01462 (1.462 ε), (B) 0.0075 (0.75 ε)`).
pub fn caption(report: &Outcome) -> [String; 2] {
    use crate::fmt::{fmt_num, fmt_times_eps};
    let eps = report.params.eps;
    let loss = |v: Option<f64>| match v {
        Some(v) => format!("{} ({})", fmt_num(v), fmt_times_eps(v, eps)),
        None => "not reached".into(),
    };
    let annealed = if report.annealed.diverged {
        "diverged".into()
    } else {
        loss(report.annealed.test_loss)
    };
    [
        format!(
            "ε = {} · η = {}{} · K = {}",
            fmt_num(eps),
            fmt_num(report.annealed.lr),
            match report.params.lr_end {
                Some(end) => format!(" → {} ({})", fmt_num(end), report.params.schedule),
                None => String::new(),
            },
            report.params.k
        ),
        format!(
            "test loss: (A) {}, (B) {annealed}",
            loss(report.gradient_flow.test_loss)
        ),
    ]
}

/// Draws `figures` into `root` (of [`composed_size`]): the plane figures side by side, the loss
/// chart below them at full width, the [`caption`] under them. The same drawing functions as
/// the page's canvases.
pub fn compose<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figures: &[Figure],
    report: &Outcome,
    style: &Style,
) -> Result<(), PlotError> {
    let planes: Vec<Figure> = figures
        .iter()
        .copied()
        .filter(|f| *f != Figure::Loss)
        .collect();
    let (w, h) = root.dim_in_pixel();
    let lines = caption_lines((w as f64 / style.scale).round() as u32);
    let foot = px(style, (lines * CAPTION_LINE + 8) as f64);
    let (body, under) = root.split_vertically(h.saturating_sub(foot));
    let top = if planes.is_empty() {
        0
    } else {
        px(style, PANEL.1 as f64)
    };
    let (upper, lower) = body.split_vertically(top);
    if !planes.is_empty() {
        for (panel, f) in upper.split_evenly((1, planes.len())).iter().zip(&planes) {
            draw(panel, *f, report, style)?;
        }
    }
    if figures.contains(&Figure::Loss) {
        draw(&lower, Figure::Loss, report, style)?;
    }
    let pal = Palette::new(style.dark);
    under.fill(&pal.bg).map_err(backend_err)?;
    let [state, losses] = caption(report);
    let text = font(style, 11.0, &pal.fg);
    let (x, line) = (px(style, 8.0) as i32, px(style, CAPTION_LINE as f64) as i32);
    let rows = if lines == 1 {
        vec![format!("{state} · {losses}")]
    } else {
        vec![state, losses]
    };
    for (n, row) in rows.iter().enumerate() {
        // A line wider than the document (long numbers, or many digits) in a font small
        // enough to fit it.
        let room = under.dim_in_pixel().0 as f64 - 2.0 * x as f64;
        let wide = text_size(row, 11.0 * style.scale).0;
        let text = if wide > room {
            font(style, (11.0 * room / wide).max(7.0), &pal.fg)
        } else {
            text.clone()
        };
        under
            .draw(&Text::new(
                row.as_str(),
                (x, px(style, 2.0) as i32 + n as i32 * line),
                text,
            ))
            .map_err(backend_err)?;
    }
    root.present().map_err(backend_err)
}
/// Draws figures as one SVG document (see [`compose`]).
pub fn svg(figures: &[Figure], report: &Outcome, dark: bool) -> Result<String, PlotError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, composed_size(figures)).into_drawing_area();
        let style = Style {
            dark,
            ..Style::default()
        };
        compose(&root, figures, report, &style)?;
    }
    Ok(out)
}
