//! The figures, drawn with plotters on any backend: a canvas in the browser, an SVG string
//! natively and for downloads. One function per figure; each reads a [`Report`] (with its
//! trajectory) and computes nothing but geometry.
//!
//! Contours are exact: the train loss restricted to the plotted plane is
//! `floor + rest + gamma_1 (b_1 - c_1)^2 + gamma_2 (b_2 - c_2)^2`, so its level sets are ellipses
//! (a pair of lines when one coordinate is unobserved), drawn from their parametric form; the test
//! loss's level sets are circles around beta* (`Sigma = I/d`).

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use thiserror::Error;

use crate::model::sq;
use crate::report::{Point, Report};

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

/// Colours and scale.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Dark theme.
    pub dark: bool,
    /// Device pixels per CSS pixel (fonts and lines scale with it).
    pub scale: f64,
    /// Draw a legend inside the chart (standalone SVGs; the page has its own legend).
    pub legend: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            dark: false,
            scale: 1.0,
            legend: true,
        }
    }
}

/// The colour-blind-safe palette (Okabe and Ito), per theme.
pub(crate) struct Palette {
    pub(crate) bg: RGBColor,
    pub(crate) fg: RGBColor,
    pub(crate) grid: RGBColor,
    pub(crate) contour: RGBColor,
    pub(crate) level: RGBColor,
    pub(crate) gf: RGBColor,
    pub(crate) an: RGBColor,
    pub(crate) good: RGBColor,
    pub(crate) bad: RGBColor,
}

impl Palette {
    pub(crate) fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                bg: RGBColor(0x16, 0x18, 0x1d),
                fg: RGBColor(0xe6, 0xe6, 0xe6),
                grid: RGBColor(0x2c, 0x30, 0x38),
                contour: RGBColor(0x55, 0x5b, 0x66),
                level: RGBColor(0xe0, 0x8f, 0xc0),
                gf: RGBColor(0xf0, 0x7e, 0x3a),
                an: RGBColor(0x56, 0xb4, 0xe9),
                good: RGBColor(0x2e, 0xc4, 0x95),
                bad: RGBColor(0xf0, 0xe4, 0x42),
            }
        } else {
            Palette {
                bg: RGBColor(0xff, 0xff, 0xff),
                fg: RGBColor(0x1f, 0x23, 0x28),
                grid: RGBColor(0xea, 0xec, 0xef),
                contour: RGBColor(0xb4, 0xb9, 0xc2),
                level: RGBColor(0xcc, 0x79, 0xa7),
                gf: RGBColor(0xd5, 0x5e, 0x00),
                an: RGBColor(0x00, 0x72, 0xb2),
                good: RGBColor(0x00, 0x9e, 0x73),
                bad: RGBColor(0xe6, 0x9f, 0x00),
            }
        }
    }
}

/// Draws one figure onto `area` (which it fills, background included). The caller presents
/// the backend when it is done with it.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    report: &Report,
    style: &Style,
) -> Result<(), PlotError> {
    draw_at(area, figure, report, style, None)
}

/// [`draw`], marking where both runs are at time `cursor` (playback).
pub fn draw_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    report: &Report,
    style: &Style,
    cursor: Option<f64>,
) -> Result<(), PlotError> {
    let pal = Palette::new(style.dark);
    area.fill(&pal.bg).map_err(backend_err)?;
    match figure {
        Figure::A | Figure::B | Figure::C => draw_plane(area, figure, report, style, &pal, cursor),
        Figure::Loss => draw_loss(area, report, style, &pal, cursor),
    }
}

/// Size in CSS pixels of one plane figure (a, b, c) and of the loss chart's height.
pub const PANEL: (u32, u32) = (380, 360);
/// Height of the loss chart in a composed SVG.
pub const LOSS_HEIGHT: u32 = 320;

