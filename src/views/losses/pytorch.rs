//! The Losses view's state as a PyTorch script, for the family on screen: each read-out with its
//! gradient, every loss called with the page's parameters (reduction, weights, margin…). The inputs
//! the family marks (a residual, a probability, logits, vectors) are live values its panel shares
//! ([`live`] names them). Pure, natively tested; `tests/pytorch` holds the committed states.

use nnfunc::catalogue::FnId;
use nnfunc::landscape::line_loss;
use nnfunc::loss::Regression;
use nnfunc::loss_views::{
    binary_at, classification, cosine_embedding, fits, kl, margin_ranking, regression_at,
    regression_kind, ClassTarget, Fit, REGRESSION_LOSSES,
};
use nnfunc::{Params, Value};

use super::pytorch_panels::*;
use super::state::{Family, LossState};
use crate::torch::script::py_list;
use crate::torch::{loss_call, py, Printed, Script, ScriptInput, Writer};
use crate::url::UrlState;

/// The live values' keys, and what each family's panel shows before the reader moves anything.
pub mod live {
    pub const RESIDUAL: (&str, f64) = ("d", 1.5);
    pub const TARGET: (&str, f64) = ("y", 1.0);
    pub const PROBABILITY: (&str, f64) = ("p", 0.25);
    pub const LOGIT: (&str, f64) = ("z", -1.0);
    pub const LOGITS: (&str, [f64; 3]) = ("logits", [2.0, 1.0, 0.1]);
    pub const CLASS: (&str, f64) = ("class", 0.0);
    /// Class weights (absent: none).
    pub const WEIGHTS: &str = "weights";
    /// Class probabilities as the target (absent: the class index).
    pub const PROBABILITIES: &str = "probabilities";
    /// The multi-label target: 1 or 0 per class (absent: every other class on).
    pub const LABELS: &str = "labels";
    pub const Q: (&str, [f64; 3]) = ("q", [0.5, 0.3, 0.2]);
    pub const P: (&str, [f64; 3]) = ("p", [0.4, 0.4, 0.2]);
    pub const X1: (&str, f64) = ("x1", 1.0);
    pub const X2: (&str, f64) = ("x2", 0.5);
    pub const A: (&str, [f64; 2]) = ("a", [1.0, 0.0]);
    pub const B: (&str, [f64; 2]) = ("b", [1.0, 1.0]);
    pub const COSINE_TARGET: (&str, f64) = ("cosine_y", 1.0);
    pub const HINGE_X: (&str, f64) = ("hinge_x", 0.5);
    pub const POISSON_X: (&str, f64) = ("poisson_x", 1.0);
    pub const POISSON_Y: (&str, f64) = ("poisson_y", 3.0);
    pub const GAUSSIAN_X: (&str, f64) = ("gaussian_x", 1.5);
    pub const GAUSSIAN_Y: (&str, f64) = ("gaussian_y", 0.0);
    pub const GAUSSIAN_VAR: (&str, f64) = ("gaussian_var", 1.0);
    /// Where the landscape lab's gradient descent is (absent: its start).
    pub const DESCENT_W: &str = "descent.w";
    pub const DESCENT_B: &str = "descent.b";
}

