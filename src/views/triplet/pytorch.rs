//! The triplet view's state as a PyTorch script: the three points, `F.triplet_margin_loss` with the
//! page's margin, p, eps and swap, the ratio loss of Balntas et al. written in a few lines of torch,
//! δ₊ and δ₋ of each, and both losses' gradients with respect to every point. Pure, natively
//! tested; `tests/pytorch` holds the committed states.

use nnfunc::triplet::{
    batch_loss, evaluate, evaluate_with_distance, generate, mine, Batch, Config, DistanceFunction,
    Mining, Norm, Point, TripletLoss,
};

use super::model::{BATCH_CLASSES, BATCH_PER_CLASS};
use super::state::{Mode, Settings};
use crate::torch::script::py_list;
use crate::torch::{py, Printed, Script, ScriptInput, Writer};
use crate::url::UrlState;

const POINTS: [&str; 3] = ["anchor", "positive", "negative"];

/// The live values of batch mode: the step, and the batch's points there (`x,y,x,y,…`).
pub const STEP: &str = "step";
pub const BATCH_POINTS: &str = "points";

/// The margin loss's and pairwise distance's arguments that differ from PyTorch's defaults.
fn distance_args(config: &Config) -> Vec<String> {
    let defaults = Config::default();
    let mut args = Vec::new();
    if config.norm != Norm::L2 {
        args.push(format!("p={}", py(config.norm.p())));
    }
    if config.eps != defaults.eps {
        args.push(format!("eps={}", py(config.eps)));
    }
    args
}

fn call(function: &str, inputs: &[&str], args: &[String]) -> String {
    let all: Vec<String> = inputs
        .iter()
        .map(|s| s.to_string())
        .chain(args.iter().cloned())
        .collect();
    format!("{function}({})", all.join(", "))
}

fn point(p: Point) -> Vec<f64> {
    vec![p.0, p.1]
}

/// The script for the state `input.query` describes.
pub fn script(input: &ScriptInput) -> Script {
    let (settings, notices) = Settings::from_pairs(&input.query);
    let config = settings.config;
    let t = settings.triplet;
    let mut w = Writer::new(
        "Triplet: the triplet margin loss and the ratio loss of anchor, positive and negative, \
         their distances δ₊ (d_pos) and δ₋ (d_neg), and each loss's gradient for every point.",
    );
    w.notices(&notices);
    if settings.mode == Mode::Batch {
        batch_script(&mut w, &settings, input);
        return w.finish("triplet.py");
    }
    w.blank();
    for (name, p) in POINTS.iter().zip(t.points()) {
        w.leaf(name, &py_list(&point(p)), "");
    }
    w.line("points = (anchor, positive, negative)");
    let (Ok(margin), Ok(ratio)) = (
        evaluate(
            &t,
            &Config {
                loss: TripletLoss::Margin,
                ..config
            },
        ),
        evaluate(
            &t,
            &Config {
                loss: TripletLoss::Ratio,
                ..config
            },
        ),
    ) else {
        return w.finish("triplet.py");
    };

    w.blank();
    w.comment("The triplet margin loss: max(0, margin + δ₊ − δ₋), δ(x, y) = ‖x − y + eps‖_p.");
    let mut args = Vec::new();
    if config.margin != Config::default().margin {
        args.push(format!("margin={}", py(config.margin)));
    }
    args.extend(distance_args(&config));
    if config.swap {
        args.push("swap=True".into());
    }
    w.line(&format!(
        "loss = {}",
        call("F.triplet_margin_loss", &POINTS, &args)
    ));
    w.print(
        "triplet_margin_loss",
        "loss.item()",
        Printed::Float(margin.margin_loss),
    );
    let distance = distance_args(&config);
    w.line(&format!(
        "d_pos = {}",
        call("F.pairwise_distance", &["anchor", "positive"], &distance)
    ));
    w.line(&format!(
        "d_neg = {}",
        call("F.pairwise_distance", &["anchor", "negative"], &distance)
    ));
    if config.swap {
        w.comment("swap: δ₋ is the smaller of d(anchor, negative) and d(positive, negative).");
        w.line(&format!(
            "d_neg = torch.minimum(d_neg, {})",
            call("F.pairwise_distance", &["positive", "negative"], &distance)
        ));
    }
    w.print("d_pos", "d_pos.item()", Printed::Float(margin.d_pos));
    w.print("d_neg", "d_neg.item()", Printed::Float(margin.d_neg));
    gradients(&mut w, "triplet_margin_loss", margin.grad);

    w.blank();
    w.comment("The ratio loss (Balntas et al., BMVC 2016): plain Euclidean distances, no eps;");
    w.comment("(s₊, s₋) = softmax(δ₊, δ₋), loss = s₊² + (1 − s₋)².");
    w.line("d_pos = torch.linalg.vector_norm(anchor - positive)");
    w.line("d_neg = torch.linalg.vector_norm(anchor - negative)");
    w.line("s = torch.softmax(torch.stack([d_pos, d_neg]), dim=0)");
    w.line("loss = s[0] ** 2 + (1.0 - s[1]) ** 2");
    w.print(
        "ratio_loss",
        "loss.item()",
        Printed::Float(ratio.ratio_loss),
    );
    w.print(
        "ratio d_pos",
        "d_pos.item()",
        Printed::Float(ratio.ratio_d_pos),
    );
    w.print(
        "ratio d_neg",
        "d_neg.item()",
        Printed::Float(ratio.ratio_d_neg),
    );
    gradients(&mut w, "ratio_loss", ratio.grad);
    with_distance_script(&mut w, &settings);
    w.finish("triplet.py")
}

