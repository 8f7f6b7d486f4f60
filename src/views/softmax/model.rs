//! What the Softmax view computes and names, without the browser: the three functions of x/τ as
//! PyTorch computes them, the x range of the curve, the logits' colours and names.

use nnfunc::activation::{softmax, SoftmaxKind};
use nnfunc::catalogue::FnId;
use nnfunc::plot::{AxisRange, PALETTE};
use nnfunc::Tensor;

use crate::theme::Rgb;

/// The range a bar can be dragged over; typed values beyond it are shown clipped.
pub const DRAG_RANGE: f64 = 10.0;

/// The three functions of the view, in display order, with their names in test ids and exports.
pub const KINDS: [(SoftmaxKind, FnId, &str); 3] = [
    (SoftmaxKind::Softmax, FnId::Softmax, "softmax"),
    (SoftmaxKind::Softmin, FnId::Softmin, "softmin"),
    (SoftmaxKind::LogSoftmax, FnId::LogSoftmax, "log_softmax"),
];

/// The outputs of the three functions for x/τ.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub softmax: Vec<f64>,
    pub softmin: Vec<f64>,
    pub log_softmax: Vec<f64>,
}

impl Outputs {
    pub fn of(&self, kind: SoftmaxKind) -> &[f64] {
        match kind {
            SoftmaxKind::Softmax => &self.softmax,
            SoftmaxKind::Softmin => &self.softmin,
            SoftmaxKind::LogSoftmax => &self.log_softmax,
        }
    }

    /// Σ softmax, Σ softmin, or Σ exp(log_softmax): each is 1 (up to rounding).
    pub fn total(&self, kind: SoftmaxKind) -> f64 {
        match kind {
            SoftmaxKind::LogSoftmax => self.log_softmax.iter().map(|v| v.exp()).sum(),
            other => self.of(other).iter().sum(),
        }
    }
}

/// One function of x/τ, exactly as `torch.nn.functional` computes it (dim 0 of a vector).
pub fn apply(kind: SoftmaxKind, logits: &[f64], tau: f64) -> Result<Vec<f64>, String> {
    let scaled = Tensor::vector(logits.iter().map(|x| x / tau).collect());
    let grad = Tensor::vector(vec![0.0; logits.len()]);
    softmax(kind, Some(0), &scaled, &grad)
        .map(|r| r.output.data)
        .map_err(|e| e.to_string())
}

/// All three functions of x/τ.
pub fn outputs(logits: &[f64], tau: f64) -> Result<Outputs, String> {
    Ok(Outputs {
        softmax: apply(SoftmaxKind::Softmax, logits, tau)?,
        softmin: apply(SoftmaxKind::Softmin, logits, tau)?,
        log_softmax: apply(SoftmaxKind::LogSoftmax, logits, tau)?,
    })
}

/// Round a dragged value to 0.01 so the boxes show readable numbers.
pub fn round_drag(v: f64) -> f64 {
    ((v * 100.0).round() / 100.0).clamp(-DRAG_RANGE, DRAG_RANGE)
}

/// The x range of the curve of output `i`: the drag range, widened to hold every logit.
pub fn curve_range(logits: &[f64]) -> AxisRange {
    let lo = logits.iter().copied().fold(-DRAG_RANGE, f64::min);
    let hi = logits.iter().copied().fold(DRAG_RANGE, f64::max);
    AxisRange::new(lo - 1.0, hi + 1.0)
}

/// The colour of logit `i` (the palette's black becomes the text colour in dark mode).
pub fn logit_color(i: usize, dark: bool) -> Rgb {
    let c = PALETTE[i % PALETTE.len()];
    if dark && c == (0, 0, 0) {
        (0xe4, 0xe4, 0xe7)
    } else {
        c
    }
}

/// `x₀` … `x₇`.
pub fn subscript_name(prefix: &str, i: usize) -> String {
    let digits: String = i
        .to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect();
    format!("{prefix}{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::softmax::state::TAU_RANGE;

    #[test]
    fn outputs_are_normalised_and_exact() {
        let Ok(out) = outputs(&[1.5, -0.3, 2.0], 1.0) else {
            panic!("valid logits");
        };
        for (kind, _, _) in KINDS {
            assert!((out.total(kind) - 1.0).abs() < 1e-12);
        }
        // softmin(x) = softmax(−x); log_softmax = log(softmax).
        let Ok(flipped) = apply(SoftmaxKind::Softmax, &[-1.5, 0.3, -2.0], 1.0) else {
            panic!("valid logits");
        };
        assert_eq!(out.softmin, flipped);
        for (l, s) in out.log_softmax.iter().zip(&out.softmax) {
            assert!((l - s.ln()).abs() < 1e-12);
        }
        // A temperature divides the logits.
        let (Ok(hot), Ok(scaled)) = (outputs(&[1.0, 2.0], 2.0), outputs(&[0.5, 1.0], 1.0)) else {
            panic!("valid logits");
        };
        assert_eq!(hot, scaled);
        // Large logits and a small τ do not overflow.
        let Ok(sharp) = outputs(&[1000.0, -1000.0, 999.0], TAU_RANGE.0) else {
            panic!("valid logits");
        };
        assert!(sharp.softmax.iter().all(|v| v.is_finite()));
        assert!(sharp.log_softmax.iter().all(|v| !v.is_nan()));
    }

    #[test]
    fn names_and_ranges() {
        assert_eq!(subscript_name("x", 3), "x₃");
        assert_eq!(subscript_name("", 12), "₁₂");
        assert_eq!(round_drag(1.234), 1.23);
        assert_eq!(round_drag(42.0), DRAG_RANGE);
        let r = curve_range(&[-20.0, 1.0]);
        assert!(r.min <= -21.0 && r.max >= 11.0);
    }
}
