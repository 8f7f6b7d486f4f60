//! Activation and loss functions with their gradients, exact to PyTorch (float64).
#![forbid(unsafe_code)]