/// triplet_margin_with_distance_loss on the same points (one sample of shape (1, 2)), with the
/// page's distance function, margin and swap.
fn with_distance_script(w: &mut Writer, settings: &Settings) {
    let config = settings.config;
    let Ok(e) = evaluate_with_distance(&settings.triplet, &config, settings.distance) else {
        return;
    };
    w.blank();
    w.comment("triplet_margin_with_distance_loss: the same points as one sample of shape (1, 2).");
    let mut args = Vec::new();
    if settings.distance == DistanceFunction::Cosine {
        w.line("cosine_distance = lambda x, y: 1.0 - F.cosine_similarity(x, y)");
        args.push("distance_function=cosine_distance".to_string());
    }
    if config.margin != Config::default().margin {
        args.push(format!("margin={}", py(config.margin)));
    }
    if config.swap {
        args.push("swap=True".into());
    }
    w.line(&format!(
        "loss = {}",
        call(
            "F.triplet_margin_with_distance_loss",
            &["anchor[None]", "positive[None]", "negative[None]"],
            &args
        )
    ));
    let name = "triplet_margin_with_distance_loss";
    w.print(name, "loss.item()", Printed::Float(e.loss));
    gradients(w, name, e.grad);
}

/// Batch mode: the batch's points at the page's step, the triplets the mining strategy picks
/// (written in torch), and the trained loss's mean over them.
fn batch_script(w: &mut Writer, settings: &Settings, input: &ScriptInput) {
    let config = settings.config;
    let mut batch = generate(settings.seed, BATCH_CLASSES, BATCH_PER_CLASS);
    let step = input.number(STEP).map_or(0, |s| s.max(0.0) as u64);
    if let Some(flat) = input
        .list(BATCH_POINTS)
        .filter(|f| f.len() == 2 * batch.points.len())
    {
        batch.points = flat.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    }
    let Batch { points, labels, .. } = &batch;
    w.line("import math");
    w.blank();
    w.comment(&format!(
        "Batch mode at step {step}: {} points of {} classes as the page has moved them.",
        points.len(),
        batch.classes
    ));
    w.line("points = torch.tensor([");
    for row in points.chunks(3) {
        let row: Vec<String> = row.iter().map(|p| py_list(&point(*p))).collect();
        w.line(&format!("    {},", row.join(", ")));
    }
    w.line("])");
    let labels: Vec<String> = labels.iter().map(ToString::to_string).collect();
    w.line(&format!("label = torch.tensor([{}])", labels.join(", ")));
    w.blank();
    let distance = distance_args(&config);
    match config.loss {
        TripletLoss::Margin => {
            w.comment("Distances as the margin loss measures them: ‖x − y + eps‖_p.");
            w.line(&format!(
                "d = {}",
                call(
                    "F.pairwise_distance",
                    &["points[:, None, :]", "points[None, :, :]"],
                    &distance
                )
            ));
        }
        TripletLoss::Ratio => {
            w.comment("Distances as the ratio loss measures them: Euclidean, no eps.");
            w.line("d = torch.linalg.vector_norm(points[:, None, :] - points[None, :, :], dim=-1)");
        }
    }
    w.line("same = label[:, None] == label[None, :]");
    w.line("positive = same & ~torch.eye(len(points), dtype=torch.bool)");
    w.comment(&format!("Mining: {}.", settings.mining.key()));
    match settings.mining {
        Mining::All => {
            w.line(
                "a, p, n = torch.nonzero(positive[:, :, None] & ~same[:, None, :], as_tuple=True)",
            );
        }
        Mining::Hard => {
            w.comment("Per anchor, its farthest positive and its nearest negative.");
            w.line("a = torch.arange(len(points))");
            w.line("p = torch.where(positive, d, -math.inf).argmax(1)");
            w.line("n = torch.where(~same, d, math.inf).argmin(1)");
        }
        Mining::SemiHard => {
            w.comment("Negatives farther than the positive, but within the margin.");
            w.line(&format!(
                "d_ap, d_an = d[:, :, None], d[:, None, :]\n\
                 keep = positive[:, :, None] & ~same[:, None, :] & (d_an > d_ap) & (d_an < d_ap + {})",
                py(config.margin)
            ));
            w.line("a, p, n = torch.nonzero(keep, as_tuple=True)");
        }
    }
    let triplets = mine(&batch, &config, settings.mining);
    w.print(
        "mined triplets",
        "len(a)",
        Printed::Int(triplets.len() as i64),
    );
    let Ok(result) = batch_loss(&batch, &triplets, &config) else {
        return;
    };
    if triplets.is_empty() {
        w.comment("No triplet is mined: the page counts the loss as 0.");
        return;
    }
    w.blank();
    let (anchor, positive, negative) = ("points[a]", "points[p]", "points[n]");
    match config.loss {
        TripletLoss::Margin => {
            let mut args = Vec::new();
            if config.margin != Config::default().margin {
                args.push(format!("margin={}", py(config.margin)));
            }
            args.extend(distance.clone());
            if config.swap {
                args.push("swap=True".into());
            }
            w.line(&format!(
                "loss = {}",
                call(
                    "F.triplet_margin_loss",
                    &[anchor, positive, negative],
                    &args
                )
            ));
        }
        TripletLoss::Ratio => {
            w.comment("The ratio loss (Balntas et al., BMVC 2016), averaged over the triplets.");
            w.line("d_pos = torch.linalg.vector_norm(points[a] - points[p], dim=-1)");
            w.line("d_neg = torch.linalg.vector_norm(points[a] - points[n], dim=-1)");
            w.line("s = torch.softmax(torch.stack([d_pos, d_neg], dim=-1), dim=-1)");
            w.line("loss = (s[:, 0] ** 2 + (1.0 - s[:, 1]) ** 2).mean()");
        }
    }
    w.print(
        &format!("mean {}", config.loss.key()),
        "loss.item()",
        Printed::Float(result.mean),
    );
}

