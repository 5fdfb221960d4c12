//! Figure (a): the small learning rate. Gradient flow from 0 on the train loss's contours,
//! stopped where it first reaches the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::Plane;
use super::labels::Labels;
use super::legend::{Key, Legend, ANYWHERE};
use super::markers::{beta_star, marker, name_points, playback, small_steps, start, Runs};
use super::window::REACH;
use super::{backend_err, px, Figure, Palette, PlotError, Style};
use crate::outcome::Outcome;

/// Draws figure (a) onto `area` (over its background); with `t`, marks where gradient flow is
/// at that time (playback).
pub(crate) fn draw_a<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    let traj = plane.traj;
    // The view: the start, beta* and the flow, with the level set and the small steps when
    // near them.
    let mut core = vec![plane.star, (0.0, 0.0)];
    core.extend(plane.path(&traj.gradient_flow));
    core.extend(plane.gf_end);
    let mut rest = plane.level_box().to_vec();
    rest.extend(plane.marks());
    rest.extend(plane.path(&traj.discrete_gradient_flow));
    let mut chart = plane.chart(
        area,
        Figure::A.title(),
        &core,
        &rest,
        REACH,
        0.08,
        0.0,
        style,
        &pal,
    )?;
    train_contours(&mut chart, &plane, style, &pal)?;
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    let mut legend = Legend::default();
    level_set(&mut chart, &plane, style, &pal, &mut labels, &mut legend)?;

    let gf_style = pal.gf.stroke_width(px(style, 3.0));
    chart
        .draw_series(LineSeries::new(plane.path(&traj.gradient_flow), gf_style))
        .map_err(backend_err)?;
    labels.chart_path(&chart, plane.path(&traj.gradient_flow));
    let len = px(style, 16.0) as i32;
    let mut key = vec![Key::Line(gf_style, len)];
    if let Some(e) = plane.gf_end {
        chart
            .draw_series([Circle::new(e, marker(style), pal.gf.filled())])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&e), marker(style));
        key.push(Key::Circle(pal.gf.filled(), px(style, 3.5) as i32, len));
    }
    legend.add("gradient flow", key);

    small_steps(
        &mut chart,
        &plane,
        &traj.discrete_gradient_flow,
        style,
        &pal,
        &mut labels,
        &mut legend,
    )?;
    playback(&mut chart, &plane, t, Runs::GradientFlow, style, &pal)?;
    let star = beta_star(&mut chart, &plane, style, &pal, &mut labels)?;
    let origin = start(&mut chart, style, &pal, &mut labels)?;
    legend.draw(&chart, &mut labels, &ANYWHERE, style, &pal)?;
    name_points(&chart, &mut labels, &[star, origin], style, &pal)
}
