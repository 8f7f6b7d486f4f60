//! A multilayer perceptron with one elementwise hidden activation and a linear output layer; forward
//! and backward by hand on contiguous row-major `f64` buffers, batched, without allocations per step.
//!
//! Layer `l` computes `z = a W_lᵀ + b_l` with `W_l` stored `(n_out × n_in)` row-major as
//! `nn.Linear` stores it; hidden layers then apply the activation, the last layer does not. All
//! parameters live in one flat vector (per layer: W then b), so the optimisers see one slice.

use super::init::{stream_rng, symmetric, InitScheme, Stream};
use super::LossKind;
use crate::activation::Elementwise;

/// The network: sizes, parameters and the hidden activation.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    /// `[input, hidden…, output]`.
    sizes: Vec<usize>,
    /// Start of each layer's weights in `params` (its biases follow them).
    offsets: Vec<usize>,
    params: Vec<f64>,
    activation: Elementwise,
}

/// Scratch buffers for up to `capacity` rows: pre- and post-activations of every hidden layer, the
/// output and two gradient buffers. Reused by every step.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    capacity: usize,
    pre: Vec<Vec<f64>>,
    post: Vec<Vec<f64>>,
    out: Vec<f64>,
    delta: Vec<f64>,
    delta_next: Vec<f64>,
    /// One layer's weights transposed (`n_in × n_out`), for [`linear_forward`].
    transposed: Vec<f64>,
}