/// The script for the state `input.query` describes.
pub fn script(input: &ScriptInput) -> Script {
    let (state, notices) = LossState::from_pairs(&input.query);
    let params = |id: FnId| {
        state
            .params(id)
            .cloned()
            .unwrap_or_else(|| Params::defaults(id.spec()))
    };
    let number = |(key, default): (&str, f64)| input.number(key).unwrap_or(default);
    let list = |key: &str, default: &[f64]| input.list(key).unwrap_or_else(|| default.to_vec());
    let family = state.family;
    let mut w = Writer::new(&format!(
        "Losses, {}: each loss at the inputs the page marks, with its gradient.",
        family.label()
    ));
    w.notices(&notices);
    match family {
        Family::Landscape => {
            let at = (input.number(live::DESCENT_W), input.number(live::DESCENT_B));
            let at = match at {
                (Some(w), Some(b)) => (w, b),
                _ => state.lab.start,
            };
            landscape_script(&mut w, &state, &params, at);
        }
        Family::Regression => {
            let d = number(live::RESIDUAL);
            w.blank();
            w.comment("The marked residual d = x − y, as input d and target 0.");
            w.leaf("input", &format!("[{}]", py(d)), "");
            w.line("target = torch.tensor([0.0])");
            for id in REGRESSION_LOSSES {
                let p = params(id);
                scalar_loss(&mut w, &p, &["input", "target"], regression_at(&p, d));
            }
        }
        Family::Binary => {
            let (y, p, z) = (
                number(live::TARGET),
                number(live::PROBABILITY),
                number(live::LOGIT),
            );
            w.blank();
            w.line(&format!("target = torch.tensor([{}])", py(y)));
            w.leaf("input", &format!("[{}]", py(p)), "the probability p");
            let bce = params(FnId::BinaryCrossEntropy);
            scalar_loss(&mut w, &bce, &["input", "target"], binary_at(&bce, p, y));
            w.blank();
            w.leaf("input", &format!("[{}]", py(z)), "the logit z");
            let logits = params(FnId::BinaryCrossEntropyWithLogits);
            scalar_loss(
                &mut w,
                &logits,
                &["input", "target"],
                binary_at(&logits, z, y),
            );
            w.blank();
            let soft = params(FnId::SoftMarginLoss);
            let pm = super::binary::target_of(&soft, y);
            w.line(&format!(
                "target = torch.tensor([{}])  # the label as -1 or 1: 2y - 1",
                py(pm)
            ));
            w.leaf("input", &format!("[{}]", py(z)), "the logit z");
            scalar_loss(&mut w, &soft, &["input", "target"], binary_at(&soft, z, pm));
        }
        Family::Sequences => ctc_script(&mut w, &params(FnId::CtcLoss), &state.ctc),
        Family::Classification => {
            let logits = list(live::LOGITS.0, &live::LOGITS.1);
            let class = number(live::CLASS).max(0.0) as usize;
            let weights = input.list(live::WEIGHTS);
            let probabilities = input.list(live::PROBABILITIES);
            let soft = probabilities.is_some();
            classification_script(
                &mut w,
                &params,
                &logits,
                class,
                weights.clone(),
                probabilities,
            );
            let ce = params(FnId::CrossEntropy);
            super::class_batch::script(&mut w, &ce, weights.as_deref(), &logits, class);
            multi_margin_script(
                &mut w,
                &params(FnId::MultiMarginLoss),
                &logits,
                class,
                (weights.as_deref(), soft),
            );
            let labels = input
                .list(live::LABELS)
                .unwrap_or_else(|| super::multilabel::default_labels(logits.len()));
            multilabel_script(
                &mut w,
                &params(FnId::MultilabelSoftMarginLoss),
                &logits,
                &labels,
            );
            multilabel_margin_script(
                &mut w,
                &params(FnId::MultilabelMarginLoss),
                &logits,
                &state.margin_target,
            );
        }
        Family::Distributions => {
            let (q, p) = (list(live::Q.0, &live::Q.1), list(live::P.0, &live::P.1));
            distributions_script(&mut w, &params(FnId::KlDiv), &q, &p);
            let poisson = params(FnId::PoissonNllLoss);
            let x = super::poisson::marked(
                number(live::POISSON_X),
                super::poisson::input_range(&poisson),
            );
            poisson_script(&mut w, &poisson, x, number(live::POISSON_Y));
            let marked = super::gaussian::Marked {
                x: number(live::GAUSSIAN_X),
                y: number(live::GAUSSIAN_Y),
                var: number(live::GAUSSIAN_VAR),
            };
            gaussian_script(&mut w, &params(FnId::GaussianNllLoss), marked);
        }
        Family::Ranking => {
            let (x1, x2) = (number(live::X1), number(live::X2));
            let (a, b) = (list(live::A.0, &live::A.1), list(live::B.0, &live::B.1));
            let y = number(live::COSINE_TARGET);
            ranking_script(&mut w, &params, (x1, x2), (&a, &b), y);
            hinge_script(
                &mut w,
                &params(FnId::HingeEmbeddingLoss),
                number(live::HINGE_X),
            );
        }
    }
    w.finish(&format!("losses-{}.py", family.key()))
}

