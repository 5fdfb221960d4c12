//! Playback: the points of both runs at a time `t`, checked against the closed forms.
#![cfg(not(target_arch = "wasm32"))]

use lr_anneal::plot::{draw_at, Figure, Style};
use lr_anneal::{run, Params};
use plotters::prelude::*;

fn paper() -> lr_anneal::Report {
    run(&Params::default(), Vec::new(), true)
}

#[test]
fn playhead_follows_the_closed_forms() {
    // Paper preset: beta* = (1, 1), gamma = (2/3, 1/3), lr = 1.5, K = 4.
    let r = paper();
    // Gradient flow from 0: beta_j(t) = 1 - e^{-2 gamma_j t}.
    let t = 0.7;
    let h = r.at(t).unwrap();
    let expected = [1.0 - (-4.0 / 3.0 * t).exp(), 1.0 - (-2.0 / 3.0 * t).exp()];
    for (got, want) in h.gradient_flow.beta.iter().zip(expected) {
        assert!((got - want).abs() < 1e-15);
    }
    // Large steps: delta_1 flips (factor -1), delta_2 vanishes after one step (factor 0), so
    // iterate s is (0, 0), (2, 1), (0, 1), (2, 1), (0, 1); time 3.1 lies in step 2 = (0, 1).
    assert_eq!(r.at(3.1).unwrap().annealed.beta, vec![0.0, 1.0]);
    assert_eq!(r.at(1.5).unwrap().annealed.beta, vec![2.0, 1.0]);
    // Flow after the large steps, from (0, 1): beta_1(t) = 1 - e^{-4/3 (t - 6)}.
    let h = r.at(6.5).unwrap();
    assert!((h.annealed.beta[0] - (1.0 - (-4.0 / 3.0 * 0.5f64).exp())).abs() < 1e-15);
    assert_eq!(h.annealed.beta[1], 1.0);
    // At the end both sit at their stops, and times beyond the end are held there.
    let end = r.at(r.duration()).unwrap();
    assert_eq!(Some(&end.gradient_flow.beta), r.gradient_flow.beta.as_ref());
    assert_eq!(Some(&end.annealed.beta), r.annealed.beta.as_ref());
    let after = r.at(1e9).unwrap();
    assert_eq!(after.t, r.duration());
    // The later run is the annealed one: 4 steps of 1.5 plus its flow time.
    let flow = r.annealed.time.unwrap();
    assert!((r.duration() - (6.0 + flow)).abs() < 1e-12);
}

#[test]
fn cursor_adds_markers_to_the_drawing() {
    let r = paper();
    let svg = |cursor: Option<f64>| {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (400, 360)).into_drawing_area();
            draw_at(&area, Figure::C, &r, &Style::default(), cursor).unwrap();
            area.present().unwrap();
        }
        out
    };
    let plain = svg(None).matches("<circle").count();
    let marked = svg(Some(1.0)).matches("<circle").count();
    // Figure (c) marks both runs: a ring and a dot each.
    assert_eq!(marked, plain + 4);
}
