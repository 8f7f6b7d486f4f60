//! The explorer's state as a PyTorch script: every shown function's f(x) and f′(x) (by autograd)
//! at the crosshair's x, or without a crosshair at the plot's x_min, 0 and x_max, and f′(0) as in
//! its properties. Pure, natively tested; `tests/pytorch` holds the committed states.

use super::state::{elementwise, ActivationState};
use crate::torch::{functional_call, py, Printed, Script, ScriptInput, Writer};
use crate::url::{parse_number, UrlState};

/// The live value: the crosshair's x (absent until the reader points at the plot).
pub const CROSSHAIR: &str = "x";

/// The script for the state `input.query` describes.
pub fn script(input: &ScriptInput) -> Script {
    let (state, notices) = ActivationState::from_pairs(&input.query);
    let crosshair = input
        .live(CROSSHAIR)
        .and_then(parse_number)
        .filter(|x| x.is_finite());
    let (points, at) = match crosshair {
        Some(x) => (vec![x], "at the crosshair's x"),
        None => (
            vec![state.x.min, 0.0, state.x.max],
            "at the plot's x_min, 0 and x_max",
        ),
    };
    let names: Vec<&str> = state.functions.iter().map(|p| p.spec.display).collect();
    let mut w = Writer::new(&format!(
        "Activations: f(x) and f′(x) of {} {at}.",
        if names.is_empty() {
            "no function".to_string()
        } else {
            names.join(", ")
        }
    ));
    w.notices(&notices);
    w.blank();
    let list: Vec<String> = points.iter().map(|v| py(*v)).collect();
    w.leaf("x", &format!("[{}]", list.join(", ")), "");
    w.comment("f′(0), as in each function's properties (at a kink: PyTorch's one-sided choice).");
    w.leaf("zero", "0.0", "");
    for params in &state.functions {
        let Ok(f) = elementwise(params) else {
            continue;
        };
        let name = params.spec.name;
        w.blank();
        w.comment(&format!(
            "{}: f(x), and f′(x) by autograd",
            params.spec.display
        ));
        w.line(&format!("y = {}", functional_call(params, "x")));
        w.line("(dy,) = torch.autograd.grad(y.sum(), x)");
        let values = points.iter().map(|x| f.value(*x)).collect();
        let slopes = points.iter().map(|x| f.derivative(*x)).collect();
        w.print(&format!("{name}(x)"), "y.tolist()", Printed::List(values));
        w.print(&format!("{name}'(x)"), "dy.tolist()", Printed::List(slopes));
        w.line(&format!(
            "(d0,) = torch.autograd.grad({}, zero)",
            functional_call(params, "zero")
        ));
        w.print(
            &format!("{name}'(0)"),
            "d0.item()",
            Printed::Float(f.derivative(0.0)),
        );
    }
    w.finish("activations.py")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(query: &str, live: &[(&str, &str)]) -> ScriptInput {
        ScriptInput {
            query: crate::url::codec::literal::query(query),
            live: live
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn every_shown_function_at_the_plot_ends_and_zero() {
        let s = script(&input("fn=elu,relu&elu.alpha=1.5&xmin=-2&xmax=3", &[]));
        assert!(s
            .code
            .contains("x = torch.tensor([-2.0, 0.0, 3.0], requires_grad=True)"));
        assert!(s.code.contains("y = F.elu(x, alpha=1.5)"));
        assert!(s.code.contains("y = F.relu(x)"));
        assert!(s.expected.contains("relu(x) = [0.0, 0.0, 3.0]\n"));
        // ReLU′(0) is 0 in PyTorch.
        assert!(s.expected.contains("relu'(0) = 0.0\n"));
        assert!(s.expected.contains("elu'(x) = [0.2030029248549190"));
    }

    #[test]
    fn at_the_crosshair_when_there_is_one() {
        let s = script(&input("fn=softplus&softplus.beta=2", &[(CROSSHAIR, "0.5")]));
        assert!(s
            .code
            .contains("x = torch.tensor([0.5], requires_grad=True)"));
        assert!(s.code.contains("F.softplus(x, beta=2.0)"));
        // A crosshair that is not a finite number is not used.
        let s = script(&input("fn=softplus", &[(CROSSHAIR, "inf")]));
        assert!(s.code.contains("[-5.0, 0.0, 5.0]"));
    }
}
