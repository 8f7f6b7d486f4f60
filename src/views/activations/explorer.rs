//! The explorer's state as signals ([`Explorer`], all `Copy`): one [`Slot`] per function, the
//! shown functions, the toggles, the x range and the crosshair; and what the gradient-flow panel
//! is handed of it.

use std::sync::Arc;
use std::time::Duration;

use crate::effect::effect;
use leptos::prelude::*;
use nnfunc::activation::Elementwise;
use nnfunc::catalogue::FnId;
use nnfunc::plot::{hex, sample, AxisRange};
use nnfunc::Params;

use super::gradient_flow::FlowFunction;
use super::slot::{Slot, SAMPLES};
use super::state::{functions, ActivationState, MAX_SHOWN};
use crate::chart::function_plot::Lines;
use crate::chart::series_color;

/// The gradient-flow panel follows the shown functions this long after the last change, so that
/// its 10,000-sample statistics never delay a slider's redraw.
const FLOW_DELAY: Duration = Duration::from_millis(150);

/// The largest difference between GELU's exact and tanh forms over the view.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeluComparison {
    /// The form not selected, sampled over the view.
    pub lines: Arc<Lines>,
    pub max_difference: f64,
    pub at: f64,
}

/// The explorer's signals.
#[derive(Clone, Copy)]
pub struct Explorer {
    slots: StoredValue<Vec<Slot>>,
    pub(crate) shown: RwSignal<Vec<FnId>>,
    pub(crate) show_derivative: RwSignal<bool>,
    pub(crate) shade_saturation: RwSignal<bool>,
    pub(crate) compare_gelu: RwSignal<bool>,
    pub(crate) x: RwSignal<AxisRange>,
    pub(crate) probe: RwSignal<Option<f64>>,
    pub(crate) gelu_comparison: Memo<Option<GeluComparison>>,
}

impl Explorer {
    pub(super) fn new(initial: &ActivationState) -> Explorer {
        let x = RwSignal::new(initial.x);
        let slots: Vec<Slot> = functions()
            .map(|spec| {
                let start = initial
                    .functions
                    .iter()
                    .find(|p| p.spec.id == spec.id)
                    .cloned()
                    .unwrap_or_else(|| Params::defaults(spec));
                Slot::new(spec, start, x)
            })
            .collect();
        let gelu = slots.iter().find(|s| s.spec.id == FnId::Gelu).copied();
        Explorer {
            slots: StoredValue::new(slots),
            shown: RwSignal::new(initial.functions.iter().map(|p| p.spec.id).collect()),
            show_derivative: RwSignal::new(initial.show_derivative),
            shade_saturation: RwSignal::new(initial.shade_saturation),
            compare_gelu: RwSignal::new(initial.compare_gelu),
            x,
            probe: RwSignal::new(None),
            gelu_comparison: Memo::new(move |_| compare_gelu(gelu?.function.get()?, x.get())),
        }
    }

    pub(crate) fn slot(&self, id: FnId) -> Option<Slot> {
        self.slots
            .with_value(|slots| slots.iter().find(|s| s.spec.id == id).copied())
    }

    /// The shown functions' slots, in order (tracks `shown`).
    pub(crate) fn shown_slots(&self) -> Vec<Slot> {
        self.shown
            .get()
            .into_iter()
            .filter_map(|id| self.slot(id))
            .collect()
    }

    /// The state as the URL records it (tracks everything it reads).
    pub fn snapshot(&self) -> ActivationState {
        ActivationState {
            functions: self
                .shown_slots()
                .into_iter()
                .map(|slot| slot.params.get())
                .collect(),
            show_derivative: self.show_derivative.get(),
            x: self.x.get(),
            shade_saturation: self.shade_saturation.get(),
            compare_gelu: self.compare_gelu.get(),
        }
    }

    pub(super) fn toggle(&self, id: FnId, on: bool) {
        self.shown.update(|shown| {
            if on && !shown.contains(&id) && shown.len() < MAX_SHOWN {
                shown.push(id);
            } else if !on && shown.len() > 1 {
                shown.retain(|s| *s != id);
            }
        });
    }

    /// The colour of a shown function (tracks `shown` and the colour scheme).
    pub(crate) fn color(&self, id: FnId, dark: bool) -> String {
        let index = self
            .shown
            .with(|s| s.iter().position(|x| *x == id))
            .unwrap_or(0);
        hex(series_color(index, dark))
    }

    /// The shown functions as the gradient-flow panel takes them, following them a moment after
    /// they settle (the first time after the main plot's first frame: the panel below the fold
    /// must not delay it).
    pub(super) fn flow_functions(&self, dark: ReadSignal<bool>) -> RwSignal<Vec<FlowFunction>> {
        let explorer = *self;
        let flow_functions = RwSignal::new(Vec::<FlowFunction>::new());
        let pending = StoredValue::new(None::<TimeoutHandle>);
        effect(move || {
            let dark = dark.get();
            let functions: Vec<FlowFunction> = explorer
                .shown_slots()
                .into_iter()
                .enumerate()
                .filter_map(|(index, slot)| {
                    slot.function.get().map(|activation| FlowFunction {
                        label: slot.spec.name.to_string(),
                        activation,
                        color: series_color(index, dark),
                    })
                })
                .collect();
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            if flow_functions.with_untracked(Vec::is_empty) {
                request_animation_frame(move || {
                    let _ = flow_functions.try_set(functions);
                });
            } else {
                let update = move || flow_functions.set(functions);
                pending.set_value(set_timeout_with_handle(update, FLOW_DELAY).ok());
            }
        });
        flow_functions
    }
}

/// GELU's other form (exact ↔ tanh) over `x`, and where the two differ most.
pub(super) fn compare_gelu(shown: Elementwise, x: AxisRange) -> Option<GeluComparison> {
    let tanh = matches!(shown, Elementwise::Gelu { tanh: true });
    let (shown_form, other) = (
        Elementwise::Gelu { tanh },
        Elementwise::Gelu { tanh: !tanh },
    );
    let lines = Arc::new(sample(|v| other.value(v), x.min, x.max, SAMPLES));
    let (mut max_difference, mut at) = (0.0, x.min);
    let step = x.width() / (SAMPLES - 1) as f64;
    for i in 0..SAMPLES {
        let v = x.min + step * i as f64;
        let d = (shown_form.value(v) - other.value(v)).abs();
        if d > max_difference {
            (max_difference, at) = (d, v);
        }
    }
    Some(GeluComparison {
        lines,
        max_difference,
        at,
    })
}
