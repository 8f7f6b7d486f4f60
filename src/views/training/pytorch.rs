//! The training lab's state as a PyTorch script: the same task (its formula written out, seeded),
//! the same networks (layers, width, activation and its parameters, the page's initialisation),
//! optimiser, loss and minibatches, trained for the page's step count, printing each network's loss
//! on the whole data set every 50 steps. PyTorch draws other random numbers than the page, so the
//! numbers differ: the panel says so, and the script carries the page's own losses as a comment.
//! Pure, natively tested; `tests/pytorch` holds the committed states.

use nnfunc::train::init::InitScheme;
use nnfunc::train::own::OWN_CLASSES;
use nnfunc::train::{HiddenActivation, LossKind, Optimizer, OwnPoint, Task, TaskKind};

use super::state::TrainingState;
use crate::torch::{functional_call, py, Printed, Script, ScriptInput, Writer};
use crate::url::UrlState;

/// The live values: the page's step, and each network's loss on the whole data set there
/// (`loss.<activation>`).
pub const STEP: &str = "step";
pub const LOSS_PREFIX: &str = "loss.";
/// Steps the script trains for when the page has not trained yet (and has no `until`).
pub const DEFAULT_STEPS: u64 = 500;
/// The script prints every this many steps.
pub const EVERY: u64 = 50;

/// The script for the state `input.query` describes.
pub fn script(input: &ScriptInput) -> Script {
    let (state, notices) = TrainingState::from_pairs(&input.query);
    let page_step = input.number(STEP).filter(|s| *s >= 1.0).map(|s| s as u64);
    let steps = page_step.or(state.until).unwrap_or(DEFAULT_STEPS).max(1);
    let mut w = Writer::new(&format!(
        "Training lab: {}, {} network(s), trained for {steps} steps as the page trains them.",
        state.task.label(),
        state.functions.len()
    ));
    w.notices(&notices);
    w.comment(
        "PyTorch draws other random numbers than the page (data noise, initial weights, \
         minibatches), so the losses differ from the page's in their digits, not in their course.",
    );
    w.blank();
    w.line("import math");
    w.line(&format!("torch.manual_seed({})", state.seed));
    data(&mut w, &state);
    networks(&mut w, &state);
    training(&mut w, &state, steps);

    // What it prints: the page's own losses where the page has them, also as a comment.
    let mut page_losses = Vec::new();
    for params in &state.functions {
        let name = params.spec.name;
        let page = input.number(&format!("{LOSS_PREFIX}{name}"));
        if let (Some(step), Some(loss)) = (page_step, page) {
            w.expect_line(&format!("{name} loss at step {step}"), Printed::Float(loss));
            page_losses.push(format!("{name} {}", py(loss)));
        }
    }
    if let (Some(step), false) = (page_step, page_losses.is_empty()) {
        w.blank();
        w.comment(&format!(
            "The page's losses on the whole data set at step {step}: {}.",
            page_losses.join(", ")
        ));
    }
    let mut script = w.finish("training.py");
    script.caveat = Some(format!(
        "The page's own losses on the whole data set{}. PyTorch draws other random numbers \
         (data noise, initial weights, minibatches), so its numbers differ in their digits; \
         it prints the loss every {EVERY} steps.",
        page_step.map_or(" (none yet: start training)".into(), |s| format!(
            " at step {s}"
        ))
    ));
    script
}

