//! A minimal dense float64 tensor: a shape and row-major data. Enough for the losses' batches and the
//! harness's nested arrays; not a general array library.

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

impl Tensor {
    pub fn new(shape: Vec<usize>, data: Vec<f64>) -> Result<Tensor> {
        let n: usize = shape.iter().product();
        if n != data.len() {
            return Err(Error::Shape(format!(
                "shape {shape:?} needs {n} values, got {}",
                data.len()
            )));
        }
        Ok(Tensor { shape, data })
    }

    /// A 0-d tensor.
    pub fn scalar(v: f64) -> Tensor {
        Tensor {
            shape: Vec::new(),
            data: vec![v],
        }
    }

    pub fn vector(data: Vec<f64>) -> Tensor {
        Tensor {
            shape: vec![data.len()],
            data,
        }
    }

    /// A tensor of this one's shape holding `data` (a gradient with respect to it, an
    /// unreduced loss), which must have as many values.
    pub fn like(&self, data: Vec<f64>) -> Tensor {
        debug_assert_eq!(data.len(), self.numel());
        Tensor {
            shape: self.shape.clone(),
            data,
        }
    }

    pub fn full(shape: &[usize], v: f64) -> Tensor {
        Tensor {
            shape: shape.to_vec(),
            data: vec![v; shape.iter().product()],
        }
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn numel(&self) -> usize {
        self.data.len()
    }

    /// The size of dimension `d` (negative counts from the end), as PyTorch's `size(d)`.
    pub fn size(&self, d: i64) -> Result<usize> {
        let d = normalize_dim(d, self.ndim())?;
        Ok(if self.ndim() == 0 { 1 } else { self.shape[d] })
    }

    pub fn map(&self, f: impl Fn(f64) -> f64) -> Tensor {
        self.like(self.data.iter().map(|&x| f(x)).collect())
    }

    /// (outer, size, inner) for iterating along dimension `dim` of this shape.
    pub fn split_at_dim(&self, dim: usize) -> (usize, usize, usize) {
        if self.ndim() == 0 {
            return (1, 1, 1);
        }
        let outer = self.shape[..dim].iter().product();
        let inner = self.shape[dim + 1..].iter().product();
        (outer, self.shape[dim], inner)
    }
}

/// PyTorch's `maybe_wrap_dim`: `dim` in `[-ndim, ndim)` (a 0-d tensor accepts -1 and 0).
pub fn normalize_dim(dim: i64, ndim: usize) -> Result<usize> {
    let n = ndim.max(1) as i64;
    if dim < -n || dim >= n {
        return Err(Error::Shape(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {dim})",
            -n,
            n - 1
        )));
    }
    Ok(if dim < 0 {
        (dim + n) as usize
    } else {
        dim as usize
    })
}

/// The broadcast shape of two shapes, by NumPy/PyTorch rules.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
        let da = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let db = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                return Err(Error::Shape(format!(
                    "The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}"
                )))
            }
        };
    }
    Ok(out)
}

/// The index into a tensor of shape `from` of every element of the broadcast shape `to`.
pub fn broadcast_index(from: &[usize], to: &[usize]) -> Vec<usize> {
    let total: usize = to.iter().product();
    let offset = to.len() - from.len();
    // Strides of `from`, zero where it is broadcast.
    let mut strides = vec![0usize; to.len()];
    let mut s = 1;
    for i in (0..from.len()).rev() {
        strides[i + offset] = if from[i] == 1 { 0 } else { s };
        s *= from[i];
    }
    let mut idx = vec![0usize; to.len()];
    let mut out = Vec::with_capacity(total);
    for _ in 0..total {
        out.push(idx.iter().zip(&strides).map(|(i, s)| i * s).sum());
        for d in (0..to.len()).rev() {
            idx[d] += 1;
            if idx[d] < to[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}

/// `t` expanded to `shape` (which must be a broadcast of its shape).
pub fn expand(t: &Tensor, shape: &[usize]) -> Vec<f64> {
    if t.shape == shape {
        return t.data.clone();
    }
    broadcast_index(&t.shape, shape)
        .into_iter()
        .map(|i| t.data[i])
        .collect()
}

/// The gradient of an expanded tensor summed back to the original shape.
pub fn sum_to(grad: &[f64], expanded: &[usize], shape: &[usize]) -> Tensor {
    if expanded == shape {
        return Tensor {
            shape: shape.to_vec(),
            data: grad.to_vec(),
        };
    }
    let mut out = vec![0.0; shape.iter().product()];
    for (g, i) in grad.iter().zip(broadcast_index(shape, expanded)) {
        out[i] += g;
    }
    Tensor {
        shape: shape.to_vec(),
        data: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting() {
        assert_eq!(broadcast_shapes(&[3, 1], &[4]).ok(), Some(vec![3, 4]));
        assert!(broadcast_shapes(&[3], &[4]).is_err());
        let t = Tensor::vector(vec![1.0, 2.0]);
        assert_eq!(expand(&t, &[2, 2]), vec![1.0, 2.0, 1.0, 2.0]);
        let back = sum_to(&[1.0, 2.0, 3.0, 4.0], &[2, 2], &[2]);
        assert_eq!(back.data, vec![4.0, 6.0]);
        assert_eq!(normalize_dim(-1, 2).ok(), Some(1));
        assert!(normalize_dim(2, 2).is_err());
    }
}
