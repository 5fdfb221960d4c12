//! Text placed where it collides with nothing: every figure (and the sweeps) registers, in
//! backend pixels, the paths it drew, its markers and any other box (the legend), then asks for
//! each label's place. A label goes to the first of its candidate positions around its point
//! (right, left, above, below, the diagonals, then the same further out) whose box overlaps no
//! label placed before it, no marker, no registered path segment, and stays inside the bounds
//! (the plotting area).
//!
//! Text is measured by an estimate, not by the backend (measuring on a canvas forces a layout of
//! the whole page): [`CHAR_WIDTH`] times the font size per character and [`LINE_HEIGHT`] times it
//! for the height, generous for the sans-serif fonts the figures use.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{backend_err, PlotError};

/// Estimated width of one character, in units of the font size.
pub const CHAR_WIDTH: f64 = 0.62;
/// Estimated height of a line of text, in units of the font size.
pub const LINE_HEIGHT: f64 = 1.0;

/// The estimated size `(width, height)` of `text` at font size `size` (both in pixels).
pub fn text_size(text: &str, size: f64) -> (f64, f64) {
    (
        text.chars().count() as f64 * CHAR_WIDTH * size,
        LINE_HEIGHT * size,
    )
}

/// An axis-aligned box in backend pixels: left, top, right, bottom. Public so that a test reading
/// a drawn figure back (tests/native/labels.rs) checks its boxes by the geometry labels are
/// placed by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// The box of the pixel ranges plotters reports for an area.
    pub(crate) fn of_ranges(x: std::ops::Range<i32>, y: std::ops::Range<i32>) -> Rect {
        Rect {
            x0: x.start as f64,
            y0: y.start as f64,
            x1: x.end as f64,
            y1: y.end as f64,
        }
    }

    /// The square of half side `r` around `c`.
    fn around(c: (i32, i32), r: f64) -> Rect {
        let (x, y) = (c.0 as f64, c.1 as f64);
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    /// Grown by `d` on every side.
    pub fn grow(self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    /// Whether the two boxes share an inner point (touching edges do not overlap).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether `o` lies inside this box (edges included).
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// Whether the segment `a`-`b` passes through the box (Liang-Barsky clipping).
    pub fn meets(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    lo = lo.max(r);
                } else {
                    hi = hi.min(r);
                }
                if lo > hi {
                    return false;
                }
            }
        }
        true
    }
}

/// Where a label may go relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Around {
    /// Right, left, above, below, the diagonals, then the same further out.
    Point,
    /// Above the point, centred, then slid ever further left and right (a label for a vertical
    /// line, over the plot).
    Above,
}

/// What is drawn in a figure, in backend pixels, and the labels placed so far.
pub(crate) struct Labels {
    bounds: Rect,
    /// Room kept between a label and anything else.
    gap: f64,
    segments: Vec<((f64, f64), (f64, f64))>,
    boxes: Vec<Rect>,
}

impl Labels {
    /// Nothing drawn yet; labels stay inside `bounds` and `gap` pixels clear of everything.
    pub(crate) fn new(bounds: Rect, gap: f64) -> Labels {
        Labels {
            bounds,
            gap,
            segments: Vec::new(),
            boxes: Vec::new(),
        }
    }

    /// Labels inside the chart's plotting area.
    pub(crate) fn in_chart<DB: DrawingBackend, CT: CoordTranslate>(
        chart: &ChartContext<'_, DB, CT>,
        gap: f64,
    ) -> Labels {
        let (x, y) = chart.plotting_area().get_pixel_range();
        Labels::new(Rect::of_ranges(x, y), gap)
    }

    /// The bounds labels stay in.
    pub(crate) fn bounds(&self) -> Rect {
        self.bounds
    }

    /// A polyline through `points` (backend pixels).
    pub(crate) fn path(&mut self, points: impl IntoIterator<Item = (i32, i32)>) {
        let mut last: Option<(i32, i32)> = None;
        for p in points {
            match last {
                Some(l) if l == p => continue,
                Some(l) => self
                    .segments
                    .push(((l.0 as f64, l.1 as f64), (p.0 as f64, p.1 as f64))),
                None => {}
            }
            last = Some(p);
        }
        if let (Some(p), true) = (last, self.segments.is_empty()) {
            // A single point: a dot.
            self.boxes.push(Rect::around(p, 1.0));
        }
    }

    /// A polyline through `points` in the chart's coordinates.
    pub(crate) fn chart_path<DB: DrawingBackend, CT: CoordTranslate>(
        &mut self,
        chart: &ChartContext<'_, DB, CT>,
        points: impl IntoIterator<Item = CT::From>,
    ) {
        let coord = chart.as_coord_spec();
        self.path(points.into_iter().map(|p| coord.translate(&p)));
    }

    /// A marker of half size `r` around `at` (backend pixels).
    pub(crate) fn mark(&mut self, at: (i32, i32), r: i32) {
        self.boxes.push(Rect::around(at, r as f64));
    }

    /// Any other box labels keep clear of (the legend).
    pub(crate) fn block(&mut self, r: Rect) {
        self.boxes.push(r);
    }

    /// Whether `r` is inside the bounds and clear of every box and segment.
    pub(crate) fn free(&self, r: &Rect) -> bool {
        let padded = r.grow(self.gap);
        self.bounds.contains(r)
            && !self.boxes.iter().any(|b| b.overlaps(&padded))
            && !self.segments.iter().any(|&(a, b)| padded.meets(a, b))
    }

