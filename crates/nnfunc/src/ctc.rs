//! `ctc_loss`, connectionist temporal classification, as ATen's CPU kernel (`LossCTC.cpp`)
//! computes it in float64: the forward variables α and the backward variables β in log space over
//! the blank-interleaved target l′ = (blank, l₁, blank, l₂, …, blank), the loss −log p(l | x), and
//! the gradient on `log_probs` that PyTorch's autograd returns.
//!
//! That gradient is ATen's: exp(log_probs) − Σ_{s: l′ₛ = c} α·β / (p(l | x) · exp(log_probs)),
//! the gradient with respect to the logits *if* `log_probs` are log-softmax outputs, which is what
//! PyTorch users see on `log_probs` itself. Time steps past a sample's input length get 0; an
//! impossible alignment gives an infinite loss (and not-a-number gradients) unless
//! `zero_infinity`, which makes both 0. Like ATen, the last two extended labels' terms at the last
//! time step are assigned, not summed (they differ unless the target holds the blank).

// Index loops mirror the kernel's (t, s, c) loops.
#![allow(clippy::needless_range_loop)]

use crate::error::{invalid, Error, Result};
use crate::loss::{Inputs, LossResult, Reduction};
use crate::tensor::Tensor;

const NEG_INF: f64 = f64::NEG_INFINITY;

/// C++'s `std::max(a, b)`: `a` unless `a < b` (so a NaN `a` wins, a NaN `b` loses), as ATen uses it.
fn std_max(a: f64, b: f64) -> f64 {
    if a < b {
        b
    } else {
        a
    }
}

/// The blank-interleaved target l′: blank, l₁, blank, …, l_S, blank (2S + 1 labels).
pub fn extended(target: &[usize], blank: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(2 * target.len() + 1);
    out.push(blank);
    for &l in target {
        out.push(l);
        out.push(blank);
    }
    out
}

/// One sample's lattice: α and β (`steps × extended.len()`, row-major, log space) and the loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Lattice {
    pub extended: Vec<usize>,
    /// The sample's input length (rows of α and β).
    pub steps: usize,
    pub log_alpha: Vec<f64>,
    pub log_beta: Vec<f64>,
    /// −log p(target | input): +∞ when no alignment fits.
    pub nll: f64,
}

impl Lattice {
    /// One sample: `log_probs` is `steps × classes` row-major (only the first `steps` rows are
    /// read); every label of `target` and `blank` must be below `classes`.
    pub fn new(log_probs: &[f64], classes: usize, target: &[usize], blank: usize) -> Lattice {
        let steps = log_probs.len() / classes.max(1);
        let ext = extended(target, blank);
        let width = ext.len();
        let lp = |t: usize, c: usize| log_probs[t * classes + c];
        let mut alpha = vec![NEG_INF; steps * width];
        let nll = if steps == 0 {
            -(if target.is_empty() { 0.0 } else { NEG_INF })
        } else {
            alpha[0] = lp(0, blank);
            if !target.is_empty() {
                alpha[1] = lp(0, ext[1]);
            }
            for t in 1..steps {
                for s in 0..width {
                    let la1 = alpha[(t - 1) * width + s];
                    let mut lamax = la1;
                    let la2 = if s > 0 {
                        let v = alpha[(t - 1) * width + s - 1];
                        if v > lamax {
                            lamax = v;
                        }
                        v
                    } else {
                        NEG_INF
                    };
                    let la3 = if s > 1 && ext[s - 2] != ext[s] {
                        let v = alpha[(t - 1) * width + s - 2];
                        if v > lamax {
                            lamax = v;
                        }
                        v
                    } else {
                        NEG_INF
                    };
                    if lamax == NEG_INF {
                        lamax = 0.0;
                    }
                    alpha[t * width + s] =
                        ((la1 - lamax).exp() + (la2 - lamax).exp() + (la3 - lamax).exp()).ln()
                            + lamax
                            + lp(t, ext[s]);
                }
            }
            let last = (steps - 1) * width;
            if target.is_empty() {
                -alpha[last]
            } else {
                let (l1, l2) = (alpha[last + width - 1], alpha[last + width - 2]);
                let mut m = std_max(l1, l2);
                if m == NEG_INF {
                    m = 0.0;
                }
                -(((l1 - m).exp() + (l2 - m).exp()).ln() + m)
            }
        };
        let log_beta = beta(log_probs, classes, &ext, steps);
        Lattice {
            extended: ext,
            steps,
            log_alpha: alpha,
            log_beta,
            nll,
        }
    }

