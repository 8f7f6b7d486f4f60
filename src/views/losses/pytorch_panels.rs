//! The Losses view's script for the panels that each add one loss beside a family's main ones
//! (hinge embedding, Poisson and Gaussian NLL, the multi-label and multi-class margins, CTC): the
//! loss at the panel's marked inputs, with every gradient. Pure, natively tested with the view's
//! script (`super::pytorch`).

use nnfunc::loss_views::{binary_at, ClassTarget};
use nnfunc::Params;

use crate::torch::script::py_list;
use crate::torch::{loss_call, py, Printed, Writer};
/// hinge_embedding_loss at the marked x, for both targets.
pub(super) fn hinge_script(w: &mut Writer, hinge: &Params, x: f64) {
    w.blank();
    w.comment("hinge_embedding_loss at the marked distance x, for y = 1 and y = -1.");
    w.leaf("input", &format!("[{}]", py(x)), "");
    for target in [1.0, -1.0] {
        let Ok((loss, grad)) = binary_at(hinge, x, target) else {
            continue;
        };
        w.line(&format!("target = torch.tensor([{}])", py(target)));
        w.line(&format!(
            "loss = {}",
            loss_call(hinge, &["input", "target"])
        ));
        w.line("(grad,) = torch.autograd.grad(loss.sum(), input)");
        let name = format!("hinge_embedding_loss y={}", py(target));
        w.print(&name, "loss.item()", Printed::Float(loss));
        w.print(
            &format!("d {name} / d input"),
            "grad.item()",
            Printed::Float(grad),
        );
    }
}

/// Leaves for `names` at `values`, one loss call on them and its gradient on each: the printed
/// loss, then `d <loss> / d <name>` per input.
pub(super) fn leaves_and_grads(
    w: &mut Writer,
    params: &Params,
    inputs: &[(&str, f64)],
    value: (f64, &[f64]),
) {
    let names: Vec<&str> = inputs.iter().map(|(name, _)| *name).collect();
    for (name, v) in inputs {
        w.leaf(name, &format!("[{}]", py(*v)), "");
    }
    w.line(&format!("loss = {}", loss_call(params, &names)));
    w.line(&format!(
        "grads = torch.autograd.grad(loss.sum(), ({},))",
        names.join(", ")
    ));
    let loss = params.spec.name;
    w.print(loss, "loss.item()", Printed::Float(value.0));
    for (i, (name, grad)) in names.iter().zip(value.1).enumerate() {
        w.print(
            &format!("d {loss} / d {name}"),
            &format!("grads[{i}].item()"),
            Printed::Float(*grad),
        );
    }
}

/// poisson_nll_loss at the marked input and target count, with both gradients.
pub(super) fn poisson_script(w: &mut Writer, params: &Params, x: f64, y: f64) {
    w.blank();
    w.comment(if params.bool("log_input") {
        "poisson_nll_loss at the marked input x = log(rate) and the target count y."
    } else {
        "poisson_nll_loss at the marked input x = rate and the target count y."
    });
    match super::poisson::poisson_at(params, x, y) {
        Ok((loss, gx, gy)) => {
            leaves_and_grads(w, params, &[("input", x), ("target", y)], (loss, &[gx, gy]))
        }
        Err(_) => w.comment("The page shows no value here (PyTorch refuses these inputs)."),
    }
}

/// gaussian_nll_loss at the marked mean, target and variance, with the three gradients.
pub(super) fn gaussian_script(w: &mut Writer, params: &Params, m: super::gaussian::Marked) {
    w.blank();
    w.comment("gaussian_nll_loss at the marked mean x, target y and variance var.");
    match super::gaussian::gaussian_at(params, m) {
        Ok((loss, grads)) => leaves_and_grads(
            w,
            params,
            &[("input", m.x), ("target", m.y), ("var", m.var)],
            (loss, &grads),
        ),
        Err(_) => w.comment("The page shows no value here (PyTorch refuses these inputs)."),
    }
}

/// multilabel_soft_margin_loss on the same logits, with a 0 or 1 label per class.
pub(super) fn multilabel_script(w: &mut Writer, params: &Params, logits: &[f64], labels: &[f64]) {
    w.blank();
    w.comment("multilabel_soft_margin_loss: the same logits, a label (1 or 0) per class.");
    let labels: Vec<f64> = labels.iter().take(logits.len()).copied().collect();
    let Ok((loss, grad)) = super::multilabel::multilabel_at(params, logits, &labels) else {
        w.comment("The page shows no value here (PyTorch refuses these inputs).");
        return;
    };
    w.leaf("input", &format!("[{}]", py_list(logits)), "");
    w.line(&format!("target = torch.tensor([{}])", py_list(&labels)));
    loss_and_input_grad(w, params, loss, grad);
}

