//! The large steps' learning-rate schedules (`schedule`, `lr_end`) against values worked out by
//! hand: each schedule's rates at t = 0, K/2 and K - 1, a whole run of the `step` schedule in
//! the paper's setting, and the constant schedule equal to the paper's run to the last bit.

use std::f64::consts::PI;

use crate::common::{assert_rel, report_with_trajectory};
use lr_anneal::beyond::compare_schedules;
use lr_anneal::fmt::fmt_times_eps;
use lr_anneal::{Params, Report};

#[test]
fn each_schedule_has_its_rates_at_the_start_the_middle_and_the_end() {
    // K = 8, peak 1.5, end 0.01: t/K = 0, 1/2 and 7/8.
    let (lr, end) = (1.5f64, 0.01f64);
    let cases: [(&str, [f64; 3]); 5] = [
        ("constant", [1.5, 1.5, 1.5]),
        // lr + (end - lr) t/K: 1.5, 1.5 - 1.49/2, 1.5 - 1.49 * 7/8.
        ("linear", [1.5, 0.755, 1.5 - 1.49 * 7.0 / 8.0]),
        // end + (lr - end)(1 + cos(pi t/K))/2: cos 0 = 1, cos(pi/2) = 0, cos(7 pi/8).
        (
            "cosine",
            [1.5, 0.755, 0.01 + 1.49 * (1.0 - (PI / 8.0).cos()) / 2.0],
        ),
        // lr (end/lr)^(t/K): at t = K/2 the geometric mean sqrt(lr end).
        (
            "exp",
            [1.5, (lr * end).sqrt(), lr * (end / lr).powf(7.0 / 8.0)],
        ),
        // lr while 2t < K, then end: t = 4 is the first step of the second half.
        ("step", [1.5, 0.01, 0.01]),
    ];
    for (name, [first, middle, last]) in cases {
        let r = report_with_trajectory(&format!("schedule={name}&k=8&lr=1.5&lr_end=0.01"));
        let rates = &r.annealed.rates;
        assert_eq!(rates.len(), 8, "{name}");
        assert_rel(rates[0], first, 1e-13, &format!("{name} t = 0"));
        assert_rel(rates[4], middle, 1e-13, &format!("{name} t = K/2"));
        assert_rel(rates[7], last, 1e-13, &format!("{name} t = K - 1"));
        assert_eq!(r.params.schedule, name);
    }
    // The step schedule's first half is all at the peak.
    let r = report_with_trajectory("schedule=step&k=8&lr_end=0.01");
    assert_eq!(&r.annealed.rates[..4], &[1.5; 4]);
}

#[test]
fn the_step_schedule_in_the_papers_setting_by_hand() {
    // x = e1, e1, e2, beta* = (1, 1): gamma = (2/3, 1/3), the residual starts at (-1, -1).
    // Two steps of 1.5 multiply it by (1 - 2 (1.5)(2/3), 1 - 2 (1.5)(1/3)) = (-1, 0): (-1, 0).
    // Two steps of 0.1 multiply delta_1 by 1 - 2 (0.1)(2/3) = 13/15 each: delta_1 = -(13/15)^2.
    // The train loss (2/3) delta_1^2 = 0.376 is above eps = 0.01, so the flow follows:
    // (2/3) delta_1^2 e^{-8t/3} = eps at t = (3/8) ln((2/3) delta_1^2 / eps), where
    // delta_1^2 = 1.5 eps and the test loss is (1/2) delta_1^2 = 0.0075 = 0.75 eps.
    let r = report_with_trajectory("schedule=step&lr_end=0.1");
    let d1 = -(13.0f64 / 15.0).powi(2);
    let t = 0.375 * ((2.0 / 3.0) * d1 * d1 / 0.01).ln();
    let a = &r.annealed;
    assert_eq!(a.rates, [1.5, 1.5, 0.1, 0.1]);
    assert_eq!(a.gd_steps, 4);
    assert_rel(
        a.beta_after_gd[0],
        1.0 + d1,
        1e-13,
        "beta_1 after the large steps",
    );
    assert_rel(
        a.beta_after_gd[1],
        1.0,
        1e-13,
        "beta_2 after the large steps",
    );
    assert_rel(a.time.unwrap(), t, 1e-13, "flow time");
    assert_rel(a.test_loss.unwrap(), 0.0075, 1e-13, "test loss");
    assert!(r.comparable);
    // Each large step takes its own rate as time: iterates at 0, 1.5, 3, 3.1, 3.2, and the flow
    // starts at 3.2.
    let traj = r.trajectory.as_ref().unwrap();
    let times: Vec<f64> = traj.annealed_gd.iter().map(|p| p.t).collect();
    for (got, want) in times.iter().zip([0.0, 1.5, 3.0, 3.1, 3.2]) {
        assert!((got - want).abs() <= 1e-12, "{times:?}");
    }
    assert_eq!(times.len(), 5);
    assert!((traj.annealed_flow[0].t - 3.2).abs() <= 1e-12);
    assert_rel(
        traj.annealed_flow.last().unwrap().t,
        3.2 + t,
        1e-13,
        "the flow's end",
    );
    // The caption says the sizes, not one step size.
    assert!(
        r.captions.b.starts_with(
            "K = 4 large steps of sizes from η₀ = 1.5 to η₃ = 0.1 (step schedule) from β = 0, \
             then gradient flow"
        ),
        "{}",
        r.captions.b
    );
}