fn data(w: &mut Writer, state: &TrainingState) {
    let task = state.task;
    w.blank();
    w.comment(&format!("The task: {}.", task.label()));
    match task {
        Task::OwnCurve | Task::OwnPoints => own_data(w, state),
        Task::Sine | Task::Step | Task::Sawtooth | Task::Noisy => {
            w.line("x = torch.linspace(-1.0, 1.0, 128).unsqueeze(1)");
            w.line(match task {
                Task::Step => "y = torch.where(x < 0, -0.5, 0.5)",
                Task::Sawtooth => "y = 0.8 * (2.0 * ((x + 1.0) - torch.floor(x + 1.0)) - 1.0)",
                _ => "y = 0.8 * torch.sin(2 * math.pi * x)",
            });
            if task == Task::Noisy {
                w.line("y = y + 0.15 * torch.randn_like(y)");
            }
        }
        Task::Spirals | Task::Circles | Task::Xor | Task::Blobs => {
            let classes = task.classes();
            w.line(&format!("n, classes = 400, {classes}"));
            w.line("label = (torch.arange(n) // (n // classes)).clamp(max=classes - 1)");
            w.line("t = (torch.arange(n) % (n // classes)) / (n // classes)");
            match task {
                Task::Spirals => {
                    w.line("r = 0.1 + 0.85 * t");
                    w.line("angle = label * math.pi + 3 * math.pi * t");
                    w.line("x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], 1)");
                    w.line("x = x + 0.02 * torch.randn(n, 2)");
                }
                Task::Circles => {
                    w.line("r = torch.where(label == 0, 0.35, 0.8) + 0.05 * torch.randn(n)");
                    w.line("angle = 2 * math.pi * torch.rand(n)");
                    w.line("x = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], 1)");
                }
                Task::Xor => {
                    w.line("k = torch.arange(n) % (n // classes)");
                    w.line("sx = torch.where(k % 2 == 0, 1.0, -1.0)");
                    w.line("sy = torch.where(label == 0, sx, -sx)");
                    w.line("x = torch.stack([sx, sy], 1) * (0.05 + 0.95 * torch.rand(n, 2))");
                }
                _ => {
                    w.line("angle = math.pi / 2 + 2 * math.pi * label / classes");
                    w.line("x = 0.55 * torch.stack([torch.cos(angle), torch.sin(angle)], 1)");
                    w.line("x = x + 0.18 * torch.randn(n, 2)");
                }
            }
            w.line("x = x.clamp(-1.0, 1.0)");
            w.line("y = F.one_hot(label, classes).double()");
        }
        Task::Image => {
            w.comment("A 64×64 picture: a checkerboard, rings, a bright ring, diagonal stripes.");
            w.line("c = (2 * torch.arange(64) + 1) / 64 - 1.0");
            w.line("py, px = torch.meshgrid(-c, c, indexing='ij')");
            w.line("x = torch.stack([px.flatten(), py.flatten()], 1)");
            w.line("u, v = x[:, 0], x[:, 1]");
            w.line("checker = torch.where((torch.floor(u / 0.25) + torch.floor(v / 0.25)) % 2 < 1, 0.9, 0.1)");
            w.line("rings = torch.where(torch.cos(math.pi * torch.hypot(u - 0.5, v - 0.5) / 0.1) > 0, 0.85, 0.25)");
            w.line("r = torch.hypot(u + 0.5, v + 0.5)");
            w.line("ring = torch.where((r >= 0.15) & (r < 0.35), 0.95, 0.15)");
            w.line("stripes = 0.5 + 0.4 * torch.sin(6 * math.pi * (u + v))");
            w.line("y = torch.where(u < 0, torch.where(v >= 0, checker, ring), torch.where(v >= 0, rings, stripes))");
            w.line("y = y.unsqueeze(1)");
        }
    }
}

/// The student's points, as the page holds them (3 decimals), one tensor row each.
fn own_data(w: &mut Writer, state: &TrainingState) {
    let pairs = |f: &dyn Fn(&OwnPoint) -> String| {
        let rows: Vec<String> = state.own.iter().map(f).collect();
        rows.join(", ")
    };
    w.comment(&format!(
        "Your {} points, as the page holds them.",
        state.own.len()
    ));
    if state.task.kind() == TaskKind::Classification {
        w.line(&format!(
            "x = torch.tensor([{}])",
            pairs(&|p| format!("[{}, {}]", py(p.x), py(p.y)))
        ));
        w.line(&format!(
            "label = torch.tensor([{}], dtype=torch.long)",
            pairs(&|p| p.class.to_string())
        ));
        w.line(&format!("y = F.one_hot(label, {OWN_CLASSES}).double()"));
    } else {
        w.line(&format!(
            "x = torch.tensor([{}]).unsqueeze(1)",
            pairs(&|p| py(p.x))
        ));
        w.line(&format!(
            "y = torch.tensor([{}]).unsqueeze(1)",
            pairs(&|p| py(p.y))
        ));
    }
}