fn gradients(w: &mut Writer, loss: &str, grad: [Point; 3]) {
    w.line("grads = torch.autograd.grad(loss, points)");
    for (i, (name, g)) in POINTS.iter().zip(grad).enumerate() {
        w.print(
            &format!("d {loss} / d {name}"),
            &format!("grads[{i}].tolist()"),
            Printed::List(point(g)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_losses_with_the_pages_parameters() {
        let query = "view=triplet&triplet_margin_loss.margin=0.5&triplet_margin_loss.p=1&triplet_margin_loss.swap=1";
        let s = script(&ScriptInput {
            query: crate::url::codec::literal::query(query),
            live: Vec::new(),
        });
        assert!(s.code.contains(
            "loss = F.triplet_margin_loss(anchor, positive, negative, margin=0.5, p=1.0, swap=True)"
        ));
        assert!(s.code.contains(
            "d_neg = torch.minimum(d_neg, F.pairwise_distance(positive, negative, p=1.0))"
        ));
        assert!(s
            .code
            .contains("anchor = torch.tensor([0.0, 0.0], requires_grad=True)"));
        for name in ["triplet_margin_loss", "ratio_loss"] {
            assert!(s.expected.contains(&format!("{name} = ")));
            assert!(s.expected.contains(&format!("d {name} / d negative = [")));
        }
        // PyTorch's defaults are left out.
        let s = script(&ScriptInput::default());
        assert!(s
            .code
            .contains("loss = F.triplet_margin_loss(anchor, positive, negative)\n"));
    }
}