#[test]
fn a_constant_schedule_is_the_papers_run_to_the_last_bit() {
    for q in [
        "",
        "lr=1.08&k=9",
        "preset=large-lr",
        "noise=0.3&n=20&seed=4",
    ] {
        let plain = report_with_trajectory(q);
        let spelled = report_with_trajectory(&format!("{q}&schedule=constant&lr_end=0.3"));
        assert_eq!(plain.params.query, spelled.params.query, "{q}");
        assert_eq!(plain.annealed.test_loss, spelled.annealed.test_loss, "{q}");
        assert_eq!(plain.annealed.time, spelled.annealed.time, "{q}");
        assert_eq!(plain.annealed.beta, spelled.annealed.beta, "{q}");
        // A schedule that never moves is the constant rate too.
        let flat =
            report_with_trajectory(&format!("{q}&schedule=linear&lr_end={}", plain.annealed.lr));
        assert_eq!(plain.annealed.test_loss, flat.annealed.test_loss, "{q}");
    }
}

#[test]
fn lemma_2_does_not_cover_a_schedule() {
    // lr=auto is Lemma 2's 1/gamma_max: with a constant rate its condition holds, with a cosine
    // schedule (whose later steps are smaller) it does not.
    let constant = report_with_trajectory("preset=lemma2-3d");
    let cosine = report_with_trajectory("preset=lemma2-3d&schedule=cosine");
    let holds = |r: &Report| r.bounds.lemma2.iter().all(|l| l.lr_is_inverse_gamma_max);
    assert!(!constant.bounds.lemma2.is_empty() && holds(&constant));
    assert!(!cosine.bounds.lemma2.is_empty() && !holds(&cosine));
}

#[test]
fn bad_schedules_name_the_key() {
    for q in [
        "schedule=cos",
        "schedule=cosine&lr_end=0",
        "schedule=exp&lr_end=1e9",
    ] {
        let parsed = Params::from_query(q);
        assert_eq!(parsed.warnings.len(), 1, "{q}");
        let key = if q.contains("lr_end") {
            "lr_end"
        } else {
            "schedule"
        };
        assert_eq!(parsed.warnings[0].key, key, "{q}");
    }
}

#[test]
fn the_comparison_is_each_schedules_run_and_says_where_it_stops() {
    let params = Params::from_query("preset=paper").params;
    let rows = compare_schedules(&params);
    let names: Vec<&str> = rows.iter().map(|r| r.schedule).collect();
    assert_eq!(names, ["constant", "linear", "cosine", "exp", "step"]);
    for row in &rows {
        let r = report_with_trajectory(&row.query);
        assert_eq!(r.params.schedule, row.schedule);
        assert_eq!(row.comparable, r.comparable, "{}", row.schedule);
        assert_eq!(
            row.test_loss_over_eps,
            r.annealed.test_loss.map(|v| v / 0.01),
            "{}",
            row.schedule
        );
    }
    // The paper's constant rate flows to eps; cosine (K = 4, the paper's check) stops during its
    // large steps below eps; with a cut it lands on eps in the step that crosses it.
    assert_eq!(rows[0].stop, "after the flow, at ε");
    let cosine = report_with_trajectory("schedule=cosine");
    assert_eq!(
        rows[2].stop,
        format!(
            "in the large steps, after {} steps, at train loss {}",
            cosine.annealed.gd_steps,
            fmt_times_eps(cosine.annealed.train_loss.unwrap(), 0.01)
        )
    );
    let cut = compare_schedules(&Params::from_query("preset=cosine").params);
    assert_eq!(cut[2].stop, "in the large steps, step 5 cut to land on ε");
    assert_eq!(
        compare_schedules(&Params::from_query("lr=1000&k=1000").params)[0].stop,
        "diverges"
    );
}