/// A loss of one element: its value and the gradient on `input` (of the sum, for reduction 'none').
fn scalar_loss(
    w: &mut Writer,
    params: &Params,
    inputs: &[&str],
    value: Result<(f64, f64), String>,
) {
    let name = params.spec.name;
    w.blank();
    w.comment(params.spec.display);
    let Ok((loss, grad)) = value else {
        w.comment("The page shows no value here (PyTorch refuses these inputs).");
        return;
    };
    w.line(&format!("loss = {}", loss_call(params, inputs)));
    w.line("(grad,) = torch.autograd.grad(loss.sum(), input)");
    w.print(name, "loss.item()", Printed::Float(loss));
    w.print(
        &format!("d {name} / d input"),
        "grad.item()",
        Printed::Float(grad),
    );
}

fn classification_script(
    w: &mut Writer,
    params: &dyn Fn(FnId) -> Params,
    logits: &[f64],
    class: usize,
    weights: Option<Vec<f64>>,
    probabilities: Option<Vec<f64>>,
) {
    let weighted = |id: FnId| {
        let mut p = params(id);
        if let Some(w) = &weights {
            let _ = p.set(
                "weight",
                Value::Tensor(Some(nnfunc::Tensor::vector(w.clone()))),
            );
        }
        p
    };
    w.blank();
    w.leaf(
        "input",
        &format!("[{}]", py_list(logits)),
        "one sample's logits",
    );
    let target = match &probabilities {
        Some(p) => {
            w.line(&format!(
                "target = torch.tensor([{}])  # class probabilities",
                py_list(p)
            ));
            ClassTarget::Probabilities(p.clone())
        }
        None => {
            w.line(&format!(
                "target = torch.tensor([{class}])  # the true class"
            ));
            ClassTarget::Index(class)
        }
    };
    let mut losses = vec![FnId::CrossEntropy];
    if probabilities.is_none() {
        losses.push(FnId::NllLoss);
    }
    for id in losses {
        let p = weighted(id);
        w.blank();
        w.comment(p.spec.display);
        if id == FnId::NllLoss {
            w.comment("nll_loss reads the same numbers as log-probabilities.");
        }
        let Ok((loss, grad)) = classification(&p, logits, &target) else {
            w.comment("The page shows no value here (PyTorch refuses these inputs).");
            continue;
        };
        let name = p.spec.name;
        w.line(&format!("loss = {}", loss_call(&p, &["input", "target"])));
        w.line("(grad,) = torch.autograd.grad(loss.sum(), input)");
        w.print(name, "loss.item()", Printed::Float(loss));
        w.print(
            &format!("d {name} / d input"),
            "grad[0].tolist()",
            Printed::List(grad),
        );
    }
}

fn distributions_script(w: &mut Writer, params: &Params, q: &[f64], p: &[f64]) {
    let log_target = params.bool("log_target");
    w.blank();
    w.comment("kl_div takes the input as log-probabilities: log q.");
    w.line(&format!("input = torch.tensor([{}]).log()", py_list(q)));
    let target = if log_target { ".log()" } else { "" };
    w.line(&format!("target = torch.tensor([{}]){target}", py_list(p)));
    let input: Vec<f64> = q.iter().map(|v| v.ln()).collect();
    let target: Vec<f64> = if log_target {
        p.iter().map(|v| v.ln()).collect()
    } else {
        p.to_vec()
    };
    for reduction in ["none", "batchmean", "mean", "sum"] {
        let mut under = params.clone();
        if under.set_choice("reduction", reduction).is_err() {
            continue;
        }
        let Ok((loss, _)) = kl(&under, &input, &target) else {
            continue;
        };
        let name = format!("kl_div {reduction}");
        w.line(&format!(
            "loss = {}",
            loss_call(&under, &["input", "target"])
        ));
        match reduction {
            "none" => w.print(&name, "loss[0].tolist()", Printed::List(loss)),
            _ => w.print(
                &name,
                "loss.item()",
                Printed::Float(loss.first().copied().unwrap_or(f64::NAN)),
            ),
        }
    }
}

