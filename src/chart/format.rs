//! Numbers as a chart's labels and read-outs show them to a student.

/// Superscript digits for powers of ten.
fn superscript(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}
/// `v` with `digits` significant digits; a value that is not finite (PyTorch's overflow or a
/// not-a-number gradient) in words, as the lecture notes write it: the one spelling of a read-out.
pub fn in_words(v: f64, digits: usize) -> String {
    if v.is_nan() {
        "not a number".into()
    } else if v == f64::INFINITY {
        "infinite".into()
    } else if v == f64::NEG_INFINITY {
        "minus infinite".into()
    } else {
        nnfunc::plot::format_significant(v, digits)
    }
}

/// A magnitude in scientific notation a student reads: `9.77 × 10⁻⁴`, `0.5`, `0`.
pub fn scientific(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else {
            "∞".into()
        };
    }
    let exponent = v.abs().log10().floor();
    if (-2.0..3.0).contains(&exponent) {
        let decimals = (2.0 - exponent).max(0.0) as usize;
        return format!("{v:.decimals$}");
    }
    let text = format!("{v:.2e}");
    match text.split_once('e') {
        Some((mantissa, power)) => format!("{mantissa} × 10{}", superscript(power)),
        None => text,
    }
}

/// 10000 as `10,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decade tick: `10⁻⁴` for log10 value −4.
pub fn decade_label(log10: f64, _step: f64) -> String {
    if (log10 - log10.round()).abs() < 1e-9 {
        format!("10{}", superscript(&format!("{}", log10.round() as i64)))
    } else {
        format!("10^{log10:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_reads_well() {
        assert_eq!(scientific(0.0), "0");
        assert_eq!(scientific(0.5), "0.500");
        assert_eq!(scientific(1.0), "1.00");
        assert_eq!(scientific(9.765625e-4), "9.77 × 10⁻⁴");
        assert_eq!(scientific(1.125899906842624e15), "1.13 × 10¹⁵");
        assert_eq!(scientific(f64::INFINITY), "∞");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn decade_labels() {
        assert_eq!(decade_label(-4.0, 1.0), "10⁻⁴");
        assert_eq!(decade_label(0.0, 1.0), "10⁰");
        assert_eq!(decade_label(12.0, 2.0), "10¹²");
    }
}