impl Workspace {
    /// Buffers for `mlp` and batches of up to `capacity` rows (at least 1).
    pub fn new(mlp: &Mlp, capacity: usize) -> Workspace {
        let capacity = capacity.max(1);
        let hidden = mlp.hidden_sizes();
        let widest = mlp.sizes.iter().copied().max().unwrap_or(1);
        Workspace {
            capacity,
            pre: hidden.iter().map(|&w| vec![0.0; capacity * w]).collect(),
            post: hidden.iter().map(|&w| vec![0.0; capacity * w]).collect(),
            out: vec![0.0; capacity * mlp.output_dim()],
            delta: vec![0.0; capacity * widest],
            delta_next: vec![0.0; capacity * widest],
            transposed: Vec::new(),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Hidden layer `layer`'s pre-activations of the last forward pass (`capacity × width`; the first
    /// `rows × width` are current). Empty past the last hidden layer.
    pub fn pre_activation(&self, layer: usize) -> &[f64] {
        self.pre.get(layer).map_or(&[], |v| v.as_slice())
    }
}

impl Mlp {
    /// A network with zero parameters (call [`Mlp::initialise`]); sizes below 1 count as 1.
    pub fn new(
        input_dim: usize,
        hidden_layers: usize,
        width: usize,
        output_dim: usize,
        activation: Elementwise,
    ) -> Mlp {
        let mut sizes = vec![input_dim.max(1)];
        sizes.extend(std::iter::repeat_n(width.max(1), hidden_layers));
        sizes.push(output_dim.max(1));
        let mut offsets = Vec::with_capacity(sizes.len() - 1);
        let mut total = 0;
        for pair in sizes.windows(2) {
            if let [n_in, n_out] = *pair {
                offsets.push(total);
                total += n_out * n_in + n_out;
            }
        }
        Mlp {
            sizes,
            offsets,
            params: vec![0.0; total],
            activation,
        }
    }

    /// Draw the parameters for `scheme` from `seed`'s initialisation stream (see [`super::init`]).
    pub fn initialise(&mut self, scheme: InitScheme, seed: u64) {
        let mut rng = stream_rng(seed, Stream::Init);
        let layers = self.layers();
        for l in 0..layers {
            let (n_in, n_out) = self.layer_dims(l);
            let bound = scheme.weight_bound(l, n_in, n_out, l + 1 == layers);
            let bias_bound = 1.0 / (n_in as f64).sqrt();
            if let Some((w, b)) = layer_mut(&mut self.params, &self.offsets, l, n_in, n_out) {
                for v in w.iter_mut() {
                    *v = bound * symmetric(&mut rng);
                }
                for v in b.iter_mut() {
                    *v = bias_bound * symmetric(&mut rng);
                }
            }
        }
    }

    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// Number of linear layers (hidden layers + 1).
    pub fn layers(&self) -> usize {
        self.offsets.len()
    }

    pub fn input_dim(&self) -> usize {
        self.sizes.first().copied().unwrap_or(1)
    }

    pub fn output_dim(&self) -> usize {
        self.sizes.last().copied().unwrap_or(1)
    }

    fn hidden_sizes(&self) -> &[usize] {
        let n = self.sizes.len();
        self.sizes.get(1..n.saturating_sub(1)).unwrap_or(&[])
    }

    pub fn activation(&self) -> Elementwise {
        self.activation
    }

    /// All parameters, per layer W (row-major, `n_out × n_in`) then b.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Layer `l`'s weights and biases.
    pub fn layer(&self, l: usize) -> Option<(&[f64], &[f64])> {
        let (n_in, n_out) = self.layer_dims(l);
        let start = *self.offsets.get(l)?;
        let all = self.params.get(start..start + n_out * n_in + n_out)?;
        Some(all.split_at(n_out * n_in))
    }

    fn layer_dims(&self, l: usize) -> (usize, usize) {
        (
            self.sizes.get(l).copied().unwrap_or(1),
            self.sizes.get(l + 1).copied().unwrap_or(1),
        )
    }

    /// Run `rows` rows of `x` (`rows × input_dim`, row-major) through the network; returns the outputs
    /// (`rows × output_dim`). `rows` is cut to the workspace's capacity and to the rows `x` holds.
    pub fn forward<'w>(&self, x: &[f64], rows: usize, ws: &'w mut Workspace) -> &'w [f64] {
        let rows = rows.min(ws.capacity).min(x.len() / self.input_dim());
        let layers = self.layers();
        let act = self.activation;
        for l in 0..layers {
            let (n_in, n_out) = self.layer_dims(l);
            let Some((w, b)) = self.layer(l) else {
                break;
            };
            let split = l.min(ws.post.len());
            let (done, rest) = ws.post.split_at_mut(split);
            let input: &[f64] = match l.checked_sub(1) {
                None => x,
                Some(prev) => done.get(prev).map_or(&[], |v| v.as_slice()),
            };
            let input = input.get(..rows * n_in).unwrap_or(&[]);
            if l + 1 == layers {
                if let Some(out) = ws.out.get_mut(..rows * n_out) {
                    linear_forward(input, n_in, w, b, n_out, out, &mut ws.transposed);
                }
            } else if let (Some(pre), Some(post)) = (ws.pre.get_mut(l), rest.first_mut()) {
                let pre = pre.get_mut(..rows * n_out).unwrap_or(&mut []);
                linear_forward(input, n_in, w, b, n_out, pre, &mut ws.transposed);
                for (a, &z) in post.iter_mut().zip(pre.iter()) {
                    *a = act.value(z);
                }
            }
        }
        let n_out = self.output_dim();
        ws.out.get(..rows * n_out).unwrap_or(&[])
    }

