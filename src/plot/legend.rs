//! The legend: drawn inside standalone SVGs only (the page writes its own in HTML). Each entry's
//! key is drawn with the symbols the figure uses for it (a ring for a stop drawn as a ring, a
//! line with a square for the large steps), and the legend goes to the first place in the
//! plotting area (a corner, else an edge's middle, else the centre) where it covers no path and no marker (else the one covering least); its box
//! is then kept clear by the labels placed after it.

use plotters::coord::CoordTranslate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{text_size, Labels, Rect};
use super::{backend_err, font, px, Palette, PlotError, Style};

/// One symbol of a legend key, at `dx` pixels from the key's left end (lines start there).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// A horizontal stroke `len` pixels long.
    Line(ShapeStyle, i32),
    /// A circle of radius `r` (a ring, or a dot when the style is filled) centred at `dx`.
    Circle(ShapeStyle, i32, i32),
    /// A square of half side `r` centred at `dx`.
    Square(ShapeStyle, i32, i32),
    /// A diamond of half diagonal `r` centred at `dx`.
    Diamond(ShapeStyle, i32, i32),
}

/// Where a legend may go in the plotting area: the fractions `(x, y)` of the free room left of
/// and above it (`(0, 0)`: the top left corner, `(1, 1)`: the bottom right one).
pub(crate) type Spot = (f64, f64);

/// The corners, the upper ones first and left before right, then the edges' middles, then the
/// centre.
pub(crate) const ANYWHERE: [Spot; 9] = [
    (0.0, 0.0),
    (1.0, 0.0),
    (0.0, 1.0),
    (1.0, 1.0),
    (0.5, 0.0),
    (0.5, 1.0),
    (0.0, 0.5),
    (1.0, 0.5),
    (0.5, 0.5),
];

/// The entries of a legend, in order.
#[derive(Default)]
pub(crate) struct Legend {
    entries: Vec<(String, Vec<Key>)>,
}

/// The key's width, in CSS pixels.
const KEY: f64 = 20.0;
/// The font size of the entries.
const SIZE: f64 = 11.0;

impl Legend {
    /// An entry `label` with the symbols `key`.
    pub(crate) fn add(&mut self, label: impl Into<String>, key: Vec<Key>) {
        self.entries.push((label.into(), key));
    }

    /// The height in device pixels a legend of `rows` entries takes, with its margin.
    pub(crate) fn room(rows: usize, style: &Style) -> f64 {
        let (pad, margin, row) = (px(style, 5.0), px(style, 6.0), px(style, 16.0));
        (2 * pad + margin + rows as u32 * row) as f64
    }

    /// A line `len` pixels long in `line`: the key of a path.
    pub(crate) fn line(&mut self, label: impl Into<String>, line: ShapeStyle, len: i32) {
        self.add(label, vec![Key::Line(line, len)]);
    }

    /// Draws the legend (when `style.legend` is set and it has entries) into the chart's
    /// plotting area at the first free one of `spots` (else the one covering least), and keeps
    /// its box clear of `labels`.
    pub(crate) fn draw<DB: DrawingBackend, CT: CoordTranslate>(
        &self,
        chart: &ChartContext<'_, DB, CT>,
        labels: &mut Labels,
        spots: &[Spot],
        style: &Style,
        pal: &Palette,
    ) -> Result<(), PlotError> {
        if !style.legend || self.entries.is_empty() {
            return Ok(());
        }
        let size = SIZE * style.scale;
        let (pad, margin) = (px(style, 5.0) as f64, px(style, 6.0) as f64);
        let (key, gap, row) = (
            px(style, KEY) as f64,
            px(style, 6.0) as f64,
            px(style, 16.0) as f64,
        );
        let text_w = self
            .entries
            .iter()
            .map(|(l, _)| text_size(l, size).0)
            .fold(0.0, f64::max);
        let (w, h) = (
            (2.0 * pad + key + gap + text_w).ceil(),
            2.0 * pad + row * self.entries.len() as f64,
        );
        let b = labels.bounds();
        let at = |(fx, fy): Spot| -> Rect {
            let x = (b.x0 + margin + fx * (b.x1 - b.x0 - 2.0 * margin - w)).round();
            let y = (b.y0 + margin + fy * (b.y1 - b.y0 - 2.0 * margin - h)).round();
            Rect {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + h,
            }
        };
        let boxes: Vec<Rect> = spots.iter().map(|&c| at(c)).collect();
        let Some(&r) = boxes
            .iter()
            .find(|r| labels.free(r))
            .or_else(|| boxes.iter().min_by_key(|r| labels.hits(r)))
        else {
            return Ok(());
        };
        labels.block(r);

        let area = chart.plotting_area().strip_coord_spec();
        let (bx, by) = area.get_base_pixel();
        let (x0, y0) = (r.x0 as i32 - bx, r.y0 as i32 - by);
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + w as i32, y0 + h as i32)],
            pal.bg.mix(0.85).filled(),
        ))
        .map_err(backend_err)?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + w as i32, y0 + h as i32)],
            pal.contour.stroke_width(1),
        ))
        .map_err(backend_err)?;
        let text = font(style, SIZE, &pal.fg).pos(Pos::new(HPos::Left, VPos::Center));
        for (n, (label, keys)) in self.entries.iter().enumerate() {
            let y = y0 + (pad + row * (n as f64 + 0.5)) as i32;
            let x = x0 + pad as i32;
            for k in keys {
                match *k {
                    Key::Line(s, len) => {
                        area.draw(&PathElement::new(vec![(x, y), (x + len, y)], s))
                    }
                    Key::Circle(s, r, dx) => area.draw(&Circle::new((x + dx, y), r, s)),
                    Key::Square(s, r, dx) => area.draw(&Rectangle::new(
                        [(x + dx - r, y - r), (x + dx + r, y + r)],
                        s,
                    )),
                    Key::Diamond(s, r, dx) => {
                        let c = x + dx;
                        area.draw(&Polygon::new(
                            vec![(c, y - r), (c + r, y), (c, y + r), (c - r, y)],
                            s,
                        ))
                    }
                }
                .map_err(backend_err)?;
            }
            area.draw(&Text::new(
                label.as_str(),
                (x + (key + gap) as i32, y),
                text.clone(),
            ))
            .map_err(backend_err)?;
        }
        Ok(())
    }
}