    /// The gradient on this sample's `log_probs` rows (`steps × classes`), for an upstream `gr` on
    /// its loss, as ATen's backward; `zero_infinity` with an infinite loss gives zeros.
    pub fn grad(
        &self,
        log_probs: &[f64],
        classes: usize,
        gr: f64,
        zero_infinity: bool,
    ) -> Vec<f64> {
        let (steps, width, ext) = (self.steps, self.extended.len(), &self.extended);
        if steps == 0 || (zero_infinity && self.nll == f64::INFINITY) {
            return vec![0.0; steps * classes];
        }
        // log Σ_{s: l′ₛ = c} α·β per (t, c), −∞ where no extended label is c.
        let mut collected = vec![NEG_INF; steps * classes];
        let last = steps - 1;
        let at = |t: usize, s: usize| self.log_alpha[t * width + s] + self.log_beta[t * width + s];
        collected[last * classes + ext[width - 1]] = at(last, width - 1);
        if width > 1 {
            collected[last * classes + ext[width - 2]] = at(last, width - 2);
        }
        for t in (0..last).rev() {
            for s in (0..width).rev() {
                let log_alpha_beta = at(t, s);
                let lcab = &mut collected[t * classes + ext[s]];
                if *lcab == NEG_INF {
                    *lcab = log_alpha_beta;
                } else {
                    let max = std_max(*lcab, log_alpha_beta);
                    *lcab = ((*lcab - max).exp() + (log_alpha_beta - max).exp()).ln() + max;
                }
            }
        }
        collected
            .iter()
            .zip(log_probs)
            .map(|(&res, &lp)| (lp.exp() - (res + self.nll - lp).exp()) * gr)
            .collect()
    }

    /// The log of the share of the target's alignments that pass through (t, s): log α + log β
    /// − log y (α and β both hold this step's probability) + nll. Each step's shares sum to 1.
    pub fn log_posterior(&self, log_probs: &[f64], classes: usize, t: usize, s: usize) -> f64 {
        let w = self.extended.len();
        self.log_alpha[t * w + s] + self.log_beta[t * w + s]
            - log_probs[t * classes + self.extended[s]]
            + self.nll
    }
}

/// β as ATen's backward fills it: the last row holds only the last two extended labels.
fn beta(log_probs: &[f64], classes: usize, ext: &[usize], steps: usize) -> Vec<f64> {
    let width = ext.len();
    let mut beta = vec![NEG_INF; steps * width];
    if steps == 0 {
        return beta;
    }
    let lp = |t: usize, c: usize| log_probs[t * classes + c];
    let last = steps - 1;
    beta[last * width + width - 1] = lp(last, ext[width - 1]);
    if width > 1 {
        beta[last * width + width - 2] = lp(last, ext[width - 2]);
    }
    for t in (0..last).rev() {
        for s in (0..width).rev() {
            let lb1 = beta[(t + 1) * width + s];
            let mut lbmax = lb1;
            let lb2 = if s + 1 < width {
                let v = beta[(t + 1) * width + s + 1];
                if v > lbmax {
                    lbmax = v;
                }
                v
            } else {
                NEG_INF
            };
            let lb3 = if s + 2 < width && ext[s + 2] != ext[s] {
                let v = beta[(t + 1) * width + s + 2];
                if v > lbmax {
                    lbmax = v;
                }
                v
            } else {
                NEG_INF
            };
            if lbmax == NEG_INF {
                lbmax = 0.0;
            }
            beta[t * width + s] = ((lb1 - lbmax).exp() + (lb2 - lbmax).exp() + (lb3 - lbmax).exp())
                .ln()
                + lbmax
                + lp(t, ext[s]);
        }
    }
    beta
}

