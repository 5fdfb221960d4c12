//! `flow_lr`: gradient descent with a small step in place of the exact flow, against its closed
//! form, and its distance from the flow shrinking with the step.

use crate::common::report_with_trajectory;
use lr_anneal::Params;

#[test]
fn small_steps_follow_their_closed_form() {
    // Paper preset from 0: delta_j(k) = -(1 - 2 h gamma_j)^k with gamma = (2/3, 1/3), and the run
    // stops at the first k where (2/3) delta_1^2 + (1/3) delta_2^2 <= eps = 0.01.
    let h = 0.01;
    let r = report_with_trajectory(&format!("flow_lr={h}"));
    let d = r.discrete.as_ref().unwrap();
    let loss = |k: i32| {
        let a = (1.0 - 2.0 * h * 2.0 / 3.0f64).powi(k);
        let b = (1.0 - 2.0 * h / 3.0f64).powi(k);
        (2.0 / 3.0 * a * a + 1.0 / 3.0 * b * b, [1.0 - a, 1.0 - b])
    };
    let k = (0..100_000).find(|&k| loss(k).0 <= 0.01).unwrap();
    assert_eq!(d.gradient_flow.steps, k as usize);
    let (l, beta) = loss(k);
    assert!((d.gradient_flow.train_loss - l).abs() < 1e-14);
    for (got, want) in d.gradient_flow.beta.iter().zip(beta) {
        assert!((got - want).abs() < 1e-12);
    }
    assert!(d.gradient_flow.reached && !d.gradient_flow.diverged);
    // The thinned path for drawing ends at the stop.
    let path = &r.trajectory.as_ref().unwrap().discrete_gradient_flow;
    assert_eq!(path.last().unwrap().beta, d.gradient_flow.beta);
}

#[test]
fn the_discrete_stop_approaches_the_flow_as_the_step_shrinks() {
    let distance = |h: f64| {
        let r = report_with_trajectory(&format!("flow_lr={h}"));
        let d = r.discrete.clone().unwrap();
        (
            d.gradient_flow.distance.unwrap(),
            d.annealed.distance.unwrap(),
        )
    };
    let (a1, b1) = distance(0.01);
    let (a2, b2) = distance(0.001);
    // First order in h: ten times smaller steps, about ten times closer (and not more than that,
    // which would mean the distance is not measured against the flow).
    assert!(a2 < a1 / 5.0 && a2 > a1 / 50.0, "{a1} {a2}");
    assert!(b2 < b1 / 5.0 && b2 > b1 / 50.0, "{b1} {b2}");
}

#[test]
fn too_large_a_step_diverges_and_no_step_means_no_section() {
    // 1 - 2 h gamma_1 = 1 - 2 * 5 * 2/3 < -1: the small-step run blows up, without NaN.
    let r = report_with_trajectory("flow_lr=5");
    let d = r.discrete.as_ref().unwrap();
    assert!(d.gradient_flow.diverged && !d.gradient_flow.reached);
    assert!(d.gradient_flow.distance.is_none());
    assert!(report_with_trajectory("").discrete.is_none());
    assert!(!Params::from_query("flow_lr=0.00001").warnings.is_empty());
}
