//! The classification family's figures as plain data (no browser, natively tested): the loss and
//! its gradient as bars, the loss against the true-class logit, and their text alternatives.

use nnfunc::loss_views::{classification, ClassTarget};
use nnfunc::plot::{format_significant, sample, AxisRange};
use nnfunc::tensor::Tensor;
use nnfunc::{Params, Value};

use super::chart::{loss_color, Line, Plot, Rect, VLine};
use crate::theme::{ChartTheme, Rgb};

/// The range of the true-class logit in the curve.
pub const LOGIT_RANGE: (f64, f64) = (-8.0, 8.0);
const SAMPLES: usize = 321;
/// Where the loss bar stands: left of class 0, on a whole number so that its name is a tick.
const LOSS_AT: f64 = -1.0;

/// The parameters with the user's class weights (one per class) if they are on.
pub fn with_weights(params: &Params, weights: Option<&[f64]>) -> Result<Params, String> {
    let mut params = params.clone();
    let value = weights.map(|w| Tensor::vector(w.to_vec()));
    params
        .set("weight", Value::Tensor(value))
        .map_err(|e| e.to_string())?;
    Ok(params)
}

/// The bars of one value per class, centred on the class index.
fn bars(values: &[f64], color: Rgb) -> Vec<Rect> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Rect {
            name: format!("dloss/dx{i}"),
            from: (i as f64 - 0.35, 0.0_f64.min(*v)),
            to: (i as f64 + 0.35, 0.0_f64.max(*v)),
            color,
        })
        .collect()
}

/// The loss (leftmost bar) and its gradient on every logit, each bar named on the x axis.
pub fn bars_plot(loss: f64, grad: &[f64], dark: bool) -> Plot {
    let n = grad.len();
    let max = grad.iter().fold(loss, |m, g| m.max(g.abs())).max(1.0);
    let mut rects = vec![Rect {
        name: "loss".into(),
        from: (LOSS_AT - 0.2, 0.0),
        to: (LOSS_AT + 0.2, loss),
        color: loss_color(2, dark),
    }];
    rects.extend(bars(grad, loss_color(0, dark)));
    let mut x_names = vec![(LOSS_AT, "loss".to_string())];
    x_names.extend((0..n).map(|i| (i as f64, format!("∂/∂x{i}"))));
    Plot {
        x: AxisRange::new(LOSS_AT - 0.5, n as f64 - 0.5),
        y: AxisRange::new(-max * 1.1, max * 1.1),
        x_label: "the loss (leftmost bar), then its gradient on every logit".into(),
        y_label: "value".into(),
        rects,
        x_names,
        ..Plot::default()
    }
}

/// The class whose logit the curve varies: the target class, or the most probable one.
pub fn true_class(target: &ClassTarget) -> usize {
    match target {
        ClassTarget::Index(k) => *k,
        ClassTarget::Probabilities(p) => {
            p.iter()
                .enumerate()
                .fold(
                    (0, f64::MIN),
                    |best, (i, v)| if *v > best.1 { (i, *v) } else { best },
                )
                .0
        }
    }
}

/// `cross_entropy` (with `params`) against the true-class logit, the other `logits` fixed; the
/// current logit marked.
pub fn curve_plot(params: &Params, logits: &[f64], target: &ClassTarget, dark: bool) -> Plot {
    let color = loss_color(0, dark);
    let k = true_class(target);
    let at = |z: f64| {
        let mut x = logits.to_vec();
        if let Some(slot) = x.get_mut(k) {
            *slot = z;
        }
        classification(params, &x, target).map_or(f64::NAN, |r| r.0)
    };
    let lines: Vec<Line> = sample(at, LOGIT_RANGE.0, LOGIT_RANGE.1, SAMPLES)
        .into_iter()
        .map(|points| Line {
            name: format!("cross_entropy over x{k}"),
            points,
            color,
            dashed: false,
        })
        .collect();
    let top = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .fold(1.0_f64, f64::max)
        .min(20.0);
    let z = logits.get(k).copied().unwrap_or(0.0);
    Plot {
        x: AxisRange::new(LOGIT_RANGE.0, LOGIT_RANGE.1),
        y: AxisRange::new(0.0, top * 1.05),
        x_label: format!("logit x{k} of the true class (others fixed)"),
        y_label: "cross_entropy".into(),
        lines,
        vlines: vec![VLine {
            x: z,
            color: ChartTheme::new(dark).axis,
            label: String::new(),
        }],
        dots: vec![((z, at(z)), color)],
        ..Plot::default()
    }
}

/// Numbers as the text alternatives list them (4 significant digits).
pub fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|x| format_significant(*x, 4))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The inputs in words: logits, target and class weights.
pub fn inputs_text(logits: &[f64], target: &ClassTarget, weights: Option<&[f64]>) -> String {
    let target = match target {
        ClassTarget::Index(k) => format!("target class {k}"),
        ClassTarget::Probabilities(p) => format!("target probabilities [{}]", list(p)),
    };
    let weights = weights.map_or_else(String::new, |w| format!(", class weights [{}]", list(w)));
    format!("logits [{}], {target}{weights}", list(logits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::losses::chart::x_tick_values;

    #[test]
    fn every_bar_is_named_on_the_axis() {
        for n in 2..=8 {
            let grad = vec![0.5; n];
            let plot = bars_plot(1.2, &grad, false);
            let ticks = x_tick_values(&plot, 640);
            assert_eq!(plot.x_names.len(), n + 1);
            for (at, name) in &plot.x_names {
                assert!(
                    ticks.iter().any(|t| (t - at).abs() < 1e-9),
                    "{n} classes: {name} at {at} is not a tick of {ticks:?}"
                );
            }
            for rect in &plot.rects {
                let centre = (rect.from.0 + rect.to.0) / 2.0;
                assert!(plot.x.contains(centre), "{} outside the axis", rect.name);
                assert!(plot
                    .x_names
                    .iter()
                    .any(|(at, _)| (at - centre).abs() < 1e-9));
            }
        }
    }
}