/// Integer values of a lengths tensor (any shape, read flat), refused unless whole numbers.
fn lengths(t: &Tensor, name: &str) -> Result<Vec<i64>> {
    t.data
        .iter()
        .map(|&v| {
            if v.fract() == 0.0 && v.abs() < 9e15 {
                Ok(v as i64)
            } else {
                Err(Error::Input(format!("{name} must be integral")))
            }
        })
        .collect()
}

/// `F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction,
/// zero_infinity)`: its checks, its value and its gradient on `log_probs`.
pub fn ctc_loss(
    inputs: &Inputs,
    blank: Option<i64>,
    reduction: Reduction,
    zero_infinity: bool,
    grad_output: Option<&Tensor>,
) -> Result<LossResult> {
    let x = inputs.get("log_probs")?;
    let targets = inputs.get("targets")?;
    let input_lengths = lengths(inputs.get("input_lengths")?, "input_lengths")?;
    let target_lengths = lengths(inputs.get("target_lengths")?, "target_lengths")?;
    let batched = x.ndim() == 3;
    let (steps, batch, classes) = match x.shape[..] {
        [t, n, c] => (t, n, c),
        [t, c] => (t, 1, c),
        _ => {
            return Err(Error::Shape(format!(
                "Expected 3-dimensional tensor, but got {}-dimensional tensor for argument #1 'log_probs'",
                x.ndim() + 1
            )))
        }
    };
    if x.numel() == 0 {
        return Err(Error::Shape("log_probs tensor must not be empty".into()));
    }
    let blank = match blank {
        Some(b) if b >= 0 && (b as usize) < classes => b as usize,
        _ => return Err(invalid("blank", "blank must be in label range")),
    };
    if input_lengths.len() != batch {
        return Err(Error::Shape(
            "input_lengths must be of size batch_size".into(),
        ));
    }
    if target_lengths.len() != batch {
        return Err(Error::Shape(
            "target_lengths must be of size batch_size".into(),
        ));
    }
    if let Some(&l) = target_lengths.iter().find(|&&l| l < 0) {
        return Err(Error::Domain(format!(
            "Expected target_lengths to have value at least 0, but got value {l}"
        )));
    }
    let max_target = target_lengths.iter().copied().max().unwrap_or(0) as usize;
    // Each sample's targets: a row of a padded (N, S) tensor, or a run of a concatenated one.
    let mut starts = Vec::with_capacity(batch);
    match targets.shape[..] {
        [total] => {
            let mut pos = 0;
            for &l in &target_lengths {
                starts.push(pos);
                pos += l as usize;
            }
            if total != pos {
                return Err(Error::Shape(format!(
                    "Expected tensor to have size {pos} at dimension 0, but got size {total} for argument #2 'targets'"
                )));
            }
        }
        [rows, width] => {
            if rows != batch {
                return Err(Error::Shape(format!(
                    "Expected tensor to have size {batch} at dimension 0, but got size {rows} for argument #2 'targets'"
                )));
            }
            if width < max_target {
                return Err(Error::Shape(format!(
                    "Expected tensor to have size at least {max_target} at dimension 1, but got size {width} for argument #2 'targets'"
                )));
            }
            starts.extend((0..batch).map(|b| b * width));
        }
        _ => {
            return Err(Error::Shape(format!(
            "Expected 1 to 2 dimensions, but got {}-dimensional tensor for argument #2 'targets'",
            targets.ndim()
        )))
        }
    }
    for &l in &input_lengths {
        if l < 0 {
            return Err(Error::Domain(format!(
                "Expected input_lengths to have value at least 0, but got value {l}"
            )));
        }
        if l as usize > steps {
            return Err(Error::Domain(format!(
                "Expected input_lengths to have value at most {steps}, but got value {l}"
            )));
        }
    }
    let up = upstream(reduction, batched, batch, grad_output)?;
    let mut losses = Vec::with_capacity(batch);
    let mut grad = vec![0.0; x.numel()];
    for b in 0..batch {
        let (il, tl) = (input_lengths[b] as usize, target_lengths[b] as usize);
        // The labels as `.to(torch.long)` makes them (truncated); PyTorch reads memory it does
        // not own for a label outside [0, C): refused here.
        let target = targets.data[starts[b]..starts[b] + tl]
            .iter()
            .map(|&v| {
                let v = v.trunc();
                if v >= 0.0 && v < classes as f64 {
                    Ok(v as usize)
                } else {
                    Err(Error::Domain(format!(
                        "targets must be class indices in [0, {classes}): got {v}"
                    )))
                }
            })
            .collect::<Result<Vec<usize>>>()?;
        let rows: Vec<f64> = (0..il)
            .flat_map(|t| {
                let at = (t * batch + b) * classes;
                x.data[at..at + classes].iter().copied()
            })
            .collect();
        let lattice = Lattice::new(&rows, classes, &target, blank);
        let mut nll = lattice.nll;
        if zero_infinity && nll == f64::INFINITY {
            nll = 0.0;
        }
        let gr = match reduction {
            Reduction::None => up[b],
            Reduction::Sum => up[0],
            Reduction::Mean | Reduction::BatchMean => up[0] / batch as f64 / tl.max(1) as f64,
        };
        let g = lattice.grad(&rows, classes, gr, zero_infinity);
        for t in 0..il {
            let at = (t * batch + b) * classes;
            grad[at..at + classes].copy_from_slice(&g[t * classes..(t + 1) * classes]);
        }
        losses.push(nll);
    }
    let output = match reduction {
        Reduction::None if batched => Tensor::vector(losses),
        Reduction::None => Tensor::scalar(losses[0]),
        Reduction::Sum => Tensor::scalar(losses.iter().sum()),
        Reduction::Mean | Reduction::BatchMean => {
            let sum: f64 = losses
                .iter()
                .zip(&target_lengths)
                .map(|(l, &tl)| l / tl.max(1) as f64)
                .sum();
            Tensor::scalar(sum / batch as f64)
        }
    };
    Ok(LossResult {
        output,
        grads: vec![("log_probs", x.like(grad))],
    })
}