    /// Back-propagate the output gradient that a loss left in the workspace (see
    /// [`Mlp::loss_and_gradient`]) after a forward pass of the same `x` and `rows`; writes the
    /// gradient of every parameter into `grads` (same layout as [`Mlp::params`]).
    fn backward(&self, x: &[f64], rows: usize, ws: &mut Workspace, grads: &mut [f64]) {
        grads.iter_mut().for_each(|g| *g = 0.0);
        let act = self.activation;
        for l in (0..self.layers()).rev() {
            let (n_in, n_out) = self.layer_dims(l);
            let Some((w, _)) = self.layer(l) else {
                break;
            };
            let input: &[f64] = match l.checked_sub(1) {
                None => x,
                Some(prev) => ws.post.get(prev).map_or(&[], |v| v.as_slice()),
            };
            let input = input.get(..rows * n_in).unwrap_or(&[]);
            let delta = ws.delta.get(..rows * n_out).unwrap_or(&[]);
            if let Some((gw, gb)) = layer_mut(grads, &self.offsets, l, n_in, n_out) {
                accumulate_weight_grads(delta, input, n_in, n_out, gw, gb);
            }
            let Some(prev) = l.checked_sub(1) else {
                break;
            };
            let next = ws.delta_next.get_mut(..rows * n_in).unwrap_or(&mut []);
            propagate_to_inputs(delta, w, n_in, n_out, next);
            let pre = ws.pre.get(prev).map_or(&[][..], |v| v.as_slice());
            for (d, &z) in next.iter_mut().zip(pre) {
                *d = act.backward(z, *d);
            }
            std::mem::swap(&mut ws.delta, &mut ws.delta_next);
        }
    }

    /// Forward `rows` rows of `x`, the loss against `targets` (`rows × output_dim`, for MSE) or
    /// `labels` (for cross-entropy), and the gradient of every parameter into `grads`. Returns the
    /// loss (mean reduction, as PyTorch's default); NaN if the targets do not fit.
    #[allow(clippy::too_many_arguments)] // the batch: inputs, targets, labels, its size; then buffers
    pub fn loss_and_gradient(
        &self,
        x: &[f64],
        targets: &[f64],
        labels: &[usize],
        rows: usize,
        loss: LossKind,
        ws: &mut Workspace,
        grads: &mut [f64],
    ) -> f64 {
        let rows = rows.min(ws.capacity).min(x.len() / self.input_dim());
        let n_out = self.output_dim();
        self.forward(x, rows, ws);
        let out = ws.out.get(..rows * n_out).unwrap_or(&[]);
        let grad = ws.delta.get_mut(..rows * n_out).unwrap_or(&mut []);
        let value = match loss {
            LossKind::Mse => mse(out, targets.get(..rows * n_out).unwrap_or(&[]), grad),
            LossKind::CrossEntropy => {
                cross_entropy(out, labels.get(..rows).unwrap_or(&[]), n_out, grad)
            }
        };
        self.backward(x, rows, ws, grads);
        value
    }

    /// The fraction of hidden units that are dead on `probe` (rows of inputs): a unit is dead when
    /// the activation's derivative (PyTorch's, so ReLU's is 0 at 0) is exactly 0 at its
    /// pre-activation for every probe row, so no gradient reaches its incoming weights from any of
    /// them. 0 for an empty probe.
    pub fn dead_fraction(&self, probe: &[f64]) -> f64 {
        let rows = probe.len() / self.input_dim();
        if rows == 0 {
            return 0.0;
        }
        let mut ws = Workspace::new(self, rows);
        self.forward(probe, rows, &mut ws);
        let act = self.activation();
        let hidden = self.sizes().len().saturating_sub(2);
        let (mut dead, mut total) = (0usize, 0usize);
        for l in 0..hidden {
            let width = self.sizes().get(l + 1).copied().unwrap_or(1);
            let pre = ws.pre_activation(l).get(..rows * width).unwrap_or(&[]);
            for unit in 0..width {
                let alive = pre
                    .iter()
                    .skip(unit)
                    .step_by(width)
                    .any(|&z| act.derivative(z) != 0.0);
                total += 1;
                if !alive {
                    dead += 1;
                }
            }
        }
        if total == 0 {
            0.0
        } else {
            dead as f64 / total as f64
        }
    }