/// Draws figures as one SVG document: the plane figures side by side, the loss chart below them
/// at full width. The same drawing functions as the page's canvases.
pub fn svg(figures: &[Figure], report: &Report, dark: bool) -> Result<String, PlotError> {
    let planes: Vec<Figure> = figures
        .iter()
        .copied()
        .filter(|f| *f != Figure::Loss)
        .collect();
    let loss = figures.contains(&Figure::Loss);
    let width = (PANEL.0 * planes.len() as u32).max(if loss { 2 * PANEL.0 } else { 1 });
    let top = if planes.is_empty() { 0 } else { PANEL.1 };
    let height = top + if loss { LOSS_HEIGHT } else { 0 };
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height.max(1))).into_drawing_area();
        let style = Style {
            dark,
            ..Style::default()
        };
        let (upper, lower) = root.split_vertically(top);
        if !planes.is_empty() {
            for (panel, f) in upper.split_evenly((1, planes.len())).iter().zip(&planes) {
                draw(panel, *f, report, &style)?;
            }
        }
        if loss {
            draw(&lower, Figure::Loss, report, &style)?;
        }
        root.present().map_err(backend_err)?;
    }
    Ok(out)
}

/// A compact tick label: at most four significant digits, scientific notation when large or tiny.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        s.replace(".0e", "e")
    } else {
        let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{v:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Draws a centred title at the top of `area` and returns the height it takes. (Plotters'
/// `caption` measures the text first, which in the browser forces a layout of the whole page;
/// the canvas centres text by itself.)
pub(crate) fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &Style,
    pal: &Palette,
) -> Result<u32, PlotError> {
    let (w, _) = area.dim_in_pixel();
    let font = font(style, 14.0, &pal.fg).pos(Pos::new(HPos::Center, VPos::Top));
    let top = px(style, 6.0) as i32;
    area.draw(&Text::new(text, (w as i32 / 2, top), font))
        .map_err(backend_err)?;
    Ok(px(style, 26.0))
}

pub(crate) fn px(style: &Style, v: f64) -> u32 {
    (v * style.scale).round().max(1.0) as u32
}

/// The mesh every chart shares: grid lines without minor ones, the axes, and the label fonts.
/// Each chart adds its own label counts, formatters and descriptions.
pub(crate) fn mesh_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    pal: &'b Palette,
    style: &Style,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.bold_line_style(pal.grid.stroke_width(px(style, 1.0)))
        .max_light_lines(0)
        .axis_style(pal.contour.stroke_width(px(style, 1.0)))
        .label_style(font(style, 11.0, &pal.fg))
        .axis_desc_style(font(style, 12.0, &pal.fg))
}

pub(crate) fn font<'a>(style: &Style, size: f64, color: &'a RGBColor) -> TextStyle<'a> {
    // The family as a value, not the string "sans-serif": parsing that pulls Unicode case tables
    // into the wasm module.
    (FontFamily::SansSerif, size * style.scale)
        .into_font()
        .color(color)
}

/// `β` with a subscript coordinate number.
fn beta_label(j: usize) -> String {
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let digits: String = (j + 1)
        .to_string()
        .chars()
        .map(|c| SUB[c as usize - '0' as usize])
        .collect();
    format!("β{digits}")
}

/// A range that contains `lo..hi`, padded, never empty.
fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let span = (hi - lo).max(1e-9 * (lo.abs() + hi.abs()).max(1e-12));
    (lo - pad * span, hi + pad * span)
}

