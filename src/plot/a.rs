//! Figure (a): the small learning rate. Gradient flow from 0 on the train loss's contours,
//! stopped where it first reaches the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::Plane;
use super::legend::{legend, swatch};
use super::markers::{beta_star, marker, playback, small_steps, start, Runs};
use super::{backend_err, px, Figure, Palette, PlotError, Style};
use crate::report::Report;

/// Draws figure (a) onto `area` (over its background); with `t`, marks where gradient flow is
/// at that time (playback).
pub(crate) fn draw_a<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    let traj = plane.traj;
    let mut shown = vec![plane.star, (0.0, 0.0)];
    shown.extend(plane.path(&traj.gradient_flow));
    shown.extend(plane.marks());
    let mut chart = plane.chart(area, Figure::A.title(), &shown, 0.08, style, &pal)?;
    train_contours(&mut chart, &plane, style, &pal)?;
    level_set(&mut chart, &plane, style, &pal)?;

    let gf_style = pal.gf.stroke_width(px(style, 3.0));
    chart
        .draw_series(LineSeries::new(plane.path(&traj.gradient_flow), gf_style))
        .map_err(backend_err)?
        .label("gradient flow")
        .legend(swatch(gf_style, 16));
    if let Some(e) = plane.gf_end {
        chart
            .draw_series([Circle::new(e, marker(style), pal.gf.filled())])
            .map_err(backend_err)?;
    }

    small_steps(
        &mut chart,
        &plane,
        &traj.discrete_gradient_flow,
        style,
        &pal,
    )?;
    playback(&mut chart, &plane, t, Runs::GradientFlow, style, &pal)?;
    beta_star(&mut chart, &plane, style, &pal)?;
    start(&mut chart, style, &pal)?;
    legend(&mut chart, SeriesLabelPosition::UpperLeft, style, &pal)
}
