//! Playback: the points of both runs at a time `t`, checked against the closed forms.

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
fn at_each_large_step_time_the_playhead_shows_that_iterate() {
    // lr = 0.7: 3 * 0.7 / 0.7 < 3 in floating point, so a floor of t / lr would show the iterate
    // before. The large-step iterates from 0, coordinate by coordinate:
    // delta_j <- (1 - 2 lr gamma_j) delta_j with delta = beta - beta* = -beta*, gamma = (2/3, 1/3).
    let lr = std::hint::black_box(0.7f64);
    assert!((3.0 * lr) / lr < 3.0, "the case this test is about");
    let params = Params::from_query("preset=paper&lr=0.7&k=6&eps=0.000001").params;
    let r = run(&params, Vec::new(), true);
    let gd = &r.trajectory.as_ref().unwrap().annealed_gd;
    assert_eq!(gd.len(), 7);
    // The stops playback offers are these iterates' times, k * lr.
    let want: Vec<f64> = (1..=6u32).map(|k| f64::from(k) * 0.7).collect();
    assert_eq!(r.step_times(), want);
    for step in 0..=6u32 {
        let t = f64::from(step) * 0.7;
        let h = r.at(t).unwrap();
        for (j, gamma) in [2.0f64 / 3.0, 1.0 / 3.0].into_iter().enumerate() {
            let want = 1.0 - (1.0 - 2.0 * 0.7 * gamma).powi(step as i32);
            assert!(
                (h.annealed.beta[j] - want).abs() < 1e-12,
                "step {step}, j {j}: {} vs {want}",
                h.annealed.beta[j]
            );
        }
        // Just before it, the iterate before.
        if step > 0 {
            let before = r.at(t - 1e-9).unwrap();
            assert_eq!(before.annealed.beta, gd[step as usize - 1].beta);
        }
    }
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

#[test]
fn playback_stops_are_a_grid_with_each_large_step_in_it() {
    // Paper preset: the large steps end at t = 1.5, 3, 4.5, 6; the annealed run then flows, so
    // the end of playback is the later of the two stops.
    let r = paper();
    let stops = r.playback_stops();
    let d = r.duration();
    assert!(d > 6.0);
    assert_eq!(stops.first(), Some(&0.0));
    assert_eq!(stops.last(), Some(&d));
    assert!(stops.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
    for t in [1.5, 3.0, 4.5, 6.0] {
        assert!(stops.contains(&t), "{t} in {stops:?}");
    }
    // The grid d * i / 100, less any point within 1e-6 of a grid step of a large step.
    let h = d / lr_anneal::report::PLAYBACK_STEPS as f64;
    let replaced = (0..=100)
        .filter(|&i| {
            [1.5, 3.0, 4.5, 6.0]
                .iter()
                .any(|t| (t - i as f64 * h).abs() <= h * 1e-6)
        })
        .count();
    assert_eq!(stops.len(), 101 - replaced + 4);
    // Without paths there is nothing to play.
    assert!(run(&Params::default(), Vec::new(), false)
        .playback_stops()
        .is_empty());
}
