//! Figure (b): the large, then small learning rate. `k` large gradient-descent steps from 0
//! (each iterate a square), then gradient flow to the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::Plane;
use super::legend::{legend, swatch};
use super::markers::{beta_star, marker, playback, small_steps, start, Runs};
use super::{backend_err, font, px, Figure, Palette, PlotError, Style};
use crate::report::Report;

/// Draws figure (b) onto `area` (over its background); with `t`, marks where the annealed run
/// is at that time (playback).
pub(crate) fn draw_b<DB: DrawingBackend>(
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
    shown.extend(plane.path(&traj.annealed_gd));
    shown.extend(plane.path(&traj.annealed_flow));
    shown.extend(plane.marks());
    let mut chart = plane.chart(area, Figure::B.title(), &shown, 0.08, style, &pal)?;
    train_contours(&mut chart, &plane, style, &pal)?;
    level_set(&mut chart, &plane, style, &pal)?;

    // The large steps: a thin line through squares, the last one ringed.
    let gd: Vec<(f64, f64)> = plane.path(&traj.annealed_gd).collect();
    let an_dash = pal.an.stroke_width(px(style, 1.5));
    chart
        .draw_series(LineSeries::new(gd.clone(), an_dash))
        .map_err(backend_err)?
        .label("large steps")
        .legend(swatch(an_dash, 16));
    let sq_size = px(style, 3.5) as i32;
    chart
        .draw_series(gd.iter().map(|&p| {
            EmptyElement::at(p)
                + Rectangle::new([(-sq_size, -sq_size), (sq_size, sq_size)], pal.an.filled())
        }))
        .map_err(backend_err)?;
    if let Some(&last) = gd.last() {
        let ring = px(style, 9.0) as i32;
        let note = if report.annealed.diverged {
            "diverged"
        } else {
            "lr drops"
        };
        chart
            .draw_series([EmptyElement::at(last)
                + Circle::new((0, 0), ring, pal.fg.stroke_width(px(style, 1.5)))
                + Text::new(note, (ring + 3, -ring), font(style, 11.0, &pal.fg))])
            .map_err(backend_err)?;
    }
    // Then the flow, to a square at its stop.
    let an_style = pal.an.stroke_width(px(style, 2.5));
    chart
        .draw_series(LineSeries::new(plane.path(&traj.annealed_flow), an_style))
        .map_err(backend_err)?
        .label("then gradient flow")
        .legend(swatch(an_style, 16));
    if let Some(e) = plane.an_end {
        let m = marker(style);
        chart
            .draw_series(
                [EmptyElement::at(e) + Rectangle::new([(-m, -m), (m, m)], pal.an.filled())],
            )
            .map_err(backend_err)?;
    }

    small_steps(&mut chart, &plane, &traj.discrete_annealed, style, &pal)?;
    playback(&mut chart, &plane, t, Runs::Annealed, style, &pal)?;
    beta_star(&mut chart, &plane, style, &pal)?;
    start(&mut chart, style, &pal)?;
    legend(&mut chart, SeriesLabelPosition::UpperLeft, style, &pal)
}