fn networks(w: &mut Writer, state: &TrainingState) {
    let inputs = state.task.input_dim();
    let outputs = state.task.output_dim();
    let mut sizes = vec![inputs];
    sizes.extend(std::iter::repeat_n(state.width, state.hidden_layers));
    sizes.push(outputs);
    w.blank();
    w.comment(&format!(
        "The networks: {} hidden layer(s) of {} units, then a linear output. Each layer's weights \
         are uniform in ±bound (the page's initialisation for the activation), biases in \
         ±1/√fan_in.",
        state.hidden_layers, state.width
    ));
    w.line("class Activation(torch.nn.Module):");
    w.line("    def __init__(self, f):");
    w.line("        super().__init__()");
    w.line("        self.f = f");
    w.line("");
    w.line("    def forward(self, x):");
    w.line("        return self.f(x)");
    w.line("");
    w.line("def network(f, bounds):");
    w.line(&format!("    sizes = {sizes:?}"));
    w.line("    layers = []");
    w.line("    for i, bound in enumerate(bounds):");
    w.line("        linear = torch.nn.Linear(sizes[i], sizes[i + 1])");
    w.line("        torch.nn.init.uniform_(linear.weight, -bound, bound)");
    w.line("        torch.nn.init.uniform_(linear.bias, -1 / math.sqrt(sizes[i]), 1 / math.sqrt(sizes[i]))");
    w.line("        layers += [linear, Activation(f)] if i + 1 < len(bounds) else [linear]");
    w.line("    return torch.nn.Sequential(*layers)");
    w.blank();
    w.line("nets = {}");
    for params in &state.functions {
        let Ok(act) = HiddenActivation::from_params(params) else {
            continue;
        };
        let scheme = InitScheme::for_activation(&act);
        let bounds: Vec<String> = (0..sizes.len() - 1)
            .map(|l| {
                let output = l + 2 == sizes.len();
                py(scheme.weight_bound(l, sizes[l], sizes[l + 1], output))
            })
            .collect();
        w.comment(&format!("{}: {}", params.spec.display, scheme.label()));
        w.line(&format!(
            "nets[\"{}\"] = network(lambda x: {}, [{}])",
            params.spec.name,
            functional_call(params, "x"),
            bounds.join(", ")
        ));
    }
}

fn training(w: &mut Writer, state: &TrainingState, steps: u64) {
    let (loss, target) = match (state.loss, state.task.kind()) {
        (LossKind::CrossEntropy, TaskKind::Classification) => ("F.cross_entropy", "label"),
        _ => ("F.mse_loss", "y"),
    };
    let optimiser = match state.optimizer {
        Optimizer::Adam => format!(
            "torch.optim.Adam(net.parameters(), lr={})",
            py(state.learning_rate)
        ),
        Optimizer::Sgd if state.momentum != 0.0 => format!(
            "torch.optim.SGD(net.parameters(), lr={}, momentum={})",
            py(state.learning_rate),
            py(state.momentum)
        ),
        Optimizer::Sgd => format!(
            "torch.optim.SGD(net.parameters(), lr={})",
            py(state.learning_rate)
        ),
    };
    w.blank();
    w.comment(&format!(
        "Training: minibatches of {} without replacement (reshuffled when used up), {loss}.",
        state.batch_size
    ));
    w.line(&format!("batch, steps = {}, {steps}", state.batch_size));
    w.line("for name, net in nets.items():");
    w.line(&format!("    optimiser = {optimiser}"));
    w.line("    order, used = torch.randperm(len(x)), 0");
    w.line("    for step in range(1, steps + 1):");
    w.line("        if batch >= len(x):");
    w.line("            rows = torch.arange(len(x))");
    w.line("        else:");
    w.line("            if used + batch > len(x):");
    w.line("                order, used = torch.cat([order[used:], torch.randperm(len(x))]), 0");
    w.line("            rows, used = order[used:used + batch], used + batch");
    w.line("        optimiser.zero_grad()");
    w.line(&format!(
        "        {loss}(net(x[rows]), {target}[rows]).backward()"
    ));
    w.line("        optimiser.step()");
    w.line(&format!("        if step % {EVERY} == 0 or step == steps:"));
    w.line("            with torch.no_grad():");
    w.line(&format!("                print(f\"{{name}} loss at step {{step}} =\", {loss}(net(x), {target}).item())"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_s_run_as_a_script() {
        let query = "task=xor&fn=relu,tanh&layers=3&width=8&optimizer=sgd&momentum=0.9&lr=0.1&batch=16&seed=7";
        let s = script(&ScriptInput {
            query: crate::url::codec::literal::query(query),
            live: vec![
                ("step".into(), "120".into()),
                ("loss.relu".into(), "0.25".into()),
            ],
        });
        assert!(s.code.contains("torch.manual_seed(7)"));
        assert!(s
            .code
            .contains("torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)"));
        assert!(s.code.contains("sizes = [2, 8, 8, 8, 2]"));
        assert!(s
            .code
            .contains("nets[\"tanh\"] = network(lambda x: torch.tanh(x), ["));
        assert!(s.code.contains("batch, steps = 16, 120"));
        assert_eq!(s.expected, "relu loss at step 120 = 0.25\n");
        assert!(s
            .code
            .contains("# The page's losses on the whole data set at step 120: relu 0.25."));
        assert!(s.caveat.is_some_and(|c| c.contains("at step 120")));
    }
}