fn ranking_script(
    w: &mut Writer,
    params: &dyn Fn(FnId) -> Params,
    (x1, x2): (f64, f64),
    (a, b): (&[f64], &[f64]),
    y: f64,
) {
    let ranking = params(FnId::MarginRankingLoss);
    w.blank();
    w.comment("margin_ranking_loss at the marked (x1, x2), for y = 1 and y = −1.");
    w.leaf("input1", &format!("[{}]", py(x1)), "");
    w.leaf("input2", &format!("[{}]", py(x2)), "");
    for target in [1.0, -1.0] {
        let Ok((loss, g1, g2)) = margin_ranking(&ranking, x1, x2, target) else {
            continue;
        };
        w.line(&format!("target = torch.tensor([{}])", py(target)));
        w.line(&format!(
            "loss = {}",
            loss_call(&ranking, &["input1", "input2", "target"])
        ));
        w.line("g1, g2 = torch.autograd.grad(loss.sum(), (input1, input2))");
        let name = format!("margin_ranking_loss y={}", py(target));
        w.print(&name, "loss.item()", Printed::Float(loss));
        w.print(
            &format!("d {name} / d input1"),
            "g1.item()",
            Printed::Float(g1),
        );
        w.print(
            &format!("d {name} / d input2"),
            "g2.item()",
            Printed::Float(g2),
        );
    }
    let cosine = params(FnId::CosineEmbeddingLoss);
    let (Some(&[a0, a1]), Some(&[b0, b1])) = (a.first_chunk::<2>(), b.first_chunk::<2>()) else {
        return;
    };
    w.blank();
    w.comment("cosine_embedding_loss of the two vectors (one pair).");
    w.leaf("input1", &format!("[{}]", py_list(&[a0, a1])), "");
    w.leaf("input2", &format!("[{}]", py_list(&[b0, b1])), "");
    w.line(&format!("target = torch.tensor([{}])", py(y)));
    let Ok(r) = cosine_embedding(&cosine, (a0, a1), (b0, b1), y) else {
        return;
    };
    w.line(&format!(
        "loss = {}",
        loss_call(&cosine, &["input1", "input2", "target"])
    ));
    w.line("g1, g2 = torch.autograd.grad(loss.sum(), (input1, input2))");
    w.print(
        "cosine_embedding_loss",
        "loss.item()",
        Printed::Float(r.loss),
    );
    w.print(
        "d cosine_embedding_loss / d input1",
        "g1[0].tolist()",
        Printed::List(vec![r.grad1.0, r.grad1.1]),
    );
    w.print(
        "d cosine_embedding_loss / d input2",
        "g2[0].tolist()",
        Printed::List(vec![r.grad2.0, r.grad2.1]),
    );
}

