//! `performance.mark`/`measure` around redraws: the one place the app times itself.
//!
//! Every redraw of a view is recorded as a `performance.measure` named `draw:<view>` (visible in the
//! browser's performance panel; the e2e suite and `cargo xtask bench` read them). The browser keeps
//! every entry until it is cleared, so a long lecture would pile up tens of thousands of them: the
//! start marks are cleared at once, and the measures of a name every [`KEEP_MEASURES`] records.
//! A `PerformanceObserver` still sees every entry.

use std::cell::RefCell;
use std::collections::HashMap;

/// How many measures of one name are kept before they are cleared.
pub const KEEP_MEASURES: u32 = 1_000;

thread_local! {
    static COUNTS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Run `f` between a mark and a measure called `name`.
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let Some(p) = performance() else {
        return f();
    };
    let start = format!("{name}:start");
    let _ = p.mark(&start);
    let out = f();
    let _ = p.measure_with_start_mark(name, &start);
    p.clear_marks_with_mark_name(&start);
    recorded(&p, name);
    out
}

/// A measure from the mark `start` (which the caller set) to now; the mark is kept (a caller may
/// measure several spans from one mark) and must be cleared by the caller with [`clear_mark`].
pub fn measure_from(name: &str, start: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, start);
        recorded(&p, name);
    }
}

/// Set a mark (for [`measure_from`]).
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Clear a mark set with [`mark`].
pub fn clear_mark(name: &str) {
    if let Some(p) = performance() {
        p.clear_marks_with_mark_name(name);
    }
}

/// Count a measure of `name`; clear that name's measures every [`KEEP_MEASURES`]. A drawn figure
/// of the app takes the place of the first plot, if one is on the page.
fn recorded(p: &web_sys::Performance, name: &str) {
    crate::first_plot::replaced();
    let full = COUNTS.with(|counts| {
        let mut counts = counts.borrow_mut();
        let count = counts.entry(name.to_string()).or_insert(0);
        *count += 1;
        if *count >= KEEP_MEASURES {
            *count = 0;
            true
        } else {
            false
        }
    });
    if full {
        p.clear_measures_with_measure_name(name);
    }
}
