//! GLU's own small panel: `F.glu` is not element-wise (it splits its input in halves a and b along
//! dim and returns a·σ(b), half the size), so the overlay plot cannot draw it. Here one pair
//! (a, b), a 1-d input of size 2 as PyTorch takes it, gives the output and both gradients, computed
//! by `nnfunc::activation::glu` (the same code the fixtures check against PyTorch). The pair is
//! the panel's own and is not kept in the address bar.

use leptos::prelude::*;
use nnfunc::activation::glu;
use nnfunc::catalogue::FnId;
use nnfunc::plot::format_significant;
use nnfunc::Tensor;

/// GLU of the input [a, b]: (a·σ(b), ∂/∂a, ∂/∂b), or PyTorch's refusal.
pub fn glu_of_pair(a: f64, b: f64) -> Result<(f64, f64, f64), String> {
    let input = Tensor::new(vec![2], vec![a, b]).map_err(|e| e.to_string())?;
    let ones = Tensor::full(&[1], 1.0);
    let r = glu(-1, &input, &ones).map_err(|e| e.to_string())?;
    match (&r.output.data[..], &r.grad_input.data[..]) {
        (&[out], &[da, db]) => Ok((out, da, db)),
        _ => Err("glu gave an unexpected shape".into()),
    }
}

/// A number box of the panel (`glu-a`, `glu-b`); values that are not finite numbers are ignored.
#[component]
fn PairField(value: RwSignal<f64>, name: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <label class="loss-field">
            <span>{label}</span>
            <input type="number" step="0.1" name=name data-testid=name
                prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    match crate::dom::target_value(&ev).and_then(|t| crate::url::parse_number(t.trim())) {
                        Some(v) if v.is_finite() => value.set(v),
                        _ => value.notify(),
                    }
                } />
        </label>
    }
}

#[component]
pub fn GluPanel() -> impl IntoView {
    let spec = FnId::Glu.spec();
    let (a, b) = (RwSignal::new(1.5), RwSignal::new(-0.5));
    let value = Memo::new(move |_| glu_of_pair(a.get(), b.get()));
    let cell = move |pick: fn((f64, f64, f64)) -> f64| {
        move || {
            value
                .get()
                .map_or_else(|m| m, |v| format_significant(pick(v), 12))
        }
    };
    view! {
        <section class="card glu-panel" data-testid="glu-panel" aria-labelledby="glu-title">
            <h2 id="glu-title">{spec.display}</h2>
            <math display="block" inner_html=spec.formula></math>
            <p class="hint">"Not element-wise, so the plot above cannot draw it: F.glu splits its input in halves along dim (a first, b second) and returns a·σ(b), half the size. One pair here, input = torch.tensor([a, b])."</p>
            <div class="glu-fields">
                <PairField value=a name="glu-a" label="a (the value)" />
                <PairField value=b name="glu-b" label="b (the gate)" />
            </div>
            <table class="readout">
                <caption><code>"F.glu(torch.tensor([a, b]))"</code>", float64, as PyTorch"</caption>
                <tbody>
                    <tr><th scope="row">"a·σ(b)"</th><td data-testid="glu-output">{cell(|v| v.0)}</td></tr>
                    <tr><th scope="row">"∂/∂a = σ(b)"</th><td data-testid="glu-grad-a">{cell(|v| v.1)}</td></tr>
                    <tr><th scope="row">"∂/∂b = a·σ(b)(1 − σ(b))"</th><td data-testid="glu-grad-b">{cell(|v| v.2)}</td></tr>
                </tbody>
            </table>
            <ul class="notes">{spec.notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pair_and_both_gradients() {
        let s = 1.0 / (1.0 + 0.5f64.exp());
        let (out, da, db) = glu_of_pair(1.5, -0.5).unwrap_or_else(|e| panic!("{e}"));
        assert!((out - 1.5 * s).abs() < 1e-15);
        assert!((da - s).abs() < 1e-15);
        assert!((db - 1.5 * s * (1.0 - s)).abs() < 1e-15);
    }
}