    /// The outputs for every row of `x`, computed in chunks of `chunk` rows with one workspace.
    pub fn predict(&self, x: &[f64], chunk: usize) -> Vec<f64> {
        let n_in = self.input_dim();
        let rows = x.len() / n_in;
        let chunk = chunk.clamp(1, rows.max(1));
        let mut ws = Workspace::new(self, chunk);
        let mut out = Vec::with_capacity(rows * self.output_dim());
        for part in x.chunks(chunk * n_in) {
            out.extend_from_slice(self.forward(part, chunk, &mut ws));
        }
        out
    }
}

/// Layer `l`'s (W, b) inside a flat parameter (or gradient) buffer.
fn layer_mut<'a>(
    buf: &'a mut [f64],
    offsets: &[usize],
    l: usize,
    n_in: usize,
    n_out: usize,
) -> Option<(&'a mut [f64], &'a mut [f64])> {
    let start = *offsets.get(l)?;
    let all = buf.get_mut(start..start + n_out * n_in + n_out)?;
    Some(all.split_at_mut(n_out * n_in))
}

/// Z = A Wᵀ + b, for every row of `a` (`rows × n_in`, W is `n_out × n_in`). W is first copied
/// transposed into `transposed`, so that the inner loop runs over the outputs: contiguous in Z and
/// in Wᵀ, and vectorised (SSE2 natively, SIMD128 in the browser). Four rows share each row of Wᵀ.
/// Each output still sums its products in input order from 0 and adds the bias last, as the
/// dot-product form did, so the results are the same to the bit.
fn linear_forward(
    a: &[f64],
    n_in: usize,
    w: &[f64],
    b: &[f64],
    n_out: usize,
    z: &mut [f64],
    transposed: &mut Vec<f64>,
) {
    let (n_in, n_out) = (n_in.max(1), n_out.max(1));
    transposed.clear();
    transposed.resize(n_in * n_out, 0.0);
    for (o, w_row) in w.chunks_exact(n_in).take(n_out).enumerate() {
        for (i, &v) in w_row.iter().enumerate() {
            if let Some(t) = transposed.get_mut(i * n_out + o) {
                *t = v;
            }
        }
    }
    let wt: &[f64] = transposed;
    let add_bias = |z_row: &mut [f64]| {
        for (v, &bias) in z_row.iter_mut().zip(b) {
            *v += bias; // = bias + v: IEEE addition commutes
        }
    };
    let a_blocks = a.chunks_exact(4 * n_in);
    let a_rest = a_blocks.remainder();
    let mut z_blocks = z.chunks_exact_mut(4 * n_out);
    for (a4, z4) in a_blocks.zip(&mut z_blocks) {
        let (a01, a23) = a4.split_at(2 * n_in);
        let ((a0, a1), (a2, a3)) = (a01.split_at(n_in), a23.split_at(n_in));
        z4.iter_mut().for_each(|v| *v = 0.0);
        let (z01, z23) = z4.split_at_mut(2 * n_out);
        let ((z0, z1), (z2, z3)) = (z01.split_at_mut(n_out), z23.split_at_mut(n_out));
        for ((((wt_row, &x0), &x1), &x2), &x3) in
            wt.chunks_exact(n_out).zip(a0).zip(a1).zip(a2).zip(a3)
        {
            for ((((&wv, y0), y1), y2), y3) in wt_row
                .iter()
                .zip(z0.iter_mut())
                .zip(z1.iter_mut())
                .zip(z2.iter_mut())
                .zip(z3.iter_mut())
            {
                *y0 += x0 * wv;
                *y1 += x1 * wv;
                *y2 += x2 * wv;
                *y3 += x3 * wv;
            }
        }
        for z_row in [z0, z1, z2, z3] {
            add_bias(z_row);
        }
    }
    let z_rest = z_blocks.into_remainder();
    for (a_row, z_row) in a_rest
        .chunks_exact(n_in)
        .zip(z_rest.chunks_exact_mut(n_out))
    {
        z_row.iter_mut().for_each(|v| *v = 0.0);
        for (&x, wt_row) in a_row.iter().zip(wt.chunks_exact(n_out)) {
            axpy(z_row, x, wt_row);
        }
        add_bias(z_row);
    }
}

