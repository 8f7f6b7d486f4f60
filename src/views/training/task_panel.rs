//! The task: its picker (grouped by kind) and the lecture's advice it tests.

use leptos::prelude::*;

use nnfunc::train::{Task, TaskKind};

use super::state::TrainingState;
use crate::components::Intro;
use crate::dom::target_value;

/// The lecture's advice that a task tests.
fn intro(task: Task) -> &'static str {
    match task.kind() {
        TaskKind::Regression => "Regression of a 1D signal. The lecture: tanh is quite ok for regression and continuous reconstruction. Compare tanh's smooth fit with ReLU's piecewise-linear one; the step and the sawtooth have kinks, and the noisy sine shows what fitting noise looks like.",
        TaskKind::Classification => "Classification in the plane. The lecture: ReLU is usually fine for classification; if the network does not converge, use Leaky ReLU or PReLU (watch the dead units). The loss lecture: cross-entropy is the loss for classification — switch the loss to MSE on the same run and see it train worse.",
        TaskKind::Image => "An implicit image: each network maps a pixel's (x, y) to its grey level, a continuous function that represents the image. The lecture: SIREN's periodic sine activation is used for implicit representations; ReLU blurs the fine detail. Same data, same batches, same number of steps.",
    }
}

/// The introduction above the lab: what the chosen task tests (closed at first on a phone).
#[component]
pub fn TaskIntro(task: Memo<Task>) -> impl IntoView {
    view! {
        <Intro summary="What this task tests" class="train-intro">
            <p data-testid="train-intro">{move || intro(task.get())}</p>
        </Intro>
    }
}

/// The task picker; a new task brings its defaults ([`TrainingState::with_task`]).
#[component]
pub fn TaskPicker(state: RwSignal<TrainingState>, task: Memo<Task>) -> impl IntoView {
    let on_task = move |ev: web_sys::Event| {
        if let Some(task) = target_value(&ev).and_then(|v| Task::from_name(&v)) {
            state.update(|s| *s = s.with_task(task));
        }
    };
    let groups = [
        (TaskKind::Regression, "1D regression"),
        (TaskKind::Classification, "2D classification"),
        (TaskKind::Image, "Implicit image"),
    ]
    .map(|(kind, label)| {
        let options = Task::ALL
            .into_iter()
            .filter(|t| t.kind() == kind)
            .map(|t| view! { <option value=t.name() selected=move || task.get() == t>{t.label()}</option> })
            .collect_view();
        view! { <optgroup label=label>{options}</optgroup> }
    });
    view! {
        <div class="field">
            <label for="train-task">"Task"</label>
            <select id="train-task" name="task" data-testid="task" on:change=on_task>{groups.collect_view()}</select>
        </div>
    }
}
