//! The Softmax view's state as a PyTorch script: softmax, softmin and log_softmax of x/τ with
//! their sums, and the gradient of the plotted output i with respect to every logit. Pure,
//! natively tested; `tests/pytorch` holds the committed states.

use nnfunc::activation::{softmax, SoftmaxKind};
use nnfunc::Tensor;

use super::model::{outputs, KINDS};
use super::state::SoftmaxState;
use crate::torch::script::py_list;
use crate::torch::{py, Printed, Script, ScriptInput, Writer};
use crate::url::UrlState;

/// d softmax(x/τ)ᵢ / dx: softmax's backward for the one-hot gradient of output i, divided by τ
/// as autograd's division does.
fn gradient(logits: &[f64], tau: f64, i: usize) -> Option<Vec<f64>> {
    let scaled = Tensor::vector(logits.iter().map(|x| x / tau).collect());
    let one_hot = (0..logits.len())
        .map(|j| f64::from(u8::from(j == i)))
        .collect();
    let result = softmax(
        SoftmaxKind::Softmax,
        Some(0),
        &scaled,
        &Tensor::vector(one_hot),
    )
    .ok()?;
    Some(result.grad_input.data.iter().map(|g| g / tau).collect())
}

/// The script for the state `input.query` describes.
pub fn script(input: &ScriptInput) -> Script {
    let (state, notices) = SoftmaxState::from_pairs(&input.query);
    let SoftmaxState { logits, tau, index } = state;
    let mut w = Writer::new(
        "Softmax: softmax, softmin and log_softmax of the logits x at temperature τ (of x / τ), \
         their sums, and the gradient of the plotted output with respect to every logit.",
    );
    w.notices(&notices);
    w.blank();
    w.leaf("x", &py_list(&logits), "the logits");
    w.line(&format!("tau = {}  # the temperature τ", py(tau)));
    w.line("z = x / tau");
    let Ok(out) = outputs(&logits, tau) else {
        return w.finish("softmax.py");
    };
    for (kind, _, name) in KINDS {
        w.blank();
        w.line(&format!("{name} = F.{name}(z, dim=0)"));
        w.print(
            name,
            &format!("{name}.tolist()"),
            Printed::List(out.of(kind).to_vec()),
        );
        let (label, expr) = match kind {
            SoftmaxKind::LogSoftmax => (
                "sum exp(log_softmax)".to_string(),
                format!("{name}.exp().sum().item()"),
            ),
            _ => (format!("sum {name}"), format!("{name}.sum().item()")),
        };
        w.print(&label, &expr, Printed::Float(out.total(kind)));
    }
    if let Some(grad) = gradient(&logits, tau, index) {
        w.blank();
        w.comment(&format!(
            "The curve's output i = {index}: its gradient with respect to every logit."
        ));
        w.line(&format!(
            "(grad,) = torch.autograd.grad(softmax[{index}], x)"
        ));
        w.print(
            &format!("d softmax[{index}] / dx"),
            "grad.tolist()",
            Printed::List(grad),
        );
    }
    w.finish("softmax.py")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_functions_their_sums_and_the_gradient() {
        let input = ScriptInput {
            query: crate::url::codec::literal::query("logits=1,2,3&tau=2&i=1"),
            live: Vec::new(),
        };
        let s = script(&input);
        assert!(s
            .code
            .contains("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)"));
        assert!(s.code.contains("tau = 2.0"));
        assert!(s
            .code
            .contains("(grad,) = torch.autograd.grad(softmax[1], x)"));
        assert!(s.expected.contains("sum softmax = "));
        assert!(s.expected.contains("d softmax[1] / dx = ["));
        // Σ_j ∂sᵢ/∂x_j = 0: a softmax output does not change when every logit moves together.
        let grad = gradient(&[1.0, 2.0, 3.0], 2.0, 1).unwrap_or_default();
        assert!(grad.iter().sum::<f64>().abs() < 1e-15);
        assert!(grad[1] > 0.0 && grad[0] < 0.0);
    }
}
