//! Sorting through one shared instantiation of the standard library's stable sort: each
//! `sort_by` on a new element or closure type compiles another copy of it (about 5 KB of wasm
//! each), and the lists sorted here are short. The results are those of `slice::sort_by`
//! (stable), and of `sort_unstable` for lists of distinct integers.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i].take()));
}

/// Sorts integers ascending.
pub fn sort_usize(v: &mut [usize]) {
    sort_indices(v, &|a, b| a.cmp(&b));
}

/// The one instantiation: a stable sort of `usize`s by a comparator behind a pointer.
#[inline(never)]
fn sort_indices(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    v.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_order_as_the_standard_sorts() {
        let pairs: Vec<(f64, u32)> = (0..200u32)
            .map(|i| (((i * 37) % 11) as f64 * 0.5 - 2.0, i))
            .collect();
        let mut want = pairs.clone();
        want.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut got = pairs;
        sort_by(&mut got, |a, b| b.0.total_cmp(&a.0));
        assert_eq!(got, want);

        let mut floats = vec![3.0, -0.0, 0.0, f64::NAN, -1.5, 2.0, 0.0];
        let mut want = floats.clone();
        want.sort_by(f64::total_cmp);
        sort_by(&mut floats, f64::total_cmp);
        assert_eq!(format!("{floats:?}"), format!("{want:?}"));

        let mut ints = vec![5, 1, 4, 2, 3, 9, 0];
        let mut want = ints.clone();
        want.sort_unstable();
        sort_usize(&mut ints);
        assert_eq!(ints, want);
        let mut empty: Vec<usize> = Vec::new();
        sort_usize(&mut empty);
        assert!(empty.is_empty());
    }
}
