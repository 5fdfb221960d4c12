// The second wasm module (src/web/extras.rs), loaded the first time a reader needs it: the
// sweeps, the histogram and the SVG and CSV downloads (the Monte Carlo worker loads it on its
// own). The first render needs only the page module (pkg/lr_anneal.js), so the page does not
// wait for, or download, what most readers never open.

let loading = null;

/** The extras module's exports, once it is loaded (a failed load is tried again next time). */
export function extras() {
  if (!loading) {
    loading = import('./pkg/lr_anneal_extras.js').then(async (module) => {
      await module.default();
      return module;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
