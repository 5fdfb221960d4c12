//! The window a plane figure shows, and paths clipped to it.
//!
//! A figure holds its *core* (what it is about: the start, beta*, gradient flow, the stops) and
//! the rest (the level set's box, its extremes, the large steps, the flow after them) when that
//! lies within [`REACH`] times the core's size of it ([`LEVEL_REACH`] for the level set in (c)):
//! a diverging run's iterates (up to 1e154)
//! or a level set `1e149` long (a variance of `1e-300`) would otherwise shrink everything else
//! to a dot. What is drawn beyond the window is clipped exactly at its frame (in the plane's
//! coordinates, before plotters rounds to pixels), and each place a path leaves the window or
//! comes back into it is kept, for the figure to mark.

/// A rectangle of the plane: `(x0, x1, y0, y1)`.
pub(crate) type View = (f64, f64, f64, f64);

/// How far beyond the core's box the window of (a) and (b) reaches for the rest, in multiples
/// of the core's size (its box's longer side): the large steps and the level set when they are
/// near the runs.
pub(crate) const REACH: f64 = 3.0;

/// How far the window of (c) reaches for the level set and its extremes around beta* and the
/// stops: the level set is what (c) shows, unless it is astronomically larger (a variance of
/// `1e-300` makes it `1e149` long).
pub(crate) const LEVEL_REACH: f64 = 1e3;

/// The box around `core` and those of `rest` within `reach` times the core's size of it
/// (non-finite points skipped); `None` when no point is finite. When the core is one point,
/// its size is taken as its distance from the origin (or 1).
pub(crate) fn fit(core: &[(f64, f64)], rest: &[(f64, f64)], reach: f64) -> Option<View> {
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let bbox = |pts: &mut dyn Iterator<Item = &(f64, f64)>| {
        pts.fold(None, |b: Option<View>, &(x, y)| {
            Some(match b {
                None => (x, x, y, y),
                Some((x0, x1, y0, y1)) => (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
            })
        })
    };
    let Some(core_box) = bbox(&mut core.iter().filter(finite)) else {
        return bbox(&mut rest.iter().filter(finite));
    };
    let (x0, x1, y0, y1) = core_box;
    let mut size = (x1 - x0).max(y1 - y0);
    if size.is_nan() || size <= 0.0 {
        size = x0.abs().max(y0.abs()).max(1.0);
    }
    let g = reach * size;
    let near = |p: &&(f64, f64)| p.0 >= x0 - g && p.0 <= x1 + g && p.1 >= y0 - g && p.1 <= y1 + g;
    let (x0, x1, y0, y1) = bbox(&mut core.iter().chain(rest.iter().filter(near)).filter(finite))?;
    // One point: a window of the core's size around it.
    if x1 == x0 && y1 == y0 {
        let h = 0.5 * size;
        return Some((x0 - h, x1 + h, y0 - h, y1 + h));
    }
    Some((x0, x1, y0, y1))
}

/// Whether `p` lies in `view` (its frame included).
pub(crate) fn inside(view: View, p: (f64, f64)) -> bool {
    let (x0, x1, y0, y1) = view;
    p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1
}

/// A curve to hand to plotters: itself when it stays within 100 view sizes of the view
/// (plotters clips it at the frame), else its pieces inside the view: plotters maps points to
/// `i32` pixels, and one 1e80 view sizes away does not fit.
pub(crate) fn drawable(points: Vec<(f64, f64)>, view: View) -> Vec<Vec<(f64, f64)>> {
    let (x0, x1, y0, y1) = view;
    let g = 100.0 * (x1 - x0).max(y1 - y0);
    let near = |&(x, y): &(f64, f64)| x >= x0 - g && x <= x1 + g && y >= y0 - g && y <= y1 + g;
    if points.iter().all(near) {
        return vec![points];
    }
    clip(&points, view).into_iter().map(|p| p.points).collect()
}

/// A stretch of a path inside the window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    /// Its points: the path's own, and where it crosses the frame at its ends.
    pub(crate) points: Vec<(f64, f64)>,
    /// Whether it comes in from outside (its first point is on the frame).
    pub(crate) enters: bool,
    /// When it leaves: the index (in the path) of the first point outside after it (its last
    /// point is then on the frame).
    pub(crate) leaves: Option<usize>,
}