/// multilabel_margin_loss on the same logits, with its label set as PyTorch's target row (the
/// labels' indices, then −1).
pub(super) fn multilabel_margin_script(
    w: &mut Writer,
    params: &Params,
    logits: &[f64],
    labels: &[usize],
) {
    w.blank();
    w.comment("multilabel_margin_loss: the same logits; the labels' indices in order (a repeat counts twice), then -1 ends them.");
    let Ok((loss, grad, row)) =
        super::multilabel_margin::multilabel_margin_at(params, logits, labels)
    else {
        w.comment("The page shows no value here (PyTorch refuses these inputs).");
        return;
    };
    w.leaf("input", &format!("[{}]", py_list(logits)), "");
    w.line(&format!(
        "target = torch.tensor({})",
        super::multilabel_margin::target_text(&row)
    ));
    loss_and_input_grad(w, params, loss, grad);
}

/// multi_margin_loss on the same logits, target class and class weights (it takes no class
/// probabilities).
pub(super) fn multi_margin_script(
    w: &mut Writer,
    params: &Params,
    logits: &[f64],
    class: usize,
    (weights, soft): (Option<&[f64]>, bool),
) {
    w.blank();
    w.comment("multi_margin_loss: the same logits, target class and class weights.");
    if soft {
        w.comment("It takes class indices only: the page shows no value with class probabilities.");
        return;
    }
    let no_value = "The page shows no value here (PyTorch refuses these inputs).";
    let Ok(p) = super::class_plots::with_weights(params, weights) else {
        w.comment(no_value);
        return;
    };
    let target = ClassTarget::Index(class);
    let Ok((loss, grad)) = super::multi_margin::multi_margin_at(params, logits, &target, weights)
    else {
        w.comment(no_value);
        return;
    };
    w.leaf("input", &format!("[{}]", py_list(logits)), "");
    w.line(&format!("target = torch.tensor([{class}])"));
    loss_and_input_grad(w, &p, loss, grad);
}

/// The call on `input` and `target` (a batch of one), its gradient on `input`, and both printed
/// with the page's values.
fn loss_and_input_grad(w: &mut Writer, params: &Params, loss: f64, grad: Vec<f64>) {
    w.line(&format!(
        "loss = {}",
        loss_call(params, &["input", "target"])
    ));
    w.line("(grad,) = torch.autograd.grad(loss.sum(), input)");
    let name = params.spec.name;
    w.print(name, "loss.item()", Printed::Float(loss));
    w.print(
        &format!("d {name} / d input"),
        "grad[0].tolist()",
        Printed::List(grad),
    );
}

/// ctc_loss on the Sequences family's example: the preset's logits, the temperature, the
/// log-softmax, the target's class indices; the loss and its gradient on log_probs.
pub(super) fn ctc_script(w: &mut Writer, params: &Params, ex: &super::state::CtcExample) {
    use nnfunc::ctc::example::{self, CLASSES};
    w.blank();
    let Ok(e) = super::sequences::evaluate(params, ex) else {
        w.comment("The page shows no value here (PyTorch refuses these inputs).");
        return;
    };
    let blank = params.int("blank").unwrap_or(0) as usize;
    let letters = nnfunc::ctc::example::parse_target(&ex.target).unwrap_or_default();
    let rows: Vec<String> = example::logits(ex.preset, &letters, ex.steps, blank)
        .chunks(CLASSES)
        .map(|r| format!("[{}]", py_list(r)))
        .collect();
    w.comment(&format!(
        "Classes: the blank is {blank}, the letters a, b, c the others in order; target \"{}\".",
        ex.target
    ));
    w.line(&format!(
        "logits = torch.tensor([{}])  # {}",
        rows.join(", "),
        ex.preset.label()
    ));
    w.line(&format!(
        "log_probs = (logits / {}).log_softmax(-1).detach().requires_grad_()",
        py(ex.temperature)
    ));
    let targets: Vec<String> = e.target.iter().map(|c| c.to_string()).collect();
    w.line(&format!("targets = torch.tensor([{}])", targets.join(", ")));
    w.line(&format!("input_lengths = torch.tensor({})", ex.steps));
    w.line(&format!(
        "target_lengths = torch.tensor({})",
        e.target.len()
    ));
    let inputs = ["log_probs", "targets", "input_lengths", "target_lengths"];
    w.line(&format!("loss = {}", loss_call(params, &inputs)));
    w.line("(grad,) = torch.autograd.grad(loss, log_probs)");
    w.print("ctc_loss", "loss.item()", Printed::Float(e.loss));
    w.print(
        "d ctc_loss / d log_probs",
        "grad.flatten().tolist()",
        Printed::List(e.grad),
    );
}