/// The landscape lab: the points, each loss's value at the line the page fitted for it, and the
/// lab's loss with its gradient in (w, b) where gradient descent is. The lab fits with the mean
/// over the points and each loss's own β or δ.
fn landscape_script(
    w: &mut Writer,
    state: &LossState,
    params: &dyn Fn(FnId) -> Params,
    (at_w, at_b): (f64, f64),
) {
    let points = &state.lab.points;
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    w.blank();
    w.line(&format!("x = torch.tensor({})  # the points", py_list(&xs)));
    w.line(&format!("y = torch.tensor({})", py_list(&ys)));
    // The lab's losses: each one's β or δ, reduction 'mean', no weight.
    let lab_params = |id: FnId| {
        let own = params(id);
        let mut p = Params::defaults(id.spec());
        for name in ["beta", "delta"] {
            if let Some(v @ Value::Real(_)) = own.get(name) {
                let _ = p.set(name, v.clone());
            }
        }
        p
    };
    let kinds = REGRESSION_LOSSES.map(|id| regression_kind(&lab_params(id)));
    w.blank();
    w.comment(
        "Each loss at the line (w, b) the page fitted for it, and its gradient there: zero at a \
         minimum up to the last digits, which depend on the order of the sums (so rounded to 12 \
         decimals).",
    );
    for fit in fits(points, &kinds).into_iter().flatten() {
        let p = lab_params(fit.loss);
        let name = p.spec.name;
        let Some(kind) = regression_kind(&p) else {
            continue;
        };
        // Zero at a minimum, up to rounding that depends on the order of the sums: both sides
        // round to 12 decimals.
        let round12 = |v: f64| (v * 1e12).round() / 1e12;
        let (_, gw, gb) = line_loss(points, kind, fit.w, fit.b);
        w.leaf("w", &py(fit.w), "");
        w.leaf("b", &py(fit.b), "");
        w.line(&format!("loss = {}", loss_call(&p, &["w * x + b", "y"])));
        w.line("gw, gb = torch.autograd.grad(loss, (w, b))");
        w.print(
            &format!("{name} at its fit"),
            "loss.item()",
            Printed::Float(fit.value),
        );
        w.print(
            &format!("d {name} / d (w, b) at its fit"),
            "[round(gw.item(), 12), round(gb.item(), 12)]",
            Printed::List(vec![round12(gw), round12(gb)]),
        );
    }
    let p = lab_params(state.lab.loss);
    let Some(kind) = regression_kind(&p) else {
        return;
    };
    if let Some(fit) = fits(points, &kinds)
        .into_iter()
        .flatten()
        .find(|f| f.loss == p.spec.id)
    {
        per_point(w, &p, kind, fit, points);
    }
    let (loss, gw, gb) = line_loss(points, kind, at_w, at_b);
    let name = p.spec.name;
    w.blank();
    w.comment(&format!(
        "Gradient descent on {name} is at (w, b): its loss and gradient there."
    ));
    w.leaf("w", &py(at_w), "");
    w.leaf("b", &py(at_b), "");
    w.line(&format!("loss = {}", loss_call(&p, &["w * x + b", "y"])));
    w.line("gw, gb = torch.autograd.grad(loss, (w, b))");
    w.print(
        &format!("{name} at (w, b)"),
        "loss.item()",
        Printed::Float(loss),
    );
    w.print(
        &format!("d {name} / d (w, b)"),
        "[gw.item(), gb.item()]",
        Printed::List(vec![gw, gb]),
    );
}

/// What each point does at the selected loss's fit: its loss (`reduction='none'`) and ψ = dℓ/dr,
/// the gradient of its loss on its prediction (the page's per-point bars are −ψ/n).
fn per_point(w: &mut Writer, p: &Params, kind: Regression, fit: Fit, points: &[(f64, f64)]) {
    let name = p.spec.name;
    let mut none = p.clone();
    if none.set_choice("reduction", "none").is_err() {
        return;
    }
    let influence: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| kind.loss_and_slope(fit.w * x + fit.b - y))
        .collect();
    w.blank();
    w.comment(&format!(
        "What each point does at {name}'s fit: its own loss, and psi = d loss / d prediction. \
         Under MSE psi grows with the residual; under L1 it is +-1 (0 on the line); Huber and \
         smooth L1 cap it."
    ));
    w.leaf("w", &py(fit.w), "");
    w.leaf("b", &py(fit.b), "");
    w.line("prediction = (w * x + b).detach().requires_grad_()");
    w.line(&format!(
        "each = {}",
        loss_call(&none, &["prediction", "y"])
    ));
    w.line("(psi,) = torch.autograd.grad(each.sum(), prediction)");
    w.print(
        &format!("{name} per point"),
        "each.tolist()",
        Printed::List(influence.iter().map(|i| i.0).collect()),
    );
    w.print(
        "psi per point",
        "psi.tolist()",
        Printed::List(influence.iter().map(|i| i.1).collect()),
    );
}