/// gW += dZᵀ a and gb += Σ dZ over the rows, four rows at a time (each weight-gradient row is
/// loaded once per four rows); rows whose four gradients are all 0 (dead ReLUs) are skipped.
fn accumulate_weight_grads(
    delta: &[f64],
    input: &[f64],
    n_in: usize,
    n_out: usize,
    gw: &mut [f64],
    gb: &mut [f64],
) {
    let (n_in, n_out) = (n_in.max(1), n_out.max(1));
    let d_blocks = delta.chunks_exact(4 * n_out);
    let d_rest = d_blocks.remainder();
    let a_blocks = input.chunks_exact(4 * n_in);
    let a_rest = a_blocks.remainder();
    for (d4, a4) in d_blocks.zip(a_blocks) {
        let (a01, a23) = a4.split_at(2 * n_in);
        let ((a0, a1), (a2, a3)) = (a01.split_at(n_in), a23.split_at(n_in));
        let (d01, d23) = d4.split_at(2 * n_out);
        let ((d0, d1), (d2, d3)) = (d01.split_at(n_out), d23.split_at(n_out));
        let rows = d0.iter().zip(d1).zip(d2).zip(d3);
        for ((((&g0, &g1), &g2), &g3), (gw_row, gb_o)) in
            rows.zip(gw.chunks_exact_mut(n_in).zip(gb.iter_mut()))
        {
            if g0 == 0.0 && g1 == 0.0 && g2 == 0.0 && g3 == 0.0 {
                continue;
            }
            *gb_o += ((g0 + g1) + g2) + g3;
            for ((((y, &x0), &x1), &x2), &x3) in gw_row.iter_mut().zip(a0).zip(a1).zip(a2).zip(a3) {
                *y += ((g0 * x0 + g1 * x1) + g2 * x2) + g3 * x3;
            }
        }
    }
    for (dz, a) in d_rest.chunks_exact(n_out).zip(a_rest.chunks_exact(n_in)) {
        for ((&g, gw_row), gb_o) in dz.iter().zip(gw.chunks_exact_mut(n_in)).zip(gb.iter_mut()) {
            if g != 0.0 {
                *gb_o += g;
                axpy(gw_row, g, a);
            }
        }
    }
}

/// dA = dZ W for every row, four output units at a time (each row of dA is loaded once per four).
fn propagate_to_inputs(delta: &[f64], w: &[f64], n_in: usize, n_out: usize, next: &mut [f64]) {
    let (n_in, n_out) = (n_in.max(1), n_out.max(1));
    for (dz, da) in delta.chunks_exact(n_out).zip(next.chunks_exact_mut(n_in)) {
        da.iter_mut().for_each(|v| *v = 0.0);
        let g_blocks = dz.chunks_exact(4);
        let g_rest = g_blocks.remainder();
        let w_blocks = w.chunks_exact(4 * n_in);
        let w_rest = w_blocks.remainder();
        for (g4, w4) in g_blocks.zip(w_blocks) {
            let &[g0, g1, g2, g3] = g4 else {
                continue;
            };
            if g0 == 0.0 && g1 == 0.0 && g2 == 0.0 && g3 == 0.0 {
                continue;
            }
            let (w01, w23) = w4.split_at(2 * n_in);
            let ((w0, w1), (w2, w3)) = (w01.split_at(n_in), w23.split_at(n_in));
            for ((((y, &x0), &x1), &x2), &x3) in da.iter_mut().zip(w0).zip(w1).zip(w2).zip(w3) {
                *y += ((g0 * x0 + g1 * x1) + g2 * x2) + g3 * x3;
            }
        }
        for (&g, w_row) in g_rest.iter().zip(w_rest.chunks_exact(n_in)) {
            if g != 0.0 {
                axpy(da, g, w_row);
            }
        }
    }
}