fn draw_plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    report: &Report,
    style: &Style,
    pal: &Palette,
    cursor: Option<f64>,
) -> Result<(), PlotError> {
    let traj = report.trajectory.as_ref().ok_or(PlotError::NoTrajectory)?;
    let q = &report.quadratic;
    // The plane shown: coordinates i and j (j may be past d when d = 1: then it is 0).
    let (i, j) = report.plane;
    let xy = move |b: &[f64]| (b[i], b.get(j).copied().unwrap_or(0.0));
    let point_xy = move |p: &Point| xy(&p.beta);
    let star = xy(&q.beta_star[..q.d]);
    let gf_end = report.gradient_flow.beta.as_deref().map(xy);
    let an_end = report.annealed.beta.as_deref().map(xy);
    let good = report.level_set.as_ref().map(|l| xy(&l.good_beta));
    let bad = report.level_set.as_ref().map(|l| xy(&l.bad_beta));
    let eps = report.params.eps;

    // The view: everything drawn, padded, with equal scales on both axes. (c) zooms on the
    // level set, where the end points are.
    let mut pts: Vec<(f64, f64)> = vec![star];
    if figure == Figure::C {
        let c = (q.center[i], q.center[j]);
        let r = (eps - q.floor).max(0.0);
        let half = |g: f64| if g > 0.0 { (r / g).sqrt() } else { 0.0 };
        let (hx, hy) = (half(q.gamma[i]), half(q.gamma[j]));
        pts.extend([(c.0 - hx, c.1 - hy), (c.0 + hx, c.1 + hy)]);
    } else {
        pts.push((0.0, 0.0));
        pts.extend(traj.gradient_flow.iter().map(point_xy));
    }
    if figure == Figure::B {
        pts.extend(traj.annealed_gd.iter().map(point_xy));
        pts.extend(traj.annealed_flow.iter().map(point_xy));
    }
    pts.extend([gf_end, an_end, good, bad].into_iter().flatten());
    let fold = |f: fn(&(f64, f64)) -> f64| {
        pts.iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            })
    };
    let (mut x0, mut x1) = fold(|p| p.0);
    let (mut y0, mut y1) = fold(|p| p.1);
    let pad = if figure == Figure::C { 0.3 } else { 0.08 };
    (x0, x1) = padded(x0, x1, pad);
    (y0, y1) = padded(y0, y1, pad);
    let (w, h) = area.dim_in_pixel();
    let (left, bottom, top, margin) = (
        px(style, 46.0),
        px(style, 34.0),
        px(style, 26.0),
        px(style, 8.0),
    );
    let pw = w.saturating_sub(left + 2 * margin).max(1) as f64;
    let ph = h.saturating_sub(bottom + top + margin).max(1) as f64;
    let units_per_px = ((x1 - x0) / pw).max((y1 - y0) / ph);
    let (cx, cy) = (0.5 * (x0 + x1), 0.5 * (y0 + y1));
    (x0, x1) = (cx - 0.5 * units_per_px * pw, cx + 0.5 * units_per_px * pw);
    (y0, y1) = (cy - 0.5 * units_per_px * ph, cy + 0.5 * units_per_px * ph);

    let title_height = title(area, figure.title(), style, pal)?;
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .margin_top(title_height)
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(backend_err)?;
    mesh_style(&mut chart.configure_mesh(), pal, style)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_desc(beta_label(i))
        .y_desc(beta_label(j))
        .draw()
        .map_err(backend_err)?;

    let thin = pal.contour.stroke_width(px(style, 1.0));
    let level_style = pal.level.stroke_width(px(style, 2.5));
    let view = (x0, x1, y0, y1);
    if figure == Figure::C {
        // Test loss in the plane (other coordinates at beta*): circles around beta*.
        let r_max = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
            .iter()
            .map(|&(x, y)| (sq(x - star.0) + sq(y - star.1)).sqrt())
            .fold(0.0, f64::max);
        for i in 1..=10 {
            let r = r_max * i as f64 / 10.0;
            let circle = ellipse(star, r, if j < q.d { r } else { f64::INFINITY }, view);
            for part in circle {
                chart
                    .draw_series(LineSeries::new(part, thin))
                    .map_err(backend_err)?;
            }
        }
    } else {
        // Train loss in the plane (other coordinates at their optimum): ellipses.
        let c = (q.center[i], q.center[j]);
        let g = (q.gamma[i], q.gamma[j]);
        let excess = |x: f64, y: f64| g.0 * sq(x - c.0) + g.1 * sq(y - c.1);
        let corner = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
            .iter()
            .map(|&(x, y)| excess(x, y))
            .fold(0.0, f64::max);
        let r_level = (eps - q.floor).max(0.0).sqrt();
        let step = (corner.sqrt() - r_level).max(0.0) / 9.0;
        for i in 1..=9 {
            let r = r_level + step * i as f64;
            for part in train_ellipse(c, g, sq(r), view) {
                chart
                    .draw_series(LineSeries::new(part, thin))
                    .map_err(backend_err)?;
            }
        }
    }
    // The level set L_hat = eps, on every plane figure.
    let c = (q.center[i], q.center[j]);
    let g = (q.gamma[i], q.gamma[j]);
    let mut first = true;
    for part in train_ellipse(c, g, (eps - q.floor).max(0.0), view) {
        let s = chart
            .draw_series(LineSeries::new(part, level_style))
            .map_err(backend_err)?;
        if first {
            s.label("train loss = ε")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], level_style));
            first = false;
        }
    }

    let marker = px(style, 4.5) as i32;
    let gf_style = pal.gf.stroke_width(px(style, 3.0));
    let an_style = pal.an.stroke_width(px(style, 2.5));
    let an_dash = pal.an.stroke_width(px(style, 1.5));
    match figure {
        Figure::A => {
            chart
                .draw_series(LineSeries::new(
                    traj.gradient_flow.iter().map(point_xy),
                    gf_style,
                ))
                .map_err(backend_err)?
                .label("gradient flow")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], gf_style));
            if let Some(e) = gf_end {
                chart
                    .draw_series([Circle::new(e, marker, pal.gf.filled())])
                    .map_err(backend_err)?;
            }
        }
        Figure::B => {
            let gd: Vec<(f64, f64)> = traj.annealed_gd.iter().map(point_xy).collect();
            chart
                .draw_series(LineSeries::new(gd.clone(), an_dash))
                .map_err(backend_err)?
                .label("large steps")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], an_dash));
            let sq_size = px(style, 3.5) as i32;
            chart
                .draw_series(gd.iter().map(|&p| {
                    EmptyElement::at(p)
                        + Rectangle::new(
                            [(-sq_size, -sq_size), (sq_size, sq_size)],
                            pal.an.filled(),
                        )
                }))
                .map_err(backend_err)?;
            if let Some(&last) = gd.last() {
                let ring = px(style, 9.0) as i32;
                chart
                    .draw_series([EmptyElement::at(last)
                        + Circle::new((0, 0), ring, pal.fg.stroke_width(px(style, 1.5)))
                        + Text::new(
                            if report.annealed.diverged {
                                "diverged"
                            } else {
                                "lr drops"
                            },
                            (ring + 3, -ring),
                            font(style, 11.0, &pal.fg),
                        )])
                    .map_err(backend_err)?;
            }
            chart
                .draw_series(LineSeries::new(
                    traj.annealed_flow.iter().map(point_xy),
                    an_style,
                ))
                .map_err(backend_err)?
                .label("then gradient flow")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], an_style));
            if let Some(e) = an_end {
                chart
                    .draw_series([EmptyElement::at(e)
                        + Rectangle::new([(-marker, -marker), (marker, marker)], pal.an.filled())])
                    .map_err(backend_err)?;
            }
        }
        Figure::C => {
            let label = |text: &'static str, p: (f64, f64), color: RGBColor, dy: i32| {
                EmptyElement::at(p)
                    + Circle::new((0, 0), marker, color.filled())
                    + Text::new(text, (marker + 3, dy), font(style, 11.0, &pal.fg))
            };
            if let (Some(gp), Some(bp)) = (good, bad) {
                chart
                    .draw_series([
                        label("good", gp, pal.good, -marker),
                        label("bad", bp, pal.bad, -marker),
                    ])
                    .map_err(backend_err)?;
                if q.noise_var == 0.0 {
                    // Without noise the level set is symmetric about beta*: the mirror images
                    // are equally good and bad.
                    let mirror = |p: (f64, f64)| (2.0 * star.0 - p.0, 2.0 * star.1 - p.1);
                    chart
                        .draw_series([
                            Circle::new(mirror(gp), marker, pal.good.filled()),
                            Circle::new(mirror(bp), marker, pal.bad.filled()),
                        ])
                        .map_err(backend_err)?;
                }
            }
            if let Some(e) = gf_end {
                chart
                    .draw_series([EmptyElement::at(e)
                        + Circle::new((0, 0), marker + 2, pal.gf.stroke_width(px(style, 2.5)))])
                    .map_err(backend_err)?
                    .label("gradient flow's stop")
                    .legend(move |(x, y)| Circle::new((x + 8, y), 4, gf_style));
            }
            if let Some(e) = an_end {
                let m = marker + 1;
                chart
                    .draw_series([EmptyElement::at(e)
                        + Rectangle::new([(-m, -m), (m, m)], pal.an.stroke_width(px(style, 2.5)))])
                    .map_err(backend_err)?
                    .label("annealed stop")
                    .legend(move |(x, y)| {
                        Rectangle::new([(x + 4, y - 4), (x + 12, y + 4)], an_style)
                    });
            }
        }
        Figure::Loss => {}
    }
    // With flow_lr: small-step gradient descent in place of the flow, thin, in the text colour.
    let fine = match figure {
        Figure::A => &traj.discrete_gradient_flow,
        Figure::B => &traj.discrete_annealed,
        _ => &traj.discrete_gradient_flow[..0],
    };
    if let Some(end) = fine.last() {
        let thin = pal.fg.mix(0.8).stroke_width(px(style, 1.0));
        chart
            .draw_series(LineSeries::new(fine.iter().map(point_xy), thin))
            .map_err(backend_err)?
            .label("small-step descent")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], thin));
        let m = px(style, 3.5) as i32;
        chart
            .draw_series([EmptyElement::at(point_xy(end))
                + Polygon::new(vec![(0, -m), (m, 0), (0, m), (-m, 0)], pal.fg.filled())])
            .map_err(backend_err)?;
    }
    // Playback: where both runs are at the cursor's time.
    if let Some(head) = cursor.and_then(|t| report.at(t)) {
        let ring = px(style, 7.0) as i32;
        let mark = |p: &Point, color: RGBColor| {
            EmptyElement::at(point_xy(p))
                + Circle::new((0, 0), ring, color.stroke_width(px(style, 2.5)))
                + Circle::new((0, 0), px(style, 2.0) as i32, color.filled())
        };
        let mut marks = Vec::new();
        if figure != Figure::B {
            marks.push(mark(&head.gradient_flow, pal.gf));
        }
        if figure != Figure::A && !report.annealed.diverged {
            marks.push(mark(&head.annealed, pal.an));
        }
        chart.draw_series(marks).map_err(backend_err)?;
    }
    // beta*, and the start.
    let cross = px(style, 5.0) as i32;
    chart
        .draw_series([EmptyElement::at(star)
            + Cross::new((0, 0), cross, pal.fg.stroke_width(px(style, 2.0)))
            + Text::new("β*", (cross + 2, 2), font(style, 11.0, &pal.fg))])
        .map_err(backend_err)?;
    if figure != Figure::C {
        chart
            .draw_series([EmptyElement::at((0.0, 0.0))
                + Circle::new(
                    (0, 0),
                    px(style, 3.0) as i32,
                    pal.fg.stroke_width(px(style, 1.5)),
                )
                + Text::new("start", (5, 3), font(style, 11.0, &pal.fg))])
            .map_err(backend_err)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft, style, pal)
}