impl Piece {
    /// Whether it only crosses the view: in from outside and out again, with none of the
    /// path's own points in between.
    pub(crate) fn crosses(&self) -> bool {
        self.enters && self.leaves.is_some() && self.points.len() <= 2
    }

    /// The direction of travel at its start (from the point before, outside, when it enters).
    pub(crate) fn start_direction(&self) -> Option<(f64, f64)> {
        direction(self.points.first()?, self.points.get(1)?)
    }

    /// The direction of travel at its end.
    pub(crate) fn end_direction(&self) -> Option<(f64, f64)> {
        let n = self.points.len();
        direction(self.points.get(n.checked_sub(2)?)?, self.points.get(n - 1)?)
    }
}

fn direction(a: &(f64, f64), b: &(f64, f64)) -> Option<(f64, f64)> {
    let (dx, dy) = (0.5 * b.0 - 0.5 * a.0, 0.5 * b.1 - 0.5 * a.1);
    let len = dx.hypot(dy);
    (len > 0.0 && len.is_finite()).then(|| (dx / len, dy / len))
}

/// Where the segment `a`-`b` lies in `view`: the parameters `t0 <= t1` in `[0, 1]` of its part
/// inside (Liang-Barsky), or `None`. Differences are taken halved, so points near the largest
/// floats do not overflow.
fn clip_segment(a: (f64, f64), b: (f64, f64), view: View) -> Option<(f64, f64)> {
    let (x0, x1, y0, y1) = view;
    let (dx, dy) = (0.5 * b.0 - 0.5 * a.0, 0.5 * b.1 - 0.5 * a.1);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, 0.5 * a.0 - 0.5 * x0),
        (dx, 0.5 * x1 - 0.5 * a.0),
        (-dy, 0.5 * a.1 - 0.5 * y0),
        (dy, 0.5 * y1 - 0.5 * a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                lo = lo.max(r);
            } else {
                hi = hi.min(r);
            }
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// The point at `t` along `a`-`b`.
fn along(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    if t == 0.0 {
        return a;
    }
    if t == 1.0 {
        return b;
    }
    let (dx, dy) = (0.5 * b.0 - 0.5 * a.0, 0.5 * b.1 - 0.5 * a.1);
    (a.0 + 2.0 * t * dx, a.1 + 2.0 * t * dy)
}

/// Segments whose nearer end lies farther than this many times the view's size from it are
/// taken as outside: where such a segment crosses the view is not resolved by floats (an
/// error of `1e-16` of its ends' distance, here up to `1e-4` of the view).
const RESOLVED: f64 = 1e12;

/// A segment's part in a view: its parameters `(t0, t1)` and its end points.
type Part = ((f64, f64), (f64, f64), (f64, f64));

/// The part of the segment `a`-`b` inside `view`: the parameters `t0 <= t1` and the points,
/// computed from the nearer end (so the far end's size does not cancel) and held inside the
/// frame; `None` when it misses the view or crosses it too far from both ends to resolve.
fn clip_part(a: (f64, f64), b: (f64, f64), view: View) -> Option<Part> {
    let (x0, x1, y0, y1) = view;
    let size = (x1 - x0).max(y1 - y0);
    let far = |p: (f64, f64)| {
        (0.5 * p.0 - 0.25 * (x0 + x1))
            .abs()
            .max((0.5 * p.1 - 0.25 * (y0 + y1)).abs())
    };
    let (fa, fb) = (far(a), far(b));
    let nearer = fa.min(fb);
    if nearer.is_nan() || nearer > 0.5 * RESOLVED * size {
        return None;
    }
    let hold = |p: (f64, f64)| (p.0.clamp(x0, x1), p.1.clamp(y0, y1));
    if fa <= fb {
        let (t0, t1) = clip_segment(a, b, view)?;
        let (p, q) = (along(a, b, t0), along(a, b, t1));
        Some((
            (t0, t1),
            if t0 > 0.0 { hold(p) } else { p },
            if t1 < 1.0 { hold(q) } else { q },
        ))
    } else {
        let (s0, s1) = clip_segment(b, a, view)?;
        let (p, q) = (along(b, a, s1), along(b, a, s0));
        let (t0, t1) = (1.0 - s1, 1.0 - s0);
        Some((
            (t0, t1),
            if t0 > 0.0 { hold(p) } else { p },
            if t1 < 1.0 { hold(q) } else { q },
        ))
    }
}