/// y += g x.
#[inline]
fn axpy(y: &mut [f64], g: f64, x: &[f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += g * x;
    }
}

/// `F.mse_loss(out, target)` (mean over every element) and its gradient with respect to `out`.
pub fn mse(out: &[f64], target: &[f64], grad: &mut [f64]) -> f64 {
    if out.len() != target.len() || out.is_empty() {
        return f64::NAN;
    }
    let scale = 1.0 / out.len() as f64;
    let mut sum = 0.0;
    for ((g, &y), &t) in grad.iter_mut().zip(out).zip(target) {
        let d = y - t;
        sum += d * d;
        *g = 2.0 * d * scale;
    }
    sum * scale
}

/// `F.cross_entropy(logits, labels)` (rows × classes logits, mean over rows) and its gradient with
/// respect to the logits: (softmax − one-hot) / rows. NaN for a label out of range.
pub fn cross_entropy(logits: &[f64], labels: &[usize], classes: usize, grad: &mut [f64]) -> f64 {
    let rows = labels.len();
    if classes == 0 || rows == 0 || logits.len() != rows * classes {
        return f64::NAN;
    }
    let scale = 1.0 / rows as f64;
    let mut sum = 0.0;
    for ((z, g), &label) in logits
        .chunks_exact(classes)
        .zip(grad.chunks_exact_mut(classes))
        .zip(labels)
    {
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = z.iter().map(|&v| (v - max).exp()).sum();
        let log_total = total.ln();
        match z.get(label) {
            Some(&zt) => sum += log_total - (zt - max),
            None => return f64::NAN,
        }
        for (k, (g, &v)) in g.iter_mut().zip(z).enumerate() {
            let p = (v - max - log_total).exp();
            let onehot = if k == label { 1.0 } else { 0.0 };
            *g = (p - onehot) * scale;
        }
    }
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dot-product form `bias + Σᵢ aᵢ wᵢ` (summed in input order from 0), per row and output.
    fn reference(a: &[f64], n_in: usize, w: &[f64], b: &[f64], n_out: usize) -> Vec<f64> {
        let mut z = Vec::new();
        for a_row in a.chunks_exact(n_in) {
            for (w_row, &bias) in w.chunks_exact(n_in).zip(b).take(n_out) {
                let mut s = 0.0;
                for (&x, &wi) in a_row.iter().zip(w_row) {
                    s += x * wi;
                }
                z.push(bias + s);
            }
        }
        z
    }

    #[test]
    fn linear_forward_equals_the_dot_product_form_to_the_bit() {
        // Awkward values (signed zeros, wide magnitudes, non-associative sums) and sizes that
        // leave remainders after the blocks of four rows.
        let value = |k: usize| {
            let t = (k as f64 * 0.618_033_988_749_895).fract() - 0.5;
            match k % 7 {
                0 => -0.0,
                1 => t * 1e8,
                2 => t * 1e-8,
                _ => t,
            }
        };
        for &(rows, n_in, n_out) in &[
            (1, 1, 1),
            (3, 2, 5),
            (4, 2, 64),
            (7, 64, 64),
            (9, 64, 2),
            (13, 5, 3),
        ] {
            let a: Vec<f64> = (0..rows * n_in).map(value).collect();
            let w: Vec<f64> = (0..n_in * n_out).map(|k| value(k + 1000)).collect();
            let b: Vec<f64> = (0..n_out).map(|k| value(k + 77)).collect();
            let mut z = vec![f64::NAN; rows * n_out];
            let mut scratch = Vec::new();
            linear_forward(&a, n_in, &w, &b, n_out, &mut z, &mut scratch);
            let want = reference(&a, n_in, &w, &b, n_out);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&z), bits(&want), "{rows}x{n_in} -> {n_out}");
        }
    }
}
