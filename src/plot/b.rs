//! Figure (b): the large, then small learning rate. `k` large gradient-descent steps from 0
//! (each iterate a square), then gradient flow to the level set `train loss = eps`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::contours::{level_set, train_contours};
use super::frame::view;
use super::frame::Plane;
use super::labels::{Around, Labels};
use super::legend::{Key, Legend, ANYWHERE};
use super::markers::{
    beta_star, clipped, marker, name_points, playback, small_steps, start, Name, Runs, LABEL_SIZE,
};
use super::window::{inside, REACH};
use super::{backend_err, font, px, Figure, Palette, PlotError, Style};
use crate::outcome::Outcome;

/// Draws figure (b) onto `area` (over its background); with `t`, marks where the annealed run
/// is at that time (playback). The large steps are drawn while they stay near the rest (see
/// `window.rs`): where they leave the view an arrow marks it, labelled with the step a
/// diverging run overflows at (the caption's step) or the first step off the view.
pub(crate) fn draw_b<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Outcome,
    style: &Style,
    t: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    let plane = Plane::new(report)?;
    let traj = plane.traj;
    // The view: the start, beta*, gradient flow and both stops, with the level set and the
    // large steps and the flow after them where near them.
    let mut core = vec![plane.star, (0.0, 0.0)];
    core.extend(plane.path(&traj.gradient_flow));
    core.extend(plane.gf_end);
    core.extend(plane.an_end);
    let mut rest = plane.level_box().to_vec();
    rest.extend(plane.marks());
    rest.extend(plane.path(&traj.annealed_gd));
    rest.extend(plane.path(&traj.annealed_flow));
    rest.extend(plane.path(&traj.discrete_annealed));
    let mut chart = plane.chart(
        area,
        Figure::B.title(),
        &core,
        &rest,
        REACH,
        0.08,
        0.0,
        style,
        &pal,
    )?;
    let view = view(&chart);
    train_contours(&mut chart, &plane, style, &pal)?;
    let mut labels = Labels::in_chart(&chart, px(style, 2.0) as f64);
    let mut legend = Legend::default();
    level_set(&mut chart, &plane, style, &pal, &mut labels, &mut legend)?;

    // The large steps: a thin line through squares, the last one ringed.
    let len = px(style, 16.0) as i32;
    let gd: Vec<(f64, f64)> = plane.path(&traj.annealed_gd).collect();
    let an_dash = pal.an.stroke_width(px(style, 1.5));
    let pieces = clipped(&mut chart, &gd, an_dash, pal.an, style, &mut labels)?;
    let sq_size = px(style, 3.5) as i32;
    let seen: Vec<(usize, (f64, f64))> = gd
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, p)| inside(view, p))
        .collect();
    chart
        .draw_series(seen.iter().map(|&(_, p)| {
            EmptyElement::at(p)
                + Rectangle::new([(-sq_size, -sq_size), (sq_size, sq_size)], pal.an.filled())
        }))
        .map_err(backend_err)?;
    for (_, p) in &seen {
        labels.mark(chart.backend_coord(p), sq_size);
    }
    legend.add(
        "large steps",
        vec![
            Key::Line(an_dash, len),
            Key::Square(pal.an.filled(), px(style, 3.0) as i32, len / 2),
        ],
    );
    let diverged = report.annealed.diverged_at_step;
    let mut names: Vec<Name> = Vec::new();
    let mut notes: Vec<(String, (f64, f64), i32)> = Vec::new();
    // Where the steps leave the view: the first time labelled with the first step off it, and
    // the last time, for a run that diverged, with the step it overflows at (the caption's).
    let exits: Vec<(usize, (f64, f64))> = pieces
        .iter()
        .filter_map(|piece| Some((piece.leaves?, *piece.points.last()?)))
        .collect();
    let clear = px(style, 6.0) as i32;
    match (exits.first(), exits.last(), diverged) {
        (Some(&(_, at)), Some(_), Some(s)) if exits.len() == 1 => {
            notes.push((format!("diverges at step {s}"), at, clear))
        }
        (Some(&(first, at)), Some(&(_, end)), diverged) => {
            notes.push((format!("off view from step {first}"), at, clear));
            if let Some(s) = diverged {
                notes.push((format!("diverges at step {s}"), end, clear));
            }
        }
        _ => {}
    }
    let last = gd.len().checked_sub(1);
    if let Some(&(_, p)) = seen.last().filter(|&&(k, _)| Some(k) == last) {
        // The last iterate in view: ringed, where the rate drops (or where a diverging run's
        // last finite iterate is, when it never left the view).
        let ring = px(style, 9.0) as i32;
        chart
            .draw_series([EmptyElement::at(p)
                + Circle::new((0, 0), ring, pal.fg.stroke_width(px(style, 1.5)))])
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&p), ring + 1);
        match diverged {
            None => names.push(("η drops", p, ring + 1)),
            Some(s) if exits.is_empty() => {
                notes.push((format!("diverges at step {s}"), p, ring + 1))
            }
            Some(_) => {}
        }
    }
    // Then the flow, to a square at its stop.
    let an_style = pal.an.stroke_width(px(style, 2.5));
    let flow: Vec<(f64, f64)> = plane.path(&traj.annealed_flow).collect();
    clipped(&mut chart, &flow, an_style, pal.an, style, &mut labels)?;
    let mut key = vec![Key::Line(an_style, len)];
    if let Some(e) = plane.an_end {
        let m = marker(style);
        chart
            .draw_series(
                [EmptyElement::at(e) + Rectangle::new([(-m, -m), (m, m)], pal.an.filled())],
            )
            .map_err(backend_err)?;
        labels.mark(chart.backend_coord(&e), m);
        key.push(Key::Square(pal.an.filled(), px(style, 3.5) as i32, len));
    }
    if !traj.annealed_flow.is_empty() || plane.an_end.is_some() {
        legend.add("then gradient flow", key);
    }

    small_steps(
        &mut chart,
        &plane,
        &traj.discrete_annealed,
        style,
        &pal,
        &mut labels,
        &mut legend,
    )?;
    playback(&mut chart, &plane, t, Runs::Annealed, style, &pal)?;
    names.insert(0, beta_star(&mut chart, &plane, style, &pal, &mut labels)?);
    names.insert(1, start(&mut chart, style, &pal, &mut labels)?);
    legend.draw(&chart, &mut labels, &ANYWHERE, style, &pal)?;
    name_points(&chart, &mut labels, &names, style, &pal)?;
    let plot = chart.plotting_area().strip_coord_spec();
    for (text, at, clear) in &notes {
        labels.draw(
            &plot,
            chart.backend_coord(at),
            *clear,
            text,
            font(style, LABEL_SIZE, &pal.fg),
            LABEL_SIZE * style.scale,
            Around::Point,
        )?;
    }
    // Last, so the names keep their places: each large-step iterate's number (from step 1).
    let at: Vec<(usize, (i32, i32))> = seen
        .iter()
        .filter(|&&(k, _)| k > 0)
        .map(|&(k, p)| (k, chart.backend_coord(&p)))
        .collect();
    for (text, p) in step_numbers(&at, last.unwrap_or(0)) {
        labels.draw(
            &plot,
            p,
            sq_size + 1,
            &text,
            font(style, STEP_SIZE, &pal.fg),
            STEP_SIZE * style.scale,
            Around::Point,
        )?;
    }
    Ok(())
}