/// The upstream gradient: one value per sample for reduction none, else the scalar.
fn upstream(
    reduction: Reduction,
    batched: bool,
    batch: usize,
    grad_output: Option<&Tensor>,
) -> Result<Vec<f64>> {
    let shape: &[usize] = if reduction == Reduction::None && batched {
        &[batch]
    } else {
        &[]
    };
    match grad_output {
        None => Ok(vec![1.0; batch.max(1)]),
        Some(g) if g.shape == shape || (shape.is_empty() && g.numel() == 1 && g.ndim() <= 1) => {
            Ok(g.data.clone())
        }
        Some(g) => Err(Error::Shape(format!(
            "grad_output has shape {:?} but the output has shape {shape:?}",
            g.shape
        ))),
    }
}

/// The Sequences panel's small example: an alphabet of the blank and three letters, a typed
/// target, up to [`MAX_STEPS`] time steps whose logits come from a [`Preset`] and a temperature.
pub mod example {
    use super::Lattice;
    use crate::loss::Inputs;
    use crate::plot::{AxisRange, Grid};
    use crate::{Params, Tensor};

    /// The classes: the blank and three letters.
    pub const CLASSES: usize = 4;
    pub const LETTERS: [char; 3] = ['a', 'b', 'c'];
    pub const MAX_STEPS: usize = 12;
    pub const MAX_TARGET: usize = 6;
    /// The temperature's range (logits are divided by it before the log-softmax).
    pub const TEMPERATURE: (f64, f64) = (0.1, 5.0);
    /// How the blank is written on the lattice's axis.
    pub const BLANK_SIGN: &str = "∅";