/// The series' legend, drawn only in standalone SVGs (the page has its own).
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    style: &Style,
    pal: &Palette,
) -> Result<(), PlotError> {
    if !style.legend {
        return Ok(());
    }
    chart
        .configure_series_labels()
        .position(position)
        .margin(px(style, 4.0))
        .legend_area_size(px(style, 20.0))
        .label_font(font(style, 11.0, &pal.fg))
        .background_style(pal.bg.mix(0.85))
        .border_style(pal.contour)
        .draw()
        .map_err(backend_err)
}

/// The curve `g1 (x - c1)^2 + g2 (y - c2)^2 = r` within the view: an ellipse, or two lines when
/// one curvature is zero, or nothing.
fn train_ellipse(
    c: (f64, f64),
    g: (f64, f64),
    r: f64,
    view: (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let axis = |gi: f64| {
        if gi > 0.0 {
            (r / gi).sqrt()
        } else {
            f64::INFINITY
        }
    };
    ellipse(c, axis(g.0), axis(g.1), view)
}

/// An axis-aligned ellipse with semi-axes `a`, `b` around `c`; an infinite semi-axis gives the
/// pair of lines it degenerates to (clipped to the view).
fn ellipse(c: (f64, f64), a: f64, b: f64, view: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    match (a.is_finite(), b.is_finite()) {
        (true, true) => {
            const N: usize = 160;
            vec![(0..=N)
                .map(|i| {
                    let th = std::f64::consts::TAU * i as f64 / N as f64;
                    (c.0 + a * th.cos(), c.1 + b * th.sin())
                })
                .collect()]
        }
        (true, false) => vec![
            vec![(c.0 - a, y0), (c.0 - a, y1)],
            vec![(c.0 + a, y0), (c.0 + a, y1)],
        ],
        (false, true) => vec![
            vec![(x0, c.1 - b), (x1, c.1 - b)],
            vec![(x0, c.1 + b), (x1, c.1 + b)],
        ],
        (false, false) => Vec::new(),
    }
}

fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: &Style,
    pal: &Palette,
    cursor: Option<f64>,
) -> Result<(), PlotError> {
    let traj = report.trajectory.as_ref().ok_or(PlotError::NoTrajectory)?;
    let eps = report.params.eps;
    let an_path: Vec<&Point> = traj.annealed_gd.iter().chain(&traj.annealed_flow).collect();
    let all = traj.gradient_flow.iter().chain(an_path.iter().copied());
    let (mut t1, mut lo, mut hi) = (0.0f64, eps, eps);
    for p in all {
        t1 = t1.max(p.t);
        for v in [p.train_loss, p.test_loss] {
            if v > 0.0 && v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    let t1 = if t1 > 0.0 { t1 * 1.04 } else { 1.0 };
    // Diverging large steps reach 1e300: show at most twelve decades above the starting loss
    // (values beyond are drawn at the top edge).
    let start = traj
        .gradient_flow
        .first()
        .map_or(eps, |p| p.train_loss.max(p.test_loss));
    let cap = start.max(eps) * 1e12;
    let (lo, hi) = (lo / 1.6, hi.min(cap) * 1.6);
    let clamp = |v: f64| v.clamp(lo, hi);
    let (bottom, left, margin) = (px(style, 34.0), px(style, 58.0), px(style, 8.0));
    let title_height = title(area, Figure::Loss.title(), style, pal)?;
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .margin_top(title_height)
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(0.0..t1, (lo..hi).log_scale())
        .map_err(backend_err)?;
    mesh_style(&mut chart.configure_mesh(), pal, style)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .x_desc("time (a step of size lr counts as lr)")
        .y_desc("loss")
        .draw()
        .map_err(backend_err)?;

    let level_style = pal.level.stroke_width(px(style, 1.5));
    chart
        .draw_series(LineSeries::new([(0.0, eps), (t1, eps)], level_style))
        .map_err(backend_err)?
        .label("ε")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], level_style));
    // The moment the learning rate drops.
    if let Some(last) = traj.annealed_gd.last() {
        if !traj.annealed_flow.is_empty() {
            let t = last.t;
            chart
                .draw_series(LineSeries::new(
                    [(t, lo), (t, hi)],
                    pal.contour.stroke_width(px(style, 1.5)),
                ))
                .map_err(backend_err)?;
            chart
                .draw_series([Text::new(
                    "lr drops",
                    (t, hi / 1.5),
                    font(style, 11.0, &pal.fg),
                )])
                .map_err(backend_err)?;
        }
    }
    if let Some(head) = cursor.and_then(|t| report.at(t)) {
        chart
            .draw_series(LineSeries::new(
                [(head.t, lo), (head.t, hi)],
                pal.fg.stroke_width(px(style, 1.5)),
            ))
            .map_err(backend_err)?;
    }
    let gf_train = pal.gf.stroke_width(px(style, 3.0));
    // Test loss: thinner and lighter than train loss (solid: dashes cost a stroke each).
    let gf_test = pal.gf.mix(0.55).stroke_width(px(style, 1.5));
    let an_train = pal.an.stroke_width(px(style, 2.5));
    let an_test = pal.an.mix(0.55).stroke_width(px(style, 1.5));
    // Train (thick) and test (thin, lighter) loss of both runs.
    let gf_path: Vec<&Point> = traj.gradient_flow.iter().collect();
    let curve = |path: &[&Point], loss: fn(&Point) -> f64| -> Vec<(f64, f64)> {
        path.iter().map(|p| (p.t, clamp(loss(p)))).collect()
    };
    let train: fn(&Point) -> f64 = |p| p.train_loss;
    let test: fn(&Point) -> f64 = |p| p.test_loss;
    for (points, line, label, swatch) in [
        (curve(&gf_path, train), gf_train, "gradient flow: train", 16),
        (curve(&gf_path, test), gf_test, "gradient flow: test", 6),
        (curve(&an_path, train), an_train, "annealed: train", 16),
        (curve(&an_path, test), an_test, "annealed: test", 6),
    ] {
        chart
            .draw_series(LineSeries::new(points, line))
            .map_err(backend_err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], line));
    }
    let s = px(style, 3.0) as i32;
    chart
        .draw_series(traj.annealed_gd.iter().map(|p| {
            EmptyElement::at((p.t, clamp(p.train_loss)))
                + Rectangle::new([(-s, -s), (s, s)], pal.an.filled())
        }))
        .map_err(backend_err)?;
    legend(&mut chart, SeriesLabelPosition::UpperRight, style, pal)
}

#[cfg(test)]
mod tests {
    use super::tick;

    #[test]
    fn ticks_are_compact() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(1234.5678), "1235");
        assert_eq!(tick(2e153), "2e153");
        assert_eq!(tick(-0.0001), "-1e-4");
    }
}