/// The font size of the iterates' numbers.
const STEP_SIZE: f64 = 10.0;
/// Iterates this close (in pixels, each way) are one spot and share a label.
const SAME_SPOT: i32 = 3;
/// Spots numbered: those first reached by one of the first this many steps, and the last one.
const NUMBERED: usize = 9;

/// The labels of the large-step iterates `at` (their steps, from 1, and backend pixels), of
/// which `last` is the run's last: iterates on one spot share a label (`1, 3` for a bounce
/// between two points; `1, 3, …, 99` for more than three), each at the spot's first iterate.
/// Only the spots first reached within [`NUMBERED`] steps are numbered, and the one the last
/// step reaches.
fn step_numbers(at: &[(usize, (i32, i32))], last: usize) -> Vec<(String, (i32, i32))> {
    let mut spots: Vec<((i32, i32), Vec<usize>)> = Vec::new();
    for &(t, p) in at {
        let near =
            |q: &(i32, i32)| (q.0 - p.0).abs() <= SAME_SPOT && (q.1 - p.1).abs() <= SAME_SPOT;
        match spots.iter_mut().find(|(q, _)| near(q)) {
            Some((_, steps)) => steps.push(t),
            None => spots.push((p, vec![t])),
        }
    }
    spots
        .into_iter()
        .filter(|(_, steps)| steps[0] <= NUMBERED || steps.last() == Some(&last))
        .map(|(p, steps)| {
            let text = match steps.as_slice() {
                [a, b, _, .., z] => format!("{a}, {b}, …, {z}"),
                few => few
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (text, p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::step_numbers;

    /// Iterates 1, 2, ... at `spots`.
    fn steps(spots: &[(i32, i32)]) -> Vec<(usize, (i32, i32))> {
        spots
            .iter()
            .copied()
            .enumerate()
            .map(|(t, p)| (t + 1, p))
            .collect()
    }

    #[test]
    fn a_bounce_between_two_spots_is_two_labels() {
        let at = steps(&[(10, 10), (50, 10), (11, 9), (50, 10)]);
        let got = step_numbers(&at, 4);
        assert_eq!(
            got,
            vec![("1, 3".into(), (10, 10)), ("2, 4".into(), (50, 10))]
        );
        let long: Vec<(i32, i32)> = (0..9).map(|t| [(10, 10), (50, 10)][t % 2]).collect();
        let got: Vec<String> = step_numbers(&steps(&long), 9)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(got, ["1, 3, …, 9", "2, 4, …, 8"]);
    }

    #[test]
    fn late_spots_are_not_numbered_but_the_last_is() {
        let at: Vec<(i32, i32)> = (0..12).map(|t| (10 * t, 0)).collect();
        let got: Vec<String> = step_numbers(&steps(&at), 12)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(got, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "12"]);
    }

    #[test]
    fn iterates_off_the_view_are_not_numbered() {
        // Steps 1 to 3 in view, then off it: 4 (the last) is not there to number.
        let at = steps(&[(10, 10), (20, 20), (30, 30)]);
        let got: Vec<String> = step_numbers(&at, 4).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["1", "2", "3"]);
    }
}