    /// How badly `r` collides (to choose among boxes none of which is free): each segment it
    /// crosses counts 1, each box (a marker, a label) 1000: covering a marker is worse than crossing any path.
    pub(crate) fn hits(&self, r: &Rect) -> usize {
        let padded = r.grow(self.gap);
        1000 * self.boxes.iter().filter(|b| b.overlaps(&padded)).count()
            + self
                .segments
                .iter()
                .filter(|&&(a, b)| padded.meets(a, b))
                .count()
    }

    /// The candidate top-left corners for a `w` by `h` box labelling `at`, which is `clear`
    /// pixels wide on each side, in order of preference.
    fn candidates(at: (i32, i32), clear: f64, w: f64, h: f64, how: Around) -> Vec<(f64, f64)> {
        let (x, y) = (at.0 as f64, at.1 as f64);
        let mut out = Vec::new();
        match how {
            Around::Point => {
                let step = 0.5 * h.max(6.0);
                for ring in 0..8 {
                    let d = clear + 2.0 + ring as f64 * step;
                    let e = d * std::f64::consts::FRAC_1_SQRT_2;
                    out.extend([
                        (x + d, y - 0.5 * h),
                        (x - d - w, y - 0.5 * h),
                        (x - 0.5 * w, y - d - h),
                        (x - 0.5 * w, y + d),
                        (x + e, y - e - h),
                        (x - e - w, y - e - h),
                        (x + e, y + e),
                        (x - e - w, y + e),
                        (x - w, y - d - h),
                        (x, y - d - h),
                        (x - w, y + d),
                        (x, y + d),
                    ]);
                }
            }
            Around::Above => {
                let top = y - clear - h;
                let step = 0.25 * w.max(8.0);
                out.push((x - 0.5 * w, top));
                for k in 1..=12 {
                    let s = k as f64 * step;
                    out.push((x - 0.5 * w + s, top));
                    out.push((x - 0.5 * w - s, top));
                }
            }
        }
        out
    }

    /// Places a `w` by `h` box labelling `at` and returns its top-left corner: the first free
    /// candidate (each slid inside the bounds if it sticks out), else the one touching least.
    /// The box then counts as drawn.
    pub(crate) fn place_box(
        &mut self,
        at: (i32, i32),
        clear: i32,
        (w, h): (f64, f64),
        how: Around,
    ) -> (i32, i32) {
        let boxes: Vec<Rect> = Labels::candidates(at, clear as f64, w, h, how)
            .into_iter()
            .map(|(x, y)| {
                // Slid inside, in whole pixels.
                let b = self.bounds;
                let slide = |v: f64, lo: f64, hi: f64| {
                    if hi >= lo {
                        v.clamp(lo, hi)
                    } else {
                        lo
                    }
                };
                let x = slide(x, b.x0, b.x1 - w).round();
                let y = slide(y, b.y0, b.y1 - h).round();
                let x = if x + w > b.x1 { x - 1.0 } else { x };
                let y = if y + h > b.y1 { y - 1.0 } else { y };
                Rect {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + h,
                }
            })
            .collect();
        let chosen = boxes
            .iter()
            .find(|r| self.free(r))
            .or_else(|| {
                boxes
                    .iter()
                    .filter(|r| self.bounds.contains(r))
                    .min_by_key(|r| self.hits(r))
            })
            .copied()
            .unwrap_or(boxes[0]);
        self.boxes.push(chosen);
        (chosen.x0 as i32, chosen.y0 as i32)
    }

    /// Places and draws `text` (in `font`, whose size is `size` pixels) labelling `at` (backend
    /// pixels) onto `area`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn draw<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        at: (i32, i32),
        clear: i32,
        text: &str,
        font: TextStyle<'_>,
        size: f64,
        how: Around,
    ) -> Result<(), PlotError> {
        let (x, y) = self.place_box(at, clear, text_size(text, size), how);
        let (bx, by) = area.get_base_pixel();
        area.draw(&Text::new(
            text,
            (x - bx, y - by),
            font.pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(backend_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::new(
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 200.0,
                y1: 200.0,
            },
            2.0,
        )
    }

    #[test]
    fn segments_meet_boxes_they_cross_only() {
        let r = Rect {
            x0: 10.0,
            y0: 10.0,
            x1: 20.0,
            y1: 20.0,
        };
        assert!(r.meets((0.0, 15.0), (30.0, 15.0)));
        assert!(r.meets((12.0, 12.0), (13.0, 13.0)));
        assert!(r.meets((0.0, 0.0), (30.0, 30.0)));
        assert!(!r.meets((0.0, 0.0), (30.0, 5.0)));
        assert!(!r.meets((0.0, 25.0), (25.0, 40.0)));
    }

    #[test]
    fn the_second_label_at_a_point_moves_away_from_the_first() {
        let mut l = labels();
        let size = (30.0, 11.0);
        let a = l.place_box((100, 100), 4, size, Around::Point);
        let b = l.place_box((100, 100), 4, size, Around::Point);
        assert_eq!(a, (106, 95), "right of the point");
        assert_eq!(b, (64, 95), "then left of it");
    }

    #[test]
    fn a_label_leaves_a_path_through_its_point() {
        let mut l = labels();
        l.path([(0, 100), (200, 100)]);
        let (_, y) = l.place_box((100, 100), 4, (30.0, 11.0), Around::Point);
        assert!(!(89..=102).contains(&y), "{y}: the box crosses y = 100");
    }

    #[test]
    fn a_label_stays_inside() {
        let mut l = labels();
        let (x, _) = l.place_box((198, 100), 4, (30.0, 11.0), Around::Point);
        assert!(x + 30 <= 200, "{x}");
    }
}