/// The pieces of the path through `points` inside `view`, in order.
pub(crate) fn clip(points: &[(f64, f64)], view: View) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur: Option<Piece> = None;
    if let [only] = points {
        if inside(view, *only) {
            out.push(Piece {
                points: vec![*only],
                enters: false,
                leaves: None,
            });
        }
        return out;
    }
    for (i, w) in points.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let Some(((t0, t1), p, q)) = clip_part(a, b, view) else {
            if let Some(mut piece) = cur.take() {
                piece.leaves = Some(i + 1);
                out.push(piece);
            }
            continue;
        };
        let piece = cur.get_or_insert_with(|| Piece {
            points: vec![p],
            enters: t0 > 0.0,
            leaves: None,
        });
        if piece.points.last() != Some(&q) {
            piece.points.push(q);
        }
        if t1 < 1.0 {
            if let Some(mut piece) = cur.take() {
                piece.leaves = Some(i + 1);
                out.push(piece);
            }
        }
    }
    out.extend(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: View = (0.0, 1.0, 0.0, 1.0);

    #[test]
    fn far_points_are_left_out_of_the_window() {
        let core = [(0.0, 0.0), (1.0, 1.0)];
        let got = fit(&core, &[(2.0, -1.0), (60.0, 30.0), (1e154, 0.0)], REACH).unwrap();
        assert_eq!(got, (0.0, 2.0, -1.0, 1.0));
        // Without a core, the rest; one point, a window around it.
        assert_eq!(fit(&[], &[(1.0, 3.0)], REACH), Some((1.0, 1.0, 3.0, 3.0)));
        assert_eq!(fit(&[(1.0, 3.0)], &[], REACH), Some((-0.5, 2.5, 1.5, 4.5)));
        assert_eq!(fit(&[(f64::NAN, 0.0)], &[], REACH), None);
    }

    #[test]
    fn a_path_that_leaves_and_comes_back_is_two_pieces() {
        let path = [(0.5, 0.5), (3.0, 0.5), (3.0, 0.8), (0.5, 0.8)];
        let pieces = clip(&path, UNIT);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(pieces[0].points, vec![(0.5, 0.5), (1.0, 0.5)]);
        assert_eq!(pieces[0].leaves, Some(1));
        assert!(!pieces[0].enters);
        assert_eq!(pieces[1].points, vec![(1.0, 0.8), (0.5, 0.8)]);
        assert!(pieces[1].enters);
        assert_eq!(pieces[1].leaves, None);
    }

    #[test]
    fn an_overflowing_iterate_is_clipped_where_it_leaves() {
        let path = [(0.0, 0.0), (0.5, 0.5), (1e300, 5e299), (-1e307, 1e307)];
        let pieces = clip(&path, UNIT);
        assert_eq!(pieces.len(), 1);
        let last = *pieces[0].points.last().unwrap();
        assert!(
            (last.0 - 1.0).abs() < 1e-12 && (last.1 - 0.75).abs() < 1e-12,
            "{last:?}"
        );
        assert_eq!(pieces[0].leaves, Some(2));
        let (dx, dy) = pieces[0].end_direction().unwrap();
        assert!((dx - 2.0 / 5f64.sqrt()).abs() < 1e-12 && dy > 0.0);
        // Across the view between two far points: on its frame, computed from the nearer end.
        let across = clip(&[(1e10, 0.5), (-1e13, 0.5)], UNIT);
        assert_eq!(across[0].points, vec![(1.0, 0.5), (0.0, 0.5)]);
        assert!(across[0].enters && across[0].leaves == Some(1));
        // Too far to resolve where it crosses: left out.
        assert!(clip(&[(1e15, 0.5), (-1e16, 0.5)], UNIT).is_empty());
    }
}