    /// Where the per-time-step logits come from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Preset {
        /// Each step favours the label of an alignment spread evenly over time.
        Aligned,
        /// The same alignment, each letter replaced by the next one: confident and wrong.
        Wrong,
        /// Every step favours the blank.
        Blanks,
        /// All logits 0: every label equally likely.
        Uniform,
    }

    impl Preset {
        pub const ALL: [Preset; 4] = [
            Preset::Aligned,
            Preset::Wrong,
            Preset::Blanks,
            Preset::Uniform,
        ];

        pub const fn key(self) -> &'static str {
            match self {
                Preset::Aligned => "aligned",
                Preset::Wrong => "wrong",
                Preset::Blanks => "blanks",
                Preset::Uniform => "uniform",
            }
        }

        pub const fn label(self) -> &'static str {
            match self {
                Preset::Aligned => "aligned with the target",
                Preset::Wrong => "confident, wrong letters",
                Preset::Blanks => "mostly blank",
                Preset::Uniform => "uniform (all logits 0)",
            }
        }

        pub fn from_key(key: &str) -> Option<Preset> {
            Preset::ALL.into_iter().find(|p| p.key() == key)
        }
    }

    /// The class index of each letter: the classes other than `blank`, in order.
    pub fn letter_classes(blank: usize) -> [usize; 3] {
        let mut out = [0; 3];
        let mut k = 0;
        for c in (0..CLASSES).filter(|&c| c != blank) {
            if k < 3 {
                out[k] = c;
                k += 1;
            }
        }
        out
    }

    /// The name of class `c` (the blank's sign, or its letter).
    pub fn class_name(c: usize, blank: usize) -> String {
        if c == blank {
            return BLANK_SIGN.into();
        }
        letter_classes(blank)
            .iter()
            .position(|&k| k == c)
            .map_or_else(|| c.to_string(), |i| LETTERS[i].to_string())
    }

    /// A typed target as letter indices (0 = 'a'); refuses other characters and more than
    /// [`MAX_TARGET`] letters.
    pub fn parse_target(text: &str) -> Result<Vec<usize>, String> {
        let mut out = Vec::new();
        for ch in text.trim().chars() {
            let Some(i) = LETTERS.iter().position(|&l| l == ch.to_ascii_lowercase()) else {
                return Err(format!("'{ch}' is not a letter of the alphabet a, b, c"));
            };
            out.push(i);
        }
        if out.is_empty() {
            return Err("type at least one letter (a, b or c)".into());
        }
        if out.len() > MAX_TARGET {
            return Err(format!("at most {MAX_TARGET} letters"));
        }
        Ok(out)
    }

    /// The fewest time steps any alignment of `letters` needs: one per letter and a blank between
    /// each pair of equal neighbours.
    pub fn min_steps(letters: &[usize]) -> usize {
        letters.len() + letters.windows(2).filter(|w| w[0] == w[1]).count()
    }

    /// The preset's logits, `steps × CLASSES` row-major: 3 on the favoured class of each step
    /// (its label in an alignment spread evenly over time, or as the preset changes it), else 0.
    pub fn logits(preset: Preset, letters: &[usize], steps: usize, blank: usize) -> Vec<f64> {
        let classes = letter_classes(blank);
        let target: Vec<usize> = letters.iter().map(|&i| classes[i % 3]).collect();
        let ext = super::extended(&target, blank);
        let mut out = Vec::with_capacity(steps * CLASSES);
        for t in 0..steps {
            let s = ((t as f64 + 0.5) * ext.len() as f64 / steps.max(1) as f64) as usize;
            let label = ext[s.min(ext.len() - 1)];
            let favoured = match preset {
                Preset::Aligned => Some(label),
                Preset::Wrong if label == blank => Some(blank),
                Preset::Wrong => classes
                    .iter()
                    .position(|&k| k == label)
                    .map(|i| classes[(i + 1) % 3]),
                Preset::Blanks => Some(blank),
                Preset::Uniform => None,
            };
            out.extend((0..CLASSES).map(|c| if Some(c) == favoured { 3.0 } else { 0.0 }));
        }
        out
    }

    /// The example's log-probabilities, `steps × CLASSES` row-major: the preset's logits divided
    /// by the temperature, then log-softmax per time step (as ATen's: x − max − log Σ exp(x − max)).
    pub fn log_probs(
        preset: Preset,
        letters: &[usize],
        steps: usize,
        blank: usize,
        temperature: f64,
    ) -> Vec<f64> {
        let mut out = Vec::with_capacity(steps * CLASSES);
        for row in logits(preset, letters, steps, blank).chunks(CLASSES) {
            let scaled: Vec<f64> = row.iter().map(|v| v / temperature).collect();
            let max = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = scaled.iter().map(|v| (v - max).exp()).sum();
            out.extend(scaled.iter().map(|v| v - max - sum.ln()));
        }
        out
    }

    /// One evaluation of the example: its log-probabilities, its target's classes, the lattice,
    /// `ctc_loss` with the page's parameters and its gradient on the log-probabilities.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Evaluation {
        /// `steps × CLASSES`, row-major.
        pub log_probs: Vec<f64>,
        pub target: Vec<usize>,
        pub lattice: Lattice,
        pub loss: f64,
        /// `steps × CLASSES`, as PyTorch's autograd returns it on `log_probs`.
        pub grad: Vec<f64>,
    }

    /// Evaluate the example under `params` (ctc_loss's blank, reduction, zero_infinity), the
    /// loss through `loss::evaluate` as an unbatched call: log_probs (T, C), targets (S,).
    pub fn evaluate(
        params: &Params,
        letters: &[usize],
        steps: usize,
        preset: Preset,
        temperature: f64,
    ) -> Result<Evaluation, String> {
        let blank = match params.int("blank") {
            Some(b) if (0..CLASSES as i64).contains(&b) => b as usize,
            _ => {
                return Err(format!(
                    "blank must be a class index from 0 to {}",
                    CLASSES - 1
                ))
            }
        };
        let classes = letter_classes(blank);
        let target: Vec<usize> = letters.iter().map(|&i| classes[i % 3]).collect();
        let log_probs = log_probs(preset, letters, steps, blank, temperature);
        let as_f64 = |v: &[usize]| v.iter().map(|&c| c as f64).collect::<Vec<f64>>();
        let inputs = Inputs::default()
            .with(
                "log_probs",
                Tensor::new(vec![steps, CLASSES], log_probs.clone()).map_err(|e| e.to_string())?,
            )
            .with("targets", Tensor::vector(as_f64(&target)))
            .with("input_lengths", Tensor::scalar(steps as f64))
            .with("target_lengths", Tensor::scalar(target.len() as f64));
        // The sequence family's losses only: the lattice drawn alone holds no other loss.
        const SEQUENCE: crate::loss::Groups =
            crate::loss::groups(&[crate::catalogue::Group::Sequence]);
        let r = crate::loss::evaluate_in::<SEQUENCE>(params, &inputs, None)
            .map_err(|e| e.to_string())?;
        let grad = r
            .grad("log_probs")
            .map(|g| g.data.clone())
            .unwrap_or_default();
        let loss = r.output.data.first().copied().unwrap_or(f64::NAN);
        Ok(Evaluation {
            lattice: Lattice::new(&log_probs, CLASSES, &target, blank),
            log_probs,
            target,
            loss,
            grad,
        })
    }

    /// The gradient on log_probs (`steps × CLASSES`, row-major, as [`Evaluation::grad`]) as a
    /// grid: time along x (cell t centred on x = t), the class along y with class 0 in the top
    /// row, as the table of the gradient reads.
    pub fn grad_grid(grad: &[f64], steps: usize) -> Grid {
        let steps = steps.max(1);
        let values = (0..CLASSES)
            .flat_map(|j| {
                let c = CLASSES - 1 - j;
                (0..steps).map(move |t| grad.get(t * CLASSES + c).copied().unwrap_or(f64::NAN))
            })
            .collect();
        cells(steps, CLASSES, values)
    }

    /// A grid of `nx × ny` cells centred on whole x and y (0, 1, …): a lattice's cells.
    fn cells(nx: usize, ny: usize, values: Vec<f64>) -> Grid {
        Grid {
            nx,
            ny,
            x: AxisRange::new(-0.5, nx as f64 - 0.5),
            y: AxisRange::new(-0.5, ny as f64 - 0.5),
            values,
        }
    }

    /// A lattice's values (log α, or the log of the share of alignments through a cell) as a grid: time along x, the extended label's position s along y (s = 0 at the top
    /// row, as the lattice is drawn). −∞ stays −∞ (the heatmap shows it apart).
    pub fn grid(lattice: &Lattice, log_probs: &[f64], posterior: bool) -> Grid {
        let (steps, width) = (lattice.steps.max(1), lattice.extended.len());
        let mut values = vec![f64::NEG_INFINITY; steps * width];
        for j in 0..width {
            let s = width - 1 - j;
            for t in 0..lattice.steps {
                values[j * steps + t] = if posterior {
                    lattice.log_posterior(log_probs, CLASSES, t, s)
                } else {
                    lattice.log_alpha[t * width + s]
                };
            }
        }
        cells(steps, width, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_one_label_is_that_labels_probability() {
        // T = 1, target "a" (class 1): the only alignment is "a".
        let lp = [0.2f64.ln(), 0.5f64.ln(), 0.3f64.ln()];
        let l = Lattice::new(&lp, 3, &[1], 0);
        assert!((l.nll - -(0.5f64.ln())).abs() < 1e-15);
        // Repeated labels need a blank between them: "aa" in 2 steps is impossible.
        let lp2 = [lp, lp].concat();
        assert_eq!(Lattice::new(&lp2, 3, &[1, 1], 0).nll, f64::INFINITY);
        assert!(Lattice::new(&lp2, 3, &[1, 2], 0).nll.is_finite());
    }

    #[test]
    fn gradient_is_exp_log_probs_plus_the_derivative_in_log_probs() {
        // ATen's gradient on log_probs is exp(log_probs) − posterior, and the posterior is
        // −∂nll/∂log_probs: check it against central differences, even for unnormalised inputs.
        let lp = [
            -0.3, -1.9, -1.2, -0.8, -0.6, -2.5, -1.1, -0.4, -1.7, -0.9, -1.3, -0.2,
        ];
        let target = [1, 2];
        let g = Lattice::new(&lp, 3, &target, 0).grad(&lp, 3, 1.0, false);
        for i in 0..lp.len() {
            let nll = |h: f64| {
                let mut moved = lp;
                moved[i] += h;
                Lattice::new(&moved, 3, &target, 0).nll
            };
            let numeric = (nll(1e-6) - nll(-1e-6)) / 2e-6;
            let want = numeric + f64::exp(lp[i]);
            assert!((g[i] - want).abs() < 1e-7, "{i}: {} vs {want}", g[i]);
        }
    }

    #[test]
    fn the_gradients_grid_has_time_across_and_class_zero_on_top() {
        // T = 2, classes 0..4: grad[t][c] = 10 t + c.
        let grad: Vec<f64> = (0..2)
            .flat_map(|t| (0..example::CLASSES).map(move |c| (10 * t + c) as f64))
            .collect();
        let g = example::grad_grid(&grad, 2);
        assert_eq!((g.nx, g.ny), (2, example::CLASSES));
        let top = example::CLASSES - 1;
        assert_eq!(g.get(0, top), Some(0.0)); // t = 0, class 0
        assert_eq!(g.get(1, top), Some(10.0)); // t = 1, class 0
        assert_eq!(g.get(1, 0), Some(13.0)); // t = 1, the last class at the bottom
        assert_eq!((g.x_at(0), g.x_at(1)), (0.0, 1.0));
        // A short gradient (an error upstream) leaves NaN cells, never a panic.
        assert!(example::grad_grid(&[], 3).values.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn the_example_follows_its_target_and_refuses_other_letters() {
        use example::*;
        assert_eq!(parse_target("cab"), Ok(vec![2, 0, 1]));
        assert!(parse_target("abd").is_err());
        assert!(parse_target("").is_err());
        assert!(parse_target("abcabca").is_err());
        assert_eq!(min_steps(&[0, 0, 1]), 4);
        assert_eq!(letter_classes(0), [1, 2, 3]);
        assert_eq!(letter_classes(2), [0, 1, 3]);
        assert_eq!(class_name(2, 2), BLANK_SIGN);
        let lp = log_probs(Preset::Aligned, &[2, 0, 1], 8, 0, 1.0);
        let l = Lattice::new(&lp, CLASSES, &[3, 1, 2], 0);
        let wrong = log_probs(Preset::Wrong, &[2, 0, 1], 8, 0, 1.0);
        assert!(l.nll < Lattice::new(&wrong, CLASSES, &[3, 1, 2], 0).nll);
        let g = grid(&l, &lp, true);
        assert_eq!((g.nx, g.ny), (8, 7));
        // Every time step's posteriors sum to 1 (each alignment passes one cell per step).
        for t in 0..8 {
            let total: f64 = (0..7).map(|j| g.values[j * 8 + t].exp()).sum();
            assert!((total - 1.0).abs() < 1e-12, "{t}: {total}");
        }
    }

    #[test]
    fn labels_outside_the_classes_are_refused() {
        // PyTorch's CPU kernel reads memory it does not own for these: refused here.
        let lp = Tensor::new(vec![2, 1, 3], vec![-1.1; 6]).unwrap_or_default();
        for label in [3.0, -1.0, f64::NAN] {
            let inputs = Inputs::default()
                .with("log_probs", lp.clone())
                .with("targets", Tensor::vector(vec![label]))
                .with("input_lengths", Tensor::vector(vec![2.0]))
                .with("target_lengths", Tensor::vector(vec![1.0]));
            let r = ctc_loss(&inputs, Some(0), Reduction::Mean, false, None);
            assert!(matches!(r, Err(Error::Domain(_))), "{label}: {r:?}");
        }
    }

    #[test]
    fn gradient_rows_sum_to_zero_for_log_softmax_inputs() {
        let raw: [f64; 12] = [
            0.3, -1.0, 0.8, 0.1, 0.5, -0.2, -0.7, 1.1, 0.0, 0.4, 0.2, -0.3,
        ];
        let mut lp = Vec::new();
        for row in raw.chunks(3) {
            let z = row.iter().map(|v| v.exp()).sum::<f64>().ln();
            lp.extend(row.iter().map(|v| v - z));
        }
        let l = Lattice::new(&lp, 3, &[1, 2], 0);
        let g = l.grad(&lp, 3, 1.0, false);
        for row in g.chunks(3) {
            assert!(row.iter().sum::<f64>().abs() < 1e-12, "{row:?}");
        }
    }
}
