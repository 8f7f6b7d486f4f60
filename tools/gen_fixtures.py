#!/usr/bin/env python3
"""Generate the PyTorch reference fixtures for the `nnfunc` crate.

Writes ``crates/nnfunc/tests/fixtures/pytorch.jsonl`` (one JSON object per line): the
``nnfunc-eval`` harness input (``id``, ``fn``, ``params``, ``inputs``, ``wrt``, optional
``grad_output``) plus ``expect``: ``{"output": ..., "grad": {...}}`` or ``{"error": "..."}``.

Every case is written to JSON, read back, and only then evaluated by PyTorch (float64 tensors,
int64 class targets), so the expectation is computed from exactly the numbers in the file.
The generator is deterministic (fixed per-function seeds, one thread) and prints a count per
function at the end. CI never runs this: the fixtures are committed.

Usage: /opt/torch-venv/bin/python tools/gen_fixtures.py [--out PATH]
"""

import argparse
import collections
import json
import math
import os
import sys
import warnings
import zlib

warnings.simplefilter("ignore")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

warnings.simplefilter("ignore")
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

F64 = torch.float64
INF = float("inf")
NAN = float("nan")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "crates", "nnfunc", "tests", "fixtures", "pytorch.jsonl")

# --------------------------------------------------------------------------------------------
# Functions that are not in torch.nn.functional, written with torch ops (autograd does the rest).


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_number(fn, name, v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"{fn}(): argument '{name}' must be Number, not {type(v).__name__}")


def linear(input, c=1.0):
    """Linear activation of the lecture: c * x."""
    _check_number("linear", "c", c)
    return c * input


def sine(input, omega_0=30.0):
    """SIREN activation: sin(omega_0 * x)."""
    _check_number("sine", "omega_0", omega_0)
    return torch.sin(omega_0 * input)


def ratio_loss(anchor, positive, negative, reduction="mean"):
    """Ratio loss of Balntas et al. (BMVC 2016), PN-Net.

    d+ = ||a - p||_2, d- = ||a - n||_2 along the last dim (plain L2, no eps);
    (s0, s1) = softmax([d+, d-]); loss = s0^2 + (1 - s1)^2 per triplet; then the reduction.
    Inputs must be 1-D (one triplet) or 2-D (a batch) and all three of the same shape.
    """
    _check_reduction(reduction)
    if not (anchor.shape == positive.shape == negative.shape):
        raise ValueError(
            "ratio_loss: anchor, positive and negative must have the same shape, but got "
            f"{list(anchor.shape)}, {list(positive.shape)} and {list(negative.shape)}"
        )
    if anchor.dim() not in (1, 2):
        raise ValueError(f"ratio_loss: expected 1-D or 2-D inputs, but got {anchor.dim()}-D")
    d_pos = torch.linalg.vector_norm(anchor - positive, 2, dim=-1)
    d_neg = torch.linalg.vector_norm(anchor - negative, 2, dim=-1)
    s = torch.softmax(torch.stack([d_pos, d_neg], dim=-1), dim=-1)
    loss = s[..., 0] ** 2 + (1.0 - s[..., 1]) ** 2
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    """F.triplet_margin_with_distance_loss with its distance named: "pairwise_distance" (or
    omitted: PyTorch's default, torch.pairwise_distance) or "cosine_distance", the documented
    ``lambda x, y: 1.0 - F.cosine_similarity(x, y)``."""
    named = {"pairwise_distance": None,
             "cosine_distance": lambda x, y: 1.0 - F.cosine_similarity(x, y)}
    if distance_function is not None and distance_function not in named:
        raise ValueError(f"unknown distance_function {distance_function!r}")
    return F.triplet_margin_with_distance_loss(
        anchor, positive, negative, distance_function=named.get(distance_function),
        margin=margin, swap=swap, reduction=reduction)


FUNCS = {
    # activations
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,
    "prelu": F.prelu,
    "softplus": F.softplus,
    "elu": F.elu,
    "celu": F.celu,
    "selu": F.selu,
    "gelu": F.gelu,
    "relu6": F.relu6,
    "logsigmoid": F.logsigmoid,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": F.softmax,
    "softmin": F.softmin,
    "log_softmax": F.log_softmax,
    "hardtanh": F.hardtanh,
    "hardswish": F.hardswish,
    "hardsigmoid": F.hardsigmoid,
    "silu": F.silu,
    "mish": F.mish,
    "softsign": F.softsign,
    "tanhshrink": F.tanhshrink,
    "softshrink": F.softshrink,
    "hardshrink": F.hardshrink,
    "threshold": F.threshold,
    "rrelu": F.rrelu,
    "glu": F.glu,
    "linear": linear,
    "sine": sine,
    # losses
    "mse_loss": F.mse_loss,
    "l1_loss": F.l1_loss,
    "smooth_l1_loss": F.smooth_l1_loss,
    "huber_loss": F.huber_loss,
    "nll_loss": F.nll_loss,
    "cross_entropy": F.cross_entropy,
    "binary_cross_entropy": F.binary_cross_entropy,
    "binary_cross_entropy_with_logits": F.binary_cross_entropy_with_logits,
    "soft_margin_loss": F.soft_margin_loss,
    "multilabel_soft_margin_loss": F.multilabel_soft_margin_loss,
    "multi_margin_loss": F.multi_margin_loss,
    "ctc_loss": F.ctc_loss,
    "multilabel_margin_loss": F.multilabel_margin_loss,
    "kl_div": F.kl_div,
    "poisson_nll_loss": F.poisson_nll_loss,
    "gaussian_nll_loss": F.gaussian_nll_loss,
    "margin_ranking_loss": F.margin_ranking_loss,
    "hinge_embedding_loss": F.hinge_embedding_loss,
    "triplet_margin_loss": F.triplet_margin_loss,
    "triplet_margin_with_distance_loss": triplet_margin_with_distance_loss,
    "cosine_embedding_loss": F.cosine_embedding_loss,
    "ratio_loss": ratio_loss,
}

TENSOR_PARAMS = ("weight", "pos_weight")


class HarnessError(Exception):
    """An error only the harness can raise (torch never sees the case)."""


# --------------------------------------------------------------------------------------------
# Evaluation


def _is_int_tree(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, list):
        return len(v) > 0 and all(_is_int_tree(x) for x in v)
    return False


def _to_tensor(v, requires_grad=False):
    t = torch.tensor(v, dtype=torch.int64) if _is_int_tree(v) else torch.tensor(v, dtype=F64)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _to_json(t):
    t = t.detach()
    return t.item() if t.dim() == 0 else t.tolist()


def _first_line(e):
    msg = str(e).strip()
    if isinstance(e, KeyError) and msg.startswith("'"):
        msg = msg.strip("'")
    return msg.splitlines()[0] if msg else type(e).__name__


def evaluate(case):
    """Evaluate a (JSON round-tripped) case. Returns (expect, wrt actually kept)."""
    fn = FUNCS.get(case["fn"])
    if fn is None:
        return {"error": "unknown function"}, case.get("wrt", [])
    params = dict(case.get("params", {}))
    inputs = case.get("inputs", {})
    wrt = list(case.get("wrt", []))
    try:
        for name in wrt:
            if name not in inputs and not (name in TENSOR_PARAMS and name in params):
                raise HarnessError(f"wrt names unknown input '{name}'")
        kwargs = {}
        leaves = {}
        for name, v in inputs.items():
            t = _to_tensor(v, requires_grad=name in wrt)
            kwargs[name] = t
            leaves[name] = t
        for name, v in params.items():
            if name in TENSOR_PARAMS and isinstance(v, (int, float, list)) and not isinstance(v, bool):
                t = _to_tensor(v, requires_grad=name in wrt)
                params[name] = t
                leaves[name] = t
        kwargs.update(params)
        out = fn(**kwargs)
        expect = {"output": _to_json(out)}
        wanted = [n for n in wrt]
        grads = {}
        kept = []
        if wanted and out.requires_grad:
            if "grad_output" in case:
                go = torch.tensor(case["grad_output"], dtype=F64)
            else:
                go = torch.ones_like(out)
            gs = torch.autograd.grad(out, [leaves[n] for n in wanted], grad_outputs=go,
                                     allow_unused=True)
            for n, g in zip(wanted, gs):
                if g is not None:
                    grads[n] = _to_json(g)
                    kept.append(n)
        elif "grad_output" in case:
            # grad_output is still validated by autograd semantics: shape must match
            go = torch.tensor(case["grad_output"], dtype=F64)
            if go.shape != out.shape:
                raise RuntimeError("Mismatch in shape: grad_output and output shapes differ")
        expect["grad"] = grads
        return expect, kept
    except Exception as e:  # torch refuses the case
        return {"error": _first_line(e)}, wrt


# --------------------------------------------------------------------------------------------
# Case collection

CASES = []
IDS = set()


def rng(name):
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode()))
    return g


def randn(g, shape, scale=1.0, shift=0.0):
    return (torch.randn(shape, generator=g, dtype=F64) * scale + shift).tolist()


def rand(g, shape, lo=0.0, hi=1.0):
    return (torch.rand(shape, generator=g, dtype=F64) * (hi - lo) + lo).tolist()


def randint(g, shape, hi):
    return torch.randint(0, hi, shape, generator=g).tolist()


def probs(g, shape, dim=-1, scale=1.5):
    return torch.softmax(torch.randn(shape, generator=g, dtype=F64) * scale, dim=dim).tolist()


def logprobs(g, shape, dim=-1, scale=1.5):
    return torch.log_softmax(torch.randn(shape, generator=g, dtype=F64) * scale, dim=dim).tolist()


def shape_of(v):
    s = []
    while isinstance(v, list):
        s.append(len(v))
        v = v[0] if v else None
    return tuple(s)


def pstr(params):
    if not params:
        return "default"
    parts = []
    for k, v in params.items():
        if isinstance(v, list):
            v = "[" + ",".join(repr(x) for x in v) + "]" if len(v) <= 4 else f"[{len(v)}]"
        parts.append(f"{k}={v}")
    return ",".join(parts)


def add(cid, fn, inputs, params=None, wrt=None, grad_output=None, error=None, no_params_key=False):
    """Register a case. error=True: torch must refuse it; error=str: harness-only error text."""
    if cid in IDS:
        raise SystemExit(f"duplicate id {cid}")
    IDS.add(cid)
    case = {"id": cid, "fn": fn}
    if not no_params_key:
        case["params"] = params or {}
    case["inputs"] = inputs
    if wrt is None:
        wrt = [n for n, v in inputs.items() if not _is_int_tree(v)]
        if fn == "prelu" and "weight" in (params or {}):
            wrt.append("weight")
    case["wrt"] = wrt
    if grad_output is not None:
        case["grad_output"] = grad_output
    # round-trip through JSON so the expectation is computed from exactly what is written
    text = json.dumps(case, allow_nan=True)
    loaded = json.loads(text)
    if isinstance(error, str):
        expect, kept = {"error": error}, loaded["wrt"]
    else:
        expect, kept = evaluate(loaded)
        got_err = "error" in expect
        if bool(error) != got_err:
            raise SystemExit(f"case {cid}: expected {'an error' if error else 'success'}, got {expect}")
    loaded["wrt"] = kept
    loaded["expect"] = expect
    CASES.append(loaded)


def nudge(x, direction):
    return math.nextafter(x, INF if direction > 0 else -INF)


def around(*points):
    out = []
    for p in points:
        out += [nudge(p, -1), p, nudge(p, 1)]
    return out


def uniq(xs):
    seen, out = set(), []
    for x in xs:
        key = (x, math.copysign(1.0, x))
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


GRID = [i * 0.25 for i in range(-24, 25)]
EXTREMES = [-1e3, -800.0, -50.0, -20.0, -3.0, -1.0, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1.0,
            3.0, 20.0, 50.0, 800.0, 1e3]

# --------------------------------------------------------------------------------------------
# Activations


def elementwise(fn, param_sets, kinks=lambda p: [], extra_defaults=True):
    g = rng(fn)
    for i, p in enumerate(param_sets):
        ps = pstr(p)
        xs = uniq(EXTREMES + kinks(p))
        add(f"{fn}/{ps}/extremes_kinks", fn, {"input": xs}, p)
        add(f"{fn}/{ps}/grid_-6_6", fn, {"input": GRID}, p)
        add(f"{fn}/{ps}/randn_3x4_gradout", fn, {"input": randn(g, (3, 4), 3.0)}, p,
            grad_output=randn(g, (3, 4)))
        if i == 0 and extra_defaults:
            add(f"{fn}/{ps}/scalar_neg", fn, {"input": -1.25}, p)
            add(f"{fn}/{ps}/scalar_pos_gradout", fn, {"input": 0.75}, p, grad_output=2.5)
            add(f"{fn}/{ps}/randn_1d", fn, {"input": randn(g, (9,), 2.0)}, p)
            add(f"{fn}/{ps}/randn_2x3x4", fn, {"input": randn(g, (2, 3, 4), 2.0)}, p)
            add(f"{fn}/{ps}/small_1e-3", fn, {"input": randn(g, (6,), 1e-3)}, p)


def activations():
    elementwise("relu", [{}], lambda p: around(0.0))
    add("relu/default/no_params_key", "relu", {"input": [-1.0, 0.0, 2.0]}, no_params_key=True)

    elementwise("leaky_relu",
                [{}, {"negative_slope": 0.01}, {"negative_slope": 0.2}, {"negative_slope": 0.0},
                 {"negative_slope": -0.5}, {"negative_slope": 1.0}, {"negative_slope": 2.0},
                 {"negative_slope": 1e-300}],
                lambda p: around(0.0))
    add("leaky_relu/negative_slope=int1", "leaky_relu", {"input": [-2.0, 0.0, 3.0]},
        {"negative_slope": 1})

    # prelu: weight is required (0-d or 1-D; one per channel, channel dim = 1)
    g = rng("prelu")
    pts = uniq(EXTREMES + around(0.0))
    for w in [0.25, 0.0, -0.5, 1.0, 2.0]:
        add(f"prelu/weight={w}/0d_weight/extremes", "prelu", {"input": pts}, {"weight": w})
    add("prelu/weight=[0.25]/1elem_weight/extremes", "prelu", {"input": pts}, {"weight": [0.25]})
    add("prelu/weight=0.25/scalar_input", "prelu", {"input": -2.0}, {"weight": 0.25})
    add("prelu/weight=[0.1]/scalar_input", "prelu", {"input": -2.0}, {"weight": [0.1]})
    add("prelu/weight=0.25/input_NC", "prelu", {"input": randn(g, (4, 3), 2.0)}, {"weight": 0.25},
        grad_output=randn(g, (4, 3)))
    add("prelu/weight=per_channel/input_NC", "prelu", {"input": randn(g, (4, 3), 2.0)},
        {"weight": [0.1, -0.3, 0.5]})
    add("prelu/weight=per_channel/input_NC_gradout", "prelu", {"input": randn(g, (4, 3), 2.0)},
        {"weight": [0.2, 0.0, 1.5]}, grad_output=randn(g, (4, 3)))
    add("prelu/weight=per_channel/input_NCL", "prelu", {"input": randn(g, (2, 3, 4), 2.0)},
        {"weight": [0.1, 0.25, -0.2]})
    add("prelu/weight=per_channel/input_NCHW", "prelu", {"input": randn(g, (2, 2, 2, 3), 2.0)},
        {"weight": [0.3, 0.05]})
    add("prelu/weight=[0.25]/input_NCL", "prelu", {"input": randn(g, (2, 3, 4), 2.0)},
        {"weight": [0.25]})
    add("prelu/weight=per_channel/kinks_NC", "prelu",
        {"input": [[0.0, -0.0, 1e-300], [-1e-300, 0.0, -1.0]]}, {"weight": [0.1, 0.2, 0.3]})
    add("prelu/weight=per_channel/wrt_input_only", "prelu", {"input": randn(g, (3, 2))},
        {"weight": [0.1, 0.2]}, wrt=["input"])
    add("prelu/weight=per_channel/wrt_weight_only", "prelu", {"input": randn(g, (3, 2))},
        {"weight": [0.1, 0.2]}, wrt=["weight"])
    add("prelu/error/weight_len_ne_channels", "prelu", {"input": randn(g, (2, 3))},
        {"weight": [0.1, 0.2]}, error=True)
    add("prelu/error/1d_input_weight_len3", "prelu", {"input": [-1.0, 0.0, 1.0]},
        {"weight": [0.1, 0.2, 0.3]}, error=True)
    add("prelu/error/weight_2d", "prelu", {"input": randn(g, (2, 3))},
        {"weight": [[0.1, 0.2, 0.3]]}, error=True)
    add("prelu/error/scalar_input_weight_len2", "prelu", {"input": -1.0}, {"weight": [0.1, 0.2]},
        error=True)
    add("prelu/error/missing_weight", "prelu", {"input": [-1.0, 1.0]}, {}, error=True)

    def softplus_kinks(p):
        beta, th = p.get("beta", 1.0), p.get("threshold", 20.0)
        if beta == 0:
            return []
        return around(th / beta) + [0.5 * th / beta, 2.0 * th / beta]

    elementwise("softplus",
                [{}, {"beta": 1.0}, {"beta": 0.5}, {"beta": 2.0}, {"beta": 10.0},
                 {"threshold": 5.0}, {"beta": 2.0, "threshold": 5.0},
                 {"beta": 4.0, "threshold": 1.0}, {"threshold": 0.0}, {"threshold": -1.0},
                 {"beta": -1.0}, {"beta": -2.0, "threshold": 3.0}, {"beta": 0.0},
                 {"beta": 1e-3}, {"threshold": 100.0}],
                softplus_kinks)
    add("softplus/default/large_x", "softplus", {"input": [19.0, 19.999999, 20.0, 20.000001, 21.0,
                                                           30.0, 36.0, 37.0, 40.0, 709.0, 710.0, 1e3,
                                                           1e300]})
    add("softplus/threshold=1000/large_x", "softplus", {"input": [30.0, 37.0, 40.0, 709.0, 710.0]},
        {"threshold": 1000.0})

    elu_k = lambda p: around(0.0)  # noqa: E731
    elementwise("elu", [{}, {"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 2.0}, {"alpha": 0.0},
                        {"alpha": -1.0}], elu_k)
    elementwise("celu", [{}, {"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 2.0}, {"alpha": -1.0},
                         {"alpha": 1e-3}], elu_k)
    add("celu/error/alpha=0", "celu", {"input": [-1.0, 0.0, 1.0]}, {"alpha": 0.0}, error=True)
    elementwise("selu", [{}], elu_k)
    elementwise("gelu", [{}, {"approximate": "none"}, {"approximate": "tanh"}],
                lambda p: around(0.0) + [-5.0, -10.0, -30.0, 5.0, 10.0])
    add("gelu/error/approximate=foo", "gelu", {"input": [0.0, 1.0]}, {"approximate": "foo"},
        error=True)
    elementwise("relu6", [{}], lambda p: around(0.0, 6.0))
    elementwise("logsigmoid", [{}], lambda p: [-800.0, 800.0, -1e3, 1e3, -36.0, 36.0, -40.0, 40.0])
    elementwise("sigmoid", [{}], lambda p: [-36.0, 36.0, -40.0, 40.0, -710.0, 710.0])
    elementwise("tanh", [{}], lambda p: [-19.0, 19.0, -25.0, 25.0, 1e-8, -1e-8])

    def hardtanh_kinks(p):
        return around(p.get("min_val", -1.0), p.get("max_val", 1.0), 0.0)

    elementwise("hardtanh",
                [{}, {"min_val": -1.0, "max_val": 1.0}, {"min_val": -2.0, "max_val": 2.0},
                 {"min_val": 0.0, "max_val": 6.0}, {"min_val": -0.5, "max_val": 0.5},
                 {"min_val": 1.0, "max_val": 1.0}, {"min_val": 0.0, "max_val": 0.0},
                 {"min_val": -3.0, "max_val": -1.0}, {"min_val": -5.0}, {"max_val": 3.0}],
                hardtanh_kinks)
    add("hardtanh/error/min_val_gt_max_val", "hardtanh", {"input": [0.0, 1.0]},
        {"min_val": 2.0, "max_val": -2.0}, error=True)
    add("hardtanh/error/min_val_gt_default_max", "hardtanh", {"input": [0.0, 1.0]},
        {"min_val": 1.5}, error=True)
    elementwise("hardswish", [{}], lambda p: around(-3.0, 0.0, 3.0))
    elementwise("hardsigmoid", [{}], lambda p: around(-3.0, 0.0, 3.0))
    elementwise("silu", [{}], lambda p: [-710.0, -40.0, 40.0])
    elementwise("mish", [{}], lambda p: [-710.0, -40.0, 40.0, 21.0])
    elementwise("softsign", [{}], lambda p: [1e300, -1e300])
    elementwise("tanhshrink", [{}], lambda p: [1e-8, -1e-8, 1e-4])

    def shrink_kinks(p):
        lam = p.get("lambd", 0.5)
        return around(lam, -lam, 0.0)

    elementwise("softshrink", [{}, {"lambd": 0.5}, {"lambd": 0.0}, {"lambd": 1.0}, {"lambd": 2.0},
                               {"lambd": 1e-300}], shrink_kinks)
    add("softshrink/error/lambd=-0.5", "softshrink", {"input": [0.0, 1.0]}, {"lambd": -0.5},
        error=True)
    elementwise("hardshrink", [{}, {"lambd": 0.5}, {"lambd": 0.0}, {"lambd": 1.0}, {"lambd": 2.0},
                               {"lambd": -0.5}], shrink_kinks)

    def th_kinks(p):
        return around(p["threshold"], 0.0)

    elementwise("threshold",
                [{"threshold": 0.0, "value": 0.0}, {"threshold": 1.0, "value": -1.0},
                 {"threshold": -1.0, "value": 5.0}, {"threshold": 0.5, "value": 0.5},
                 {"threshold": 6.0, "value": 6.0}],
                th_kinks)
    add("threshold/error/missing_threshold_and_value", "threshold", {"input": [0.0, 1.0]}, {},
        error=True)
    add("threshold/error/missing_value", "threshold", {"input": [0.0, 1.0]}, {"threshold": 0.5},
        error=True)

    elementwise("rrelu", [{}, {"lower": 0.1, "upper": 0.3}, {"lower": 0.2, "upper": 0.2},
                          {"lower": 0.0, "upper": 0.0}, {"lower": -0.5, "upper": -0.1},
                          {"lower": 0.5, "upper": 1.5}, {"lower": 0.3}, {"upper": 0.5}],
                lambda p: around(0.0))
    add("rrelu/training=False_explicit", "rrelu", {"input": [-2.0, -0.0, 0.0, 1.0]},
        {"lower": 0.1, "upper": 0.3, "training": False})
    add("rrelu/error/lower_gt_upper", "rrelu", {"input": [-1.0, 1.0]},
        {"lower": 0.5, "upper": 0.1}, error=True)
    add("rrelu/error/lower_gt_default_upper", "rrelu", {"input": [-1.0, 1.0]}, {"lower": 0.5},
        error=True)

    elementwise("linear", [{}, {"c": 1.0}, {"c": 0.0}, {"c": -2.0}, {"c": 0.5}, {"c": 1e3}])
    elementwise("sine", [{}, {"omega_0": 30.0}, {"omega_0": 1.0}, {"omega_0": 0.0},
                         {"omega_0": -2.0}, {"omega_0": 0.5}],
                lambda p: [math.pi, -math.pi, math.pi / 60, 0.1])

    # softmax family
    # With grad_output = ones the softmax/softmin gradient is identically 0 up to rounding noise
    # (the outputs sum to 1), which tests nothing: use a random grad_output almost everywhere.
    for fn in ("softmax", "softmin", "log_softmax"):
        g = rng(fn)
        shapes = {1: (5,), 2: (3, 4), 3: (2, 3, 4), 4: (2, 2, 2, 3)}

        def go(shape, d=0):
            return None if fn == "log_softmax" and d % 2 else randn(g, shape)

        for nd, shape in shapes.items():
            x = randn(g, shape, 2.0)
            add(f"{fn}/dim_omitted/{nd}d_implicit_dim", fn, {"input": x}, {}, grad_output=go(shape))
            for d in range(-nd, nd):
                add(f"{fn}/dim={d}/{nd}d", fn, {"input": x}, {"dim": d}, grad_output=go(shape, d))
        add(f"{fn}/dim_omitted/scalar", fn, {"input": 1.5}, {})
        add(f"{fn}/dim=0/scalar", fn, {"input": 1.5}, {"dim": 0}, grad_output=2.5)
        add(f"{fn}/dim=-1/scalar", fn, {"input": -0.5}, {"dim": -1})
        add(f"{fn}/dim=-1/large_1e3", fn, {"input": [1000.0, 999.0, -1000.0, 0.0]}, {"dim": -1},
            grad_output=go((4,)))
        add(f"{fn}/dim=-1/equal_large", fn, {"input": [[1e3, 1e3], [-1e3, -1e3], [800.0, -800.0]]},
            {"dim": -1}, grad_output=go((3, 2)))
        add(f"{fn}/dim=0/tiny", fn, {"input": [1e-300, -1e-300, 0.0, -0.0]}, {"dim": 0},
            grad_output=go((4,)))
        add(f"{fn}/dim=-1/neg_inf_entry", fn, {"input": [0.0, -INF, 1.0]}, {"dim": -1},
            grad_output=go((3,)))
        add(f"{fn}/dim=-1/single_element_rows", fn, {"input": [[3.0], [-2.0]]}, {"dim": -1},
            grad_output=go((2, 1)))
        add(f"{fn}/dim=1/int_param_row_gradout", fn, {"input": randn(g, (2, 5))}, {"dim": 1},
            grad_output=[[1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, -1.0, 2.0, 0.0]])
        add(f"{fn}/error/dim_out_of_range", fn, {"input": [[0.0, 1.0]]}, {"dim": 2}, error=True)
        add(f"{fn}/error/dim_out_of_range_neg", fn, {"input": [[0.0, 1.0]]}, {"dim": -3},
            error=True)
        add(f"{fn}/error/dim_string", fn, {"input": [0.0, 1.0]}, {"dim": "0"}, error=True)
        add(f"{fn}/error/dim_float", fn, {"input": [0.0, 1.0]}, {"dim": 0.0}, error=True)
    add("softmax/dim=-1/all_neg_inf_row", "softmax", {"input": [[-INF, -INF], [0.0, 1.0]]},
        {"dim": -1})
    add("log_softmax/dim=-1/all_neg_inf_row", "log_softmax", {"input": [[-INF, -INF], [0.0, 1.0]]},
        {"dim": -1})
    add("softmin/dim=-1/pos_inf_entry", "softmin", {"input": [0.0, INF, 1.0]}, {"dim": -1})


# --------------------------------------------------------------------------------------------
# Losses

REDS = [None, "none", "mean", "sum"]


def rp(params, red):
    p = dict(params)
    if red is not None:
        p["reduction"] = red
    return p


def rname(red):
    return "red_omitted" if red is None else f"red={red}"


def reduction_errors(fn, inputs, params=None, with_batchmean=True):
    params = params or {}
    add(f"{fn}/error/reduction=foo", fn, inputs, rp(params, "foo"), error=True)
    if with_batchmean:
        add(f"{fn}/error/reduction=batchmean", fn, inputs, rp(params, "batchmean"), error=True)
    add(f"{fn}/error/reduction=Mean_case", fn, inputs, rp(params, "Mean"), error=True)


def go_for(shape_out, g):
    return randn(g, shape_out) if shape_out else 2.5


def glu():
    fn = "glu"
    g = rng(fn)
    x = randn(g, (3, 4), 2.0)
    add(f"{fn}/default/2d", fn, {"input": x}, {})
    add(f"{fn}/omitted/2d", fn, {"input": x}, no_params_key=True)
    for dim in [-1, 1, 0, -2]:
        shaped = x if dim in (-1, 1) else randn(g, (4, 3), 2.0)
        add(f"{fn}/dim={dim}/2d", fn, {"input": shaped}, {"dim": dim})
    add(f"{fn}/1d", fn, {"input": randn(g, (6,), 2.0)}, {})
    add(f"{fn}/1d/pair", fn, {"input": [0.5, -1.5]}, {})
    add(f"{fn}/3d/dim=1", fn, {"input": randn(g, (2, 4, 3), 1.5)}, {"dim": 1})
    add(f"{fn}/3d/dim=-1", fn, {"input": randn(g, (2, 3, 2), 1.5)}, {"dim": -1})
    add(f"{fn}/3d/dim=0", fn, {"input": randn(g, (2, 2, 3), 1.5)}, {"dim": 0})
    add(f"{fn}/gradout", fn, {"input": x}, {}, grad_output=randn(g, (3, 2)))
    add(f"{fn}/gradout/dim=0", fn, {"input": randn(g, (4, 3), 1.0)}, {"dim": 0},
        grad_output=randn(g, (2, 3)))
    # The gate's extremes: b far negative closes it (σ → 0), far positive opens it; a or b
    # infinite or NaN, signed zeros.
    add(f"{fn}/extremes", fn, {"input": [[1.0, 2.0, 800.0, -800.0], [INF, -INF, 0.0, 0.0],
                                         [NAN, 1.0, 1.0, NAN], [0.0, -0.0, INF, -INF],
                                         [1e300, -1e300, 40.0, -40.0]]}, {})
    add(f"{fn}/empty_half", fn, {"input": [[], []]}, {"dim": -1})
    add(f"{fn}/error/odd", fn, {"input": randn(g, (2, 3), 1.0)}, {}, error=True)
    add(f"{fn}/error/odd_dim0", fn, {"input": randn(g, (3, 2), 1.0)}, {"dim": 0}, error=True)
    add(f"{fn}/error/scalar", fn, {"input": 0.5}, {}, error=True)
    add(f"{fn}/error/dim=2", fn, {"input": x}, {"dim": 2}, error=True)
    add(f"{fn}/error/dim=-3", fn, {"input": x}, {"dim": -3}, error=True)
    add(f"{fn}/error/dim_float", fn, {"input": x}, {"dim": 1.0}, error=True)
    add(f"{fn}/error/gradout_shape", fn, {"input": x}, {}, grad_output=randn(g, (3, 4)),
        error=True)


def regression(fn, pname=None, pvals=(), kink_d=None):
    g = rng(fn)
    for red in REDS:
        for shape in [(), (5,), (3, 4), (2, 2, 3)]:
            x = randn(g, shape, 2.0) if shape else 1.75
            y = randn(g, shape, 2.0) if shape else -0.5
            add(f"{fn}/{rname(red)}/shape={'x'.join(map(str, shape)) or 'scalar'}", fn,
                {"input": x, "target": y}, rp({}, red))
        go = randn(g, (3, 4)) if red == "none" else 2.5
        add(f"{fn}/{rname(red)}/gradout", fn,
            {"input": randn(g, (3, 4)), "target": randn(g, (3, 4))}, rp({}, red), grad_output=go)
    add(f"{fn}/red=none/extremes", fn,
        {"input": [1e3, -1e3, 1e-300, -1e-300, 0.0, -0.0, 0.0, 5.0, 800.0],
         "target": [-1e3, 1e3, 0.0, 1e-300, 0.0, 0.0, -0.0, 5.0, -800.0]}, {"reduction": "none"})
    add(f"{fn}/red=mean/extremes", fn,
        {"input": [1e3, -1e3, 1e-300, 0.0, 5.0], "target": [-1e3, 1e3, 0.0, -0.0, 5.0]}, {})
    add(f"{fn}/red=none/equal_input_target", fn,
        {"input": [0.0, 1.5, -2.0], "target": [0.0, 1.5, -2.0]}, {"reduction": "none"})
    add(f"{fn}/red=none/wrt_input_only", fn,
        {"input": randn(g, (4,)), "target": randn(g, (4,))}, {"reduction": "none"}, wrt=["input"])
    add(f"{fn}/red=sum/wrt_target_only", fn,
        {"input": randn(g, (4,)), "target": randn(g, (4,))}, {"reduction": "sum"}, wrt=["target"])
    # broadcasting (torch warns but broadcasts for these element-wise regression losses)
    add(f"{fn}/red=none/broadcast_2x1_vs_3", fn,
        {"input": [[0.5], [-1.0]], "target": [1.0, 0.0, 3.0]}, {"reduction": "none"})
    add(f"{fn}/red=mean/broadcast_2x1_vs_3", fn,
        {"input": [[0.5], [-1.0]], "target": [1.0, 0.0, 3.0]}, {})
    add(f"{fn}/red=sum/broadcast_scalar_input", fn, {"input": 1.0, "target": [2.0, 3.0, -1.0]},
        {"reduction": "sum"})
    add(f"{fn}/red=mean/broadcast_target_1", fn, {"input": [[1.0, 2.0], [3.0, 4.0]],
                                                   "target": [0.5]}, {})
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {})
    add(f"{fn}/red=sum/empty", fn, {"input": [], "target": []}, {"reduction": "sum"})
    add(f"{fn}/red=none/empty", fn, {"input": [], "target": []}, {"reduction": "none"})
    add(f"{fn}/error/shape_mismatch_2_vs_3", fn, {"input": [1.0, 2.0], "target": [1.0, 2.0, 3.0]},
        {}, error=True)
    add(f"{fn}/error/missing_target", fn, {"input": [1.0, 2.0]}, {}, error=True)
    reduction_errors(fn, {"input": [1.0, 2.0], "target": [0.0, 1.0]})
    if pname:
        for v in pvals:
            p = {pname: v}
            d = kink_d(v)
            base = [-3.0 * d - 1.0, -d, -0.5 * d, 0.0, 0.5 * d, d, 3.0 * d + 1.0]
            xs = uniq(around(d, -d) + base + [1e3, -1e3, 1e-300])
            add(f"{fn}/{pname}={v}/kinks_target0/red=none", fn,
                {"input": xs, "target": [0.0] * len(xs)}, rp(p, "none"))
            add(f"{fn}/{pname}={v}/kinks_target0/red=mean", fn,
                {"input": xs, "target": [0.0] * len(xs)}, p)
            add(f"{fn}/{pname}={v}/kinks_shifted/red=none", fn,
                {"input": [0.25 + d, 0.25 - d, 0.0, -d, 1.5],
                 "target": [0.25, 0.25, d, 0.0, 1.5]}, rp(p, "none"))
            add(f"{fn}/{pname}={v}/randn/red=sum", fn,
                {"input": randn(g, (3, 4), 2.0), "target": randn(g, (3, 4))}, rp(p, "sum"))
            add(f"{fn}/{pname}={v}/randn/red=none_gradout", fn,
                {"input": randn(g, (6,), 2.0), "target": randn(g, (6,))}, rp(p, "none"),
                grad_output=randn(g, (6,)))
        # default-param kinks (param omitted)
        add(f"{fn}/{pname}_omitted/kinks_target0/red=none", fn,
            {"input": around(1.0, -1.0) + [0.0, 2.0], "target": [0.0] * 8}, {"reduction": "none"})


def nll_like(fn):
    g = rng(fn)
    # shapes: (C) + 0-d target, (N,C), (N,C,d1), (N,C,d1,d2)
    specs = {
        "C4": ((4,), ()),
        "N5C4": ((5, 4), (5,)),
        "N2C3d4": ((2, 3, 4), (2, 4)),
        "N2C3d2d2": ((2, 3, 2, 2), (2, 2, 2)),
    }
    data = {}
    for name, (ishape, tshape) in specs.items():
        C = ishape[0] if len(ishape) == 1 else ishape[1]
        x = logprobs(g, ishape, dim=0 if len(ishape) == 1 else 1) if fn == "nll_loss" \
            else randn(g, ishape, 2.0)
        t = randint(g, tshape, C)
        data[name] = (x, t, C, tshape)
        for red in REDS:
            add(f"{fn}/{rname(red)}/{name}", fn, {"input": x, "target": t}, rp({}, red))
        w = rand(g, (C,), 0.2, 2.0)
        for red in REDS:
            add(f"{fn}/weight/{rname(red)}/{name}", fn, {"input": x, "target": t},
                rp({"weight": w}, red))
        outshape = tshape
        add(f"{fn}/red=none/{name}/gradout", fn, {"input": x, "target": t}, {"reduction": "none"},
            grad_output=randn(g, outshape) if outshape else 2.5)
        add(f"{fn}/red=mean/{name}/gradout", fn, {"input": x, "target": t}, {}, grad_output=2.5)

    x, t, C, _ = data["N5C4"]
    t_ign = [t[0], -100, t[2], -100, t[4]]
    w = [0.5, 2.0, 1.0, 0.0]
    for red in REDS:
        add(f"{fn}/ignore_index_default/-100_present/{rname(red)}", fn,
            {"input": x, "target": t_ign}, rp({}, red))
        add(f"{fn}/ignore_index=1/{rname(red)}", fn, {"input": x, "target": [1, 0, 1, 2, 3]},
            rp({"ignore_index": 1}, red))
        add(f"{fn}/ignore_index=1/weight/{rname(red)}", fn,
            {"input": x, "target": [1, 0, 1, 2, 3]}, rp({"ignore_index": 1, "weight": w}, red))
        add(f"{fn}/all_ignored/{rname(red)}", fn, {"input": x, "target": [-100] * 5}, rp({}, red))
        add(f"{fn}/all_ignored/ignore_index=2/weight/{rname(red)}", fn,
            {"input": x, "target": [2] * 5}, rp({"ignore_index": 2, "weight": w}, red))
        add(f"{fn}/selected_weights_all_zero/{rname(red)}", fn,
            {"input": x, "target": [3, 3, 3, 3, 3]}, rp({"weight": w}, red))
    add(f"{fn}/ignore_index=-1/negative_ignored", fn, {"input": x, "target": [-1, 0, 1, -1, 2]},
        {"ignore_index": -1})
    add(f"{fn}/ignore_index=7/out_of_range_ignored", fn,
        {"input": x, "target": [7, 0, 1, 7, 2]}, {"ignore_index": 7})
    add(f"{fn}/ignore_index=0/N2C3d4", fn, {"input": data["N2C3d4"][0], "target": data["N2C3d4"][1]},
        {"ignore_index": 0})
    add(f"{fn}/ignore_index=0/weight/N2C3d4/red=sum", fn,
        {"input": data["N2C3d4"][0], "target": data["N2C3d4"][1]},
        {"ignore_index": 0, "weight": [1.0, 2.0, 3.0], "reduction": "sum"})
    add(f"{fn}/all_ignored/C4_scalar_target", fn, {"input": data["C4"][0], "target": -100}, {})
    add(f"{fn}/ignore_index=2/C4_scalar_target_ignored/red=none", fn,
        {"input": data["C4"][0], "target": 2}, {"ignore_index": 2, "reduction": "none"})
    add(f"{fn}/extremes", fn, {"input": [[1e3, -1e3, 0.0], [-1e3, 1e3, 0.0], [1e-300, -0.0, 800.0]],
                               "target": [0, 0, 2]}, {"reduction": "none"})
    add(f"{fn}/extremes/mean", fn, {"input": [[1e3, -1e3, 0.0], [-1e3, 1e3, 0.0],
                                              [1e-300, -0.0, 800.0]], "target": [0, 0, 2]}, {})
    add(f"{fn}/weight_negative", fn, {"input": x, "target": t}, {"weight": [1.0, -1.0, 0.5, 2.0]})
    add(f"{fn}/weight_C1", fn, {"input": [[0.3], [-0.2]], "target": [0, 0]},
        {"weight": [2.0]})
    add(f"{fn}/C1_single_class", fn, {"input": [[0.3], [-0.2]], "target": [0, 0]}, {})
    # errors
    add(f"{fn}/error/target_out_of_range", fn, {"input": x, "target": [0, 1, 4, 0, 1]}, {},
        error=True)
    add(f"{fn}/error/target_negative_not_ignored", fn, {"input": x, "target": [0, -1, 2, 0, 1]},
        {}, error=True)
    add(f"{fn}/error/target_out_of_range_red_none", fn, {"input": x, "target": [0, 1, 9, 0, 1]},
        {"reduction": "none"}, error=True)
    add(f"{fn}/error/scalar_target_out_of_range", fn, {"input": data["C4"][0], "target": 4}, {},
        error=True)
    add(f"{fn}/error/batch_mismatch", fn, {"input": x, "target": [0, 1, 2]}, {}, error=True)
    add(f"{fn}/error/weight_wrong_size", fn, {"input": x, "target": t},
        {"weight": [1.0, 2.0, 3.0]}, error=True)
    add(f"{fn}/error/spatial_target_shape_mismatch", fn,
        {"input": data["N2C3d4"][0], "target": [[0, 1, 2], [0, 1, 2]]}, {}, error=True)
    add(f"{fn}/error/ignore_index_float", fn, {"input": x, "target": t}, {"ignore_index": 1.0},
        error=True)
    add(f"{fn}/error/weight_string", fn, {"input": x, "target": t}, {"weight": "1.0"},
        error=True)
    reduction_errors(fn, {"input": x, "target": t})
    if fn == "nll_loss":
        add(f"{fn}/error/float_target", fn, {"input": x, "target": [0.0, 1.0, 2.0, 0.0, 1.0]}, {},
            error=True)
        add(f"{fn}/error/target_2d_for_2d_input", fn, {"input": x, "target": [[0], [1], [2], [0], [1]]},
            {}, error=True)
    add(f"{fn}/error/class_target_wrt_target", fn, {"input": x, "target": t}, {},
        wrt=["input", "target"], error=True)
    return data


def cross_entropy_extra(data):
    fn = "cross_entropy"
    g = rng("cross_entropy_extra")
    x, t, C, _ = data["N5C4"]
    w = [0.5, 2.0, 1.0, 0.25]
    t_ign = [t[0], 2, t[2], 2, t[4]]
    add(f"{fn}/error/ignore_index=2_makes_-100_out_of_bounds", fn,
        {"input": x, "target": [t[0], 2, t[2], 2, -100]}, {"ignore_index": 2}, error=True)
    for ls in [None, 0.0, 0.1, 0.5, 1.0]:
        lsp = {} if ls is None else {"label_smoothing": ls}
        lname = "ls_omitted" if ls is None else f"label_smoothing={ls}"
        for red in ["none", "mean", "sum", None]:
            add(f"{fn}/{lname}/{rname(red)}", fn, {"input": x, "target": t}, rp(lsp, red))
            add(f"{fn}/{lname}/weight/{rname(red)}", fn, {"input": x, "target": t},
                rp({**lsp, "weight": w}, red))
            add(f"{fn}/{lname}/ignore_index=2/{rname(red)}", fn, {"input": x, "target": t_ign},
                rp({**lsp, "ignore_index": 2}, red))
            add(f"{fn}/{lname}/weight/ignore_index=2/{rname(red)}", fn,
                {"input": x, "target": t_ign}, rp({**lsp, "weight": w, "ignore_index": 2}, red))
        add(f"{fn}/{lname}/all_ignored/mean", fn, {"input": x, "target": [-100] * 5}, lsp)
        add(f"{fn}/{lname}/all_ignored/sum", fn, {"input": x, "target": [-100] * 5},
            rp(lsp, "sum"))
        add(f"{fn}/{lname}/N2C3d4/weight", fn,
            {"input": data["N2C3d4"][0], "target": data["N2C3d4"][1]},
            {**lsp, "weight": [1.0, 0.5, 2.0]})
        add(f"{fn}/{lname}/C4_scalar_target", fn,
            {"input": data["C4"][0], "target": data["C4"][1]}, lsp)
        add(f"{fn}/{lname}/gradout_none", fn, {"input": x, "target": t}, rp(lsp, "none"),
            grad_output=randn(g, (5,)))
        add(f"{fn}/{lname}/weight_with_zero", fn, {"input": x, "target": t},
            {**lsp, "weight": [0.0, 1.0, 2.0, 0.0]})
    # torch accepts a negative label_smoothing and silently treats it as 0 (only > 1 is refused)
    add(f"{fn}/label_smoothing=-0.1/accepted_acts_as_0", fn, {"input": x, "target": t},
        {"label_smoothing": -0.1})
    add(f"{fn}/label_smoothing=-0.5/accepted_acts_as_0/weight", fn, {"input": x, "target": t},
        {"label_smoothing": -0.5, "weight": w, "reduction": "none"})
    add(f"{fn}/label_smoothing=-0.1/prob_target_acts_as_0", fn,
        {"input": x, "target": probs(g, (5, 4))}, {"label_smoothing": -0.1})
    add(f"{fn}/error/label_smoothing=1.5", fn, {"input": x, "target": t},
        {"label_smoothing": 1.5}, error=True)
    add(f"{fn}/label_smoothing=0.3/large_logits", fn,
        {"input": [[1e3, -1e3, 0.0], [800.0, 800.0, -800.0]], "target": [1, 2]},
        {"label_smoothing": 0.3, "reduction": "none"})
    add(f"{fn}/label_smoothing=0.2/weight/N2C3d2d2", fn,
        {"input": data["N2C3d2d2"][0], "target": data["N2C3d2d2"][1]},
        {"label_smoothing": 0.2, "weight": [2.0, 1.0, 0.5], "reduction": "none"})

    # probability (soft) targets: same shape as input, float
    soft_specs = {"C4": (4,), "N5C4": (5, 4), "N2C3d4": (2, 3, 4)}
    for name, shape in soft_specs.items():
        cdim = 0 if len(shape) == 1 else 1
        xs = randn(g, shape, 2.0)
        ts = probs(g, shape, dim=cdim)
        C = shape[cdim]
        wv = rand(g, (C,), 0.2, 2.0)
        for red in REDS:
            add(f"{fn}/prob_target/{rname(red)}/{name}", fn, {"input": xs, "target": ts},
                rp({}, red))
            add(f"{fn}/prob_target/weight/{rname(red)}/{name}", fn, {"input": xs, "target": ts},
                rp({"weight": wv}, red))
        for ls in [0.1, 0.5, 1.0]:
            add(f"{fn}/prob_target/label_smoothing={ls}/{name}", fn, {"input": xs, "target": ts},
                {"label_smoothing": ls})
            add(f"{fn}/prob_target/label_smoothing={ls}/weight/red=none/{name}", fn,
                {"input": xs, "target": ts}, {"label_smoothing": ls, "weight": wv,
                                              "reduction": "none"})
        add(f"{fn}/prob_target/red=none/gradout/{name}", fn, {"input": xs, "target": ts},
            {"reduction": "none"},
            grad_output=randn(g, shape[:cdim] + shape[cdim + 1:]) if len(shape) > 1 else 2.5)
    xs = randn(g, (3, 4))
    add(f"{fn}/prob_target/one_hot", fn,
        {"input": xs, "target": [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]},
        {"reduction": "none"})
    add(f"{fn}/prob_target/not_normalized", fn,
        {"input": xs, "target": [[2.0, 0.0, 1.0, 0.0], [0.1, 0.1, 0.1, 0.1], [-1.0, 0.5, 0.0, 3.0]]},
        {"reduction": "none"})
    add(f"{fn}/prob_target/zero_target_row", fn,
        {"input": xs, "target": [[0.0] * 4, [0.25] * 4, [0.0, 0.0, 0.0, 1.0]]}, {})
    add(f"{fn}/prob_target/large_logits", fn,
        {"input": [[1e3, -1e3, 0.0], [800.0, 800.0, -800.0]],
         "target": [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]}, {"reduction": "none"})
    add(f"{fn}/prob_target/ignore_index_explicit_default", fn,
        {"input": xs, "target": probs(g, (3, 4))}, {"ignore_index": -100})
    add(f"{fn}/prob_target/wrt_input_only", fn, {"input": xs, "target": probs(g, (3, 4))}, {},
        wrt=["input"])
    add(f"{fn}/error/prob_target_with_ignore_index", fn,
        {"input": xs, "target": probs(g, (3, 4))}, {"ignore_index": 1}, error=True)
    add(f"{fn}/error/prob_target_shape_mismatch", fn,
        {"input": xs, "target": probs(g, (3, 5))}, {}, error=True)
    add(f"{fn}/error/prob_target_batch_mismatch", fn,
        {"input": xs, "target": probs(g, (2, 4))}, {}, error=True)
    add(f"{fn}/error/float_target_class_shape", fn,
        {"input": xs, "target": [0.0, 1.0, 2.0]}, {}, error=True)
    add(f"{fn}/error/prob_target_weight_wrong_size", fn,
        {"input": xs, "target": probs(g, (3, 4))}, {"weight": [1.0, 2.0]}, error=True)


def bce():
    fn = "binary_cross_entropy"
    g = rng(fn)
    for red in REDS:
        for shape in [(), (6,), (3, 4)]:
            x = rand(g, shape, 0.02, 0.98) if shape else 0.3
            y = rand(g, shape) if shape else 0.8
            sname = "x".join(map(str, shape)) or "scalar"
            add(f"{fn}/{rname(red)}/soft_target/{sname}", fn, {"input": x, "target": y},
                rp({}, red))
        yh = [[float(v) for v in row] for row in randint(g, (3, 4), 2)]
        xh = rand(g, (3, 4), 0.02, 0.98)
        add(f"{fn}/{rname(red)}/hard_target", fn, {"input": xh, "target": yh}, rp({}, red))
        add(f"{fn}/{rname(red)}/weight_full", fn, {"input": xh, "target": yh},
            rp({"weight": rand(g, (3, 4), 0.0, 2.0)}, red))
        add(f"{fn}/{rname(red)}/weight_broadcast_last_dim", fn, {"input": xh, "target": yh},
            rp({"weight": [0.5, 1.0, 2.0, 0.0]}, red))
        add(f"{fn}/{rname(red)}/weight_0d", fn, {"input": xh, "target": yh},
            rp({"weight": 1.5}, red))
    xe = [0.0, 0.0, 1.0, 1.0, 1e-300, 1e-300, 1.0 - 2 ** -53, 1.0 - 2 ** -53, 1e-50, 1e-44, 1e-43,
          0.5, 0.5, 1e-12, 1.0 - 1e-12, 0.0, 1.0, 1e-300]
    ye = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 0.5]
    for red in ["none", "mean", "sum"]:
        add(f"{fn}/log_clamp_extremes/red={red}", fn, {"input": xe, "target": ye},
            {"reduction": red})
    add(f"{fn}/log_clamp_extremes/weight", fn, {"input": xe, "target": ye},
        {"reduction": "none", "weight": [2.0] * len(xe)})
    add(f"{fn}/red=none/gradout", fn, {"input": rand(g, (5,), 0.05, 0.95), "target": rand(g, (5,))},
        {"reduction": "none"}, grad_output=randn(g, (5,)))
    add(f"{fn}/red=mean/gradout", fn, {"input": rand(g, (5,), 0.05, 0.95), "target": rand(g, (5,))},
        {}, grad_output=-2.5)
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {})
    add(f"{fn}/wrt_input_only", fn, {"input": rand(g, (4,), 0.1, 0.9), "target": rand(g, (4,))},
        {}, wrt=["input"])
    add(f"{fn}/error/input_gt_1", fn, {"input": [0.5, 1.5], "target": [1.0, 0.0]}, {}, error=True)
    add(f"{fn}/error/input_lt_0", fn, {"input": [-0.5, 0.5], "target": [1.0, 0.0]}, {}, error=True)
    add(f"{fn}/error/input_nan", fn, {"input": [NAN, 0.5], "target": [1.0, 0.0]}, {}, error=True)
    add(f"{fn}/input_neg_zero_accepted", fn, {"input": [-0.0, 0.5], "target": [0.0, 0.0]}, {})
    add(f"{fn}/error/target_gt_1", fn, {"input": [0.5, 0.5], "target": [2.0, 0.0]}, {}, error=True)
    add(f"{fn}/error/target_lt_0", fn, {"input": [0.5, 0.5], "target": [-1.0, 0.0]}, {},
        error=True)
    add(f"{fn}/error/size_mismatch", fn, {"input": [0.5, 0.5], "target": [1.0, 0.0, 1.0]}, {},
        error=True)
    add(f"{fn}/error/size_mismatch_broadcastable", fn,
        {"input": [[0.5], [0.2]], "target": [1.0, 0.0, 1.0]}, {}, error=True)
    add(f"{fn}/error/size_mismatch_scalar_target", fn, {"input": [0.5], "target": 1.0}, {},
        error=True)
    add(f"{fn}/error/weight_not_broadcastable", fn,
        {"input": [[0.5, 0.1]], "target": [[1.0, 0.0]]}, {"weight": [1.0, 2.0, 3.0]}, error=True)
    reduction_errors(fn, {"input": [0.5, 0.2], "target": [1.0, 0.0]})


def bce_logits():
    fn = "binary_cross_entropy_with_logits"
    g = rng(fn)
    x = randn(g, (3, 4), 3.0)
    y = rand(g, (3, 4))
    yh = [[float(v) for v in row] for row in randint(g, (3, 4), 2)]
    for red in REDS:
        add(f"{fn}/{rname(red)}/soft_target", fn, {"input": x, "target": y}, rp({}, red))
        add(f"{fn}/{rname(red)}/hard_target", fn, {"input": x, "target": yh}, rp({}, red))
        add(f"{fn}/{rname(red)}/scalar", fn, {"input": -0.7, "target": 1.0}, rp({}, red))
        add(f"{fn}/{rname(red)}/1d", fn, {"input": randn(g, (6,), 2.0), "target": rand(g, (6,))},
            rp({}, red))
        add(f"{fn}/{rname(red)}/weight_full", fn, {"input": x, "target": y},
            rp({"weight": rand(g, (3, 4), 0.0, 2.0)}, red))
        add(f"{fn}/{rname(red)}/weight_last_dim", fn, {"input": x, "target": yh},
            rp({"weight": [1.0, 0.5, 0.0, 2.0]}, red))
        add(f"{fn}/{rname(red)}/pos_weight_per_class", fn, {"input": x, "target": y},
            rp({"pos_weight": [1.0, 2.0, 0.5, 0.0]}, red))
        add(f"{fn}/{rname(red)}/pos_weight_and_weight", fn, {"input": x, "target": y},
            rp({"pos_weight": [3.0, 1.0, 0.25, 2.0], "weight": [1.0, 0.5, 2.0, 1.5]}, red))
    for pw in [1.0, 3.0, 0.0, 0.5]:
        add(f"{fn}/pos_weight={pw}_0d/red=none", fn, {"input": x, "target": y},
            {"pos_weight": pw, "reduction": "none"})
    add(f"{fn}/pos_weight_full_shape", fn, {"input": x, "target": y},
        {"pos_weight": rand(g, (3, 4), 0.0, 3.0)})
    xe = [800.0, -800.0, 1e3, -1e3, 800.0, -800.0, 0.0, -0.0, 1e-300, 36.0, -36.0, 40.0, -40.0,
          710.0, -710.0, 0.0]
    ye = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 0.5, 0.0, 1.0, 0.5]
    for red in ["none", "mean", "sum"]:
        add(f"{fn}/extremes/red={red}", fn, {"input": xe, "target": ye}, {"reduction": red})
    add(f"{fn}/extremes/pos_weight_3", fn, {"input": xe, "target": ye},
        {"reduction": "none", "pos_weight": 3.0})
    add(f"{fn}/extremes/weight_and_pos_weight", fn, {"input": xe, "target": ye},
        {"reduction": "none", "pos_weight": 0.5, "weight": 2.0})
    add(f"{fn}/target_outside_0_1_allowed", fn,
        {"input": [0.5, -1.0, 2.0, 0.0], "target": [2.0, -1.0, 1.5, -0.5]}, {"reduction": "none"})
    add(f"{fn}/target_outside_0_1/pos_weight", fn,
        {"input": [0.5, -1.0, 2.0, 0.0], "target": [2.0, -1.0, 1.5, -0.5]},
        {"reduction": "none", "pos_weight": [2.0, 2.0, 0.5, 3.0]})
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none"},
        grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        grad_output=2.5)
    add(f"{fn}/3d_pos_weight_last_dim", fn,
        {"input": randn(g, (2, 2, 3), 2.0), "target": rand(g, (2, 2, 3))},
        {"pos_weight": [0.5, 1.0, 4.0], "reduction": "none"})
    add(f"{fn}/wrt_input_only", fn, {"input": x, "target": y}, {}, wrt=["input"])
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {})
    add(f"{fn}/error/size_mismatch", fn, {"input": [0.5, 0.5], "target": [1.0, 0.0, 1.0]}, {},
        error=True)
    add(f"{fn}/error/size_mismatch_broadcastable", fn,
        {"input": [[0.5], [0.2]], "target": [1.0, 0.0, 1.0]}, {}, error=True)
    add(f"{fn}/error/pos_weight_not_broadcastable", fn, {"input": [[0.5, 0.1]],
                                                          "target": [[1.0, 0.0]]},
        {"pos_weight": [1.0, 2.0, 3.0]}, error=True)
    add(f"{fn}/error/weight_not_broadcastable", fn, {"input": [[0.5, 0.1]],
                                                      "target": [[1.0, 0.0]]},
        {"weight": [1.0, 2.0, 3.0]}, error=True)
    reduction_errors(fn, {"input": [0.5, 0.2], "target": [1.0, 0.0]})


def soft_margin():
    fn = "soft_margin_loss"
    g = rng(fn)
    x = randn(g, (3, 4), 3.0)
    y = [[2.0 * float(v) - 1.0 for v in row] for row in randint(g, (3, 4), 2)]
    only_input = ["input"]  # torch refuses a gradient on the target
    for red in REDS:
        add(f"{fn}/{rname(red)}/pm1_target", fn, {"input": x, "target": y}, rp({}, red),
            wrt=only_input)
        add(f"{fn}/{rname(red)}/scalar", fn, {"input": -0.7, "target": 1.0}, rp({}, red),
            wrt=only_input)
        add(f"{fn}/{rname(red)}/1d", fn,
            {"input": randn(g, (6,), 2.0), "target": [1.0, -1.0, 1.0, 1.0, -1.0, -1.0]},
            rp({}, red), wrt=only_input)
        add(f"{fn}/{rname(red)}/broadcast_target", fn,
            {"input": x, "target": [1.0, -1.0, -1.0, 1.0]}, rp({}, red), wrt=only_input)
    # −y·x past 709: exp overflows, the loss is inf and its gradient NaN (as written in ATen).
    xe = [800.0, -800.0, 1e3, -1e3, 709.0, -709.0, 710.0, -710.0, 0.0, -0.0, 1e-300, 36.0, -36.0,
          40.0, -40.0]
    ye = [1.0, 1.0, -1.0, -1.0, -1.0, 1.0, -1.0, 1.0, 1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0]
    for red in ["none", "mean", "sum"]:
        add(f"{fn}/extremes/red={red}", fn, {"input": xe, "target": ye}, {"reduction": red},
            wrt=only_input)
    add(f"{fn}/target_not_pm1_allowed", fn,
        {"input": [0.5, -1.0, 2.0, 0.0], "target": [2.0, 0.0, 0.5, -0.5]}, {"reduction": "none"},
        wrt=only_input)
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none"},
        wrt=only_input, grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        wrt=only_input, grad_output=2.5)
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {}, wrt=only_input)
    add(f"{fn}/error/wrt_target", fn, {"input": [0.5, -0.2], "target": [1.0, -1.0]}, {},
        wrt=["input", "target"], error=True)
    add(f"{fn}/error/size_mismatch", fn, {"input": [0.5, 0.5], "target": [1.0, -1.0, 1.0]}, {},
        wrt=only_input, error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [0.5, -1.5, 2.0], "target": [1.0, 1.0, -1.0]},
                {"size_average": sa, "reduce": rd}, wrt=only_input)
    add(f"{fn}/error/reduction=foo", fn, {"input": [0.5, 0.2], "target": [1.0, -1.0]},
        {"reduction": "foo"}, wrt=only_input, error=True)
    add(f"{fn}/error/reduction=batchmean", fn, {"input": [0.5, 0.2], "target": [1.0, -1.0]},
        {"reduction": "batchmean"}, wrt=only_input, error=True)


def multilabel_soft_margin():
    fn = "multilabel_soft_margin_loss"
    g = rng(fn)
    x = randn(g, (3, 4), 3.0)
    y = [[float(v) for v in row] for row in randint(g, (3, 4), 2)]
    for weight in [None, [1.0, 2.0, 0.5, 0.0]]:
        p = {} if weight is None else {"weight": weight}
        for red in REDS:
            add(f"{fn}/{pstr(p)}/{rname(red)}", fn, {"input": x, "target": y}, rp(p, red),
                wrt=["input", "target"] + (["weight"] if weight else []))
    add(f"{fn}/weight=None", fn, {"input": x, "target": y}, {"weight": None})
    # Soft targets, a weight per sample and class, a weight per sample (broadcast over classes).
    soft = rand(g, (3, 4))
    add(f"{fn}/soft_targets", fn, {"input": x, "target": soft}, {"reduction": "none"})
    add(f"{fn}/weight_3x4", fn, {"input": x, "target": y}, {"weight": rand(g, (3, 4), 0.0, 2.0),
                                                           "reduction": "none"},
        wrt=["input", "target", "weight"])
    add(f"{fn}/weight_3x1", fn, {"input": x, "target": y}, {"weight": [[0.5], [1.0], [2.0]]},
        wrt=["input", "target", "weight"])
    # Shapes: one sample (1-D: classes only), 3-D, a target broadcast over samples, an input
    # broadcast against a larger target (the sum runs over the broadcast tensor's dimension).
    add(f"{fn}/1d", fn, {"input": randn(g, (5,), 2.0), "target": [1.0, 0.0, 0.0, 1.0, 1.0]},
        {"reduction": "none"})
    add(f"{fn}/3d", fn, {"input": randn(g, (2, 3, 4)), "target": rand(g, (2, 3, 4))},
        {"reduction": "none"})
    add(f"{fn}/3d/mean", fn, {"input": randn(g, (2, 3, 4)), "target": rand(g, (2, 3, 4))}, {})
    add(f"{fn}/target_broadcast", fn, {"input": x, "target": [1.0, 0.0, 1.0, 0.0]},
        {"reduction": "none"})
    add(f"{fn}/input_broadcast", fn, {"input": [0.5, -1.0, 2.0], "target": [[1.0, 0.0, 1.0],
                                                                            [0.0, 1.0, 0.0]]},
        {"reduction": "none"})
    add(f"{fn}/no_classes", fn, {"input": [[], []], "target": [[], []]}, {"reduction": "none"})
    add(f"{fn}/red=mean/empty", fn, {"input": [[]], "target": [[]]}, {})
    add(f"{fn}/red=mean/no_samples", fn, {"input": [], "target": []}, {})
    # Extremes: logits far out on both sides (logsigmoid stays finite), zeros, non-finite.
    xe = [-1e3, -800.0, -40.0, -1.0, -0.0, 0.0, 1e-300, 1.0, 40.0, 800.0, 1e3, INF, -INF, NAN]
    for target in [0.0, 1.0, 0.5]:
        add(f"{fn}/extremes/target={target}", fn,
            {"input": [[v] for v in xe], "target": [[target] for _ in xe]}, {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none"},
        grad_output=randn(g, (3,)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        grad_output=2.5)
    add(f"{fn}/error/scalar_input", fn, {"input": 0.5, "target": 1.0}, {}, error=True)
    add(f"{fn}/error/size_mismatch", fn, {"input": [[0.5, 0.5]], "target": [[1.0, 0.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/weight_not_broadcastable", fn, {"input": x, "target": y},
        {"weight": [1.0, 2.0, 3.0]}, error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [[0.5, -1.5, 2.0], [1.0, 0.0, -3.0]],
                 "target": [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]},
                {"size_average": sa, "reduce": rd})
    reduction_errors(fn, {"input": [[0.5, 0.2]], "target": [[1.0, 0.0]]})


def multi_margin():
    fn = "multi_margin_loss"
    g = rng(fn)
    x = randn(g, (4, 3), 1.0)
    y = randint(g, (4,), 3)
    only_input = ["input"]  # class indices; the weight is not differentiable in PyTorch
    for p in [None, 1, 2]:
        for margin in [None, 1.0, 0.5, 0.0, -0.5, 2.5]:
            for weight in [None, [1.0, 2.0, 0.5]]:
                prm = {}
                if p is not None:
                    prm["p"] = p
                if margin is not None:
                    prm["margin"] = margin
                if weight is not None:
                    prm["weight"] = weight
                for red in REDS:
                    add(f"{fn}/{pstr(prm)}/{rname(red)}", fn, {"input": x, "target": y},
                        rp(prm, red), wrt=only_input)
    # The hinge's corner (margin − x_y + x_j exactly 0: no gradient), ties, one sample, a single
    # class, non-finite logits.
    for p in [1, 2]:
        add(f"{fn}/corner/p={p}", fn, {"input": [[1.0, 0.0, 2.0], [1.0, 1.0, 1.0], [0.5, -0.5, 0.5]],
                                       "target": [0, 1, 0]}, {"p": p, "reduction": "none"},
            wrt=only_input)
    add(f"{fn}/1d/target_0d", fn, {"input": [0.5, 1.0, 2.0], "target": 1}, {"reduction": "none"},
        wrt=only_input)
    add(f"{fn}/1d/target_1d", fn, {"input": [0.5, 1.0, 2.0], "target": [1]}, {"reduction": "none"},
        wrt=only_input)
    add(f"{fn}/1d/mean", fn, {"input": [0.5, 1.0, 2.0], "target": 2}, {}, wrt=only_input)
    add(f"{fn}/0d", fn, {"input": 0.5, "target": 0}, {"reduction": "none"}, wrt=only_input)
    add(f"{fn}/one_class", fn, {"input": [[0.5], [-1.0]], "target": [0, 0]}, {}, wrt=only_input)
    add(f"{fn}/error/empty_input", fn, {"input": [], "target": []}, {"reduction": "none"},
        wrt=only_input, error=True)
    add(f"{fn}/extremes", fn, {"input": [[1e300, -1e300, 0.0], [INF, 0.0, 1.0], [0.0, NAN, 1.0],
                                         [-INF, 0.0, 1.0]], "target": [1, 0, 2, 2]},
        {"reduction": "none", "p": 2}, wrt=only_input)
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none", "p": 2},
        wrt=only_input, grad_output=randn(g, (4,)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        wrt=only_input, grad_output=2.5)
    add(f"{fn}/red=mean/gradout", fn, {"input": x, "target": y}, {"weight": [0.5, 1.0, 3.0]},
        wrt=only_input, grad_output=-1.5)
    add(f"{fn}/error/p=3", fn, {"input": x, "target": y}, {"p": 3}, wrt=only_input, error=True)
    add(f"{fn}/error/p=0", fn, {"input": x, "target": y}, {"p": 0}, wrt=only_input, error=True)
    add(f"{fn}/error/target_out_of_range", fn, {"input": x, "target": [0, 1, 3, 0]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_negative", fn, {"input": x, "target": [0, 1, -1, 0]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_2d", fn, {"input": x, "target": [[0], [1], [2], [0]]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_size", fn, {"input": x, "target": [0, 1]}, {}, wrt=only_input,
        error=True)
    add(f"{fn}/error/input_3d", fn, {"input": [[[0.5], [1.0]]], "target": [0]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/no_classes", fn, {"input": [[], []], "target": [0, 0]}, {}, wrt=only_input,
        error=True)
    add(f"{fn}/error/weight_size", fn, {"input": x, "target": y}, {"weight": [1.0, 2.0]},
        wrt=only_input, error=True)
    add(f"{fn}/error/weight_2d", fn, {"input": x, "target": y}, {"weight": [[1.0, 2.0, 3.0]]},
        wrt=only_input, error=True)
    add(f"{fn}/error/wrt_weight", fn, {"input": x, "target": y}, {"weight": [1.0, 2.0, 3.0]},
        wrt=["input", "weight"], error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [[0.5, -1.5, 2.0], [1.0, 0.0, -3.0]], "target": [2, 0]},
                {"size_average": sa, "reduce": rd}, wrt=only_input)
    reduction_errors(fn, {"input": [[0.5, 0.2]], "target": [1]})


def ctc():
    fn = "ctc_loss"
    g = rng(fn)
    lp = ["log_probs"]  # targets and lengths are integers: not differentiable

    def labels(n, blank, classes=4):
        # n labels drawn from the classes other than the blank
        others = [c for c in range(classes) if c != blank]
        return [others[i] for i in randint(g, (n,), len(others))]

    x = logprobs(g, (6, 3, 4))
    for blank in [None, 0, 3]:
        b = 0 if blank is None else blank
        padded = [labels(3, b), labels(3, b) , labels(3, b)]
        for zi in [None, False, True]:
            prm = {}
            if blank is not None:
                prm["blank"] = blank
            if zi is not None:
                prm["zero_infinity"] = zi
            for red in REDS:
                add(f"{fn}/padded/{pstr(prm)}/{rname(red)}", fn,
                    {"log_probs": x, "targets": padded, "input_lengths": [6, 5, 4],
                     "target_lengths": [3, 2, 1]}, rp(prm, red), wrt=lp)
            flat = padded[0][:3] + padded[1][:2] + padded[2][:1]
            add(f"{fn}/concatenated/{pstr(prm)}", fn,
                {"log_probs": x, "targets": flat, "input_lengths": [6, 5, 4],
                 "target_lengths": [3, 2, 1]}, rp(prm, "none"), wrt=lp)
    # Repeated labels need a blank between them: "aa" fits 3 steps, not 2; "ab" fits 2. An
    # impossible target is inf (NaN gradients) or, with zero_infinity, 0 with a zero gradient.
    y = logprobs(g, (3, 2, 4))
    for zi in [False, True]:
        for red in REDS:
            add(f"{fn}/repeats/zero_infinity={zi}/{rname(red)}", fn,
                {"log_probs": y, "targets": [[1, 1], [1, 2]], "input_lengths": [2, 2],
                 "target_lengths": [2, 2]}, rp({"zero_infinity": zi}, red), wrt=lp)
        add(f"{fn}/repeats_fit/zero_infinity={zi}", fn,
            {"log_probs": y, "targets": [[1, 1], [2, 2]], "input_lengths": [3, 3],
             "target_lengths": [2, 2]}, {"zero_infinity": zi, "reduction": "none"}, wrt=lp)
        # input length 0 (empty target: loss 0; else inf), target length 0, target longer than T
        add(f"{fn}/empty/zero_infinity={zi}", fn,
            {"log_probs": y, "targets": [[1, 2], [3, 3]], "input_lengths": [0, 3],
             "target_lengths": [2, 0]}, {"zero_infinity": zi, "reduction": "none"}, wrt=lp)
        add(f"{fn}/empty_both/zero_infinity={zi}", fn,
            {"log_probs": y, "targets": [[1, 2], [3, 3]], "input_lengths": [0, 1],
             "target_lengths": [0, 0]}, {"zero_infinity": zi, "reduction": "mean"}, wrt=lp)
        add(f"{fn}/too_long/zero_infinity={zi}", fn,
            {"log_probs": y, "targets": [[1, 2, 3, 1], [3, 2, 1, 2]], "input_lengths": [3, 3],
             "target_lengths": [4, 3]}, {"zero_infinity": zi, "reduction": "sum"}, wrt=lp)
    # A target holding the blank (PyTorch computes it), the same label at both ends, one step.
    add(f"{fn}/target_has_blank", fn,
        {"log_probs": y, "targets": [[0, 2], [1, 0]], "input_lengths": [3, 3],
         "target_lengths": [2, 2]}, {"reduction": "none"}, wrt=lp)
    add(f"{fn}/target_is_blank", fn,
        {"log_probs": y, "targets": [[0], [0]], "input_lengths": [3, 1],
         "target_lengths": [1, 1]}, {"reduction": "none"}, wrt=lp)
    add(f"{fn}/one_step", fn,
        {"log_probs": y, "targets": [[2], [0]], "input_lengths": [1, 1],
         "target_lengths": [1, 0]}, {"reduction": "none"}, wrt=lp)
    # Unbatched (T, C): lengths as 0-d or one-element tensors, targets 1-D or (1, S).
    u = logprobs(g, (5, 4))
    for tg, il, tl, tag in [([1, 2], 5, 2, "0d"), ([1, 2], [5], [2], "1elem"),
                            ([[1, 2, 3]], [4], [2], "2d_targets")]:
        for red in REDS:
            add(f"{fn}/unbatched/{tag}/{rname(red)}", fn,
                {"log_probs": u, "targets": tg, "input_lengths": il, "target_lengths": tl},
                rp({}, red), wrt=lp)
    # Not log-softmax outputs (the gradient is still ATen's formula), zero probabilities (−inf),
    # a longer sequence, and upstream gradients.
    raw = randn(g, (4, 2, 3), 2.0)
    add(f"{fn}/unnormalised", fn,
        {"log_probs": raw, "targets": [[1, 2], [2, 2]], "input_lengths": [4, 4],
         "target_lengths": [2, 1]}, {"reduction": "none"}, wrt=lp)
    holes = logprobs(g, (4, 2, 3))
    holes[1][0][1] = -INF
    holes[2][1][0] = -INF
    add(f"{fn}/minus_inf", fn,
        {"log_probs": holes, "targets": [[1, 2], [2, 1]], "input_lengths": [4, 4],
         "target_lengths": [2, 2]}, {"reduction": "none"}, wrt=lp)
    long = logprobs(g, (12, 2, 5), scale=3.0)
    for red in REDS:
        add(f"{fn}/long/{rname(red)}", fn,
            {"log_probs": long, "targets": [[1, 2, 2, 3, 4, 1], [4, 4, 4, 0, 0, 0]],
             "input_lengths": [12, 9], "target_lengths": [6, 3]}, rp({}, red), wrt=lp)
    small = {"log_probs": y, "targets": [[1, 2], [3, 3]], "input_lengths": [3, 2],
             "target_lengths": [2, 1]}
    add(f"{fn}/red=none/gradout", fn, small, {"reduction": "none"}, wrt=lp,
        grad_output=randn(g, (2,)))
    add(f"{fn}/red=sum/gradout", fn, small, {"reduction": "sum"}, wrt=lp, grad_output=2.5)
    add(f"{fn}/red=mean/gradout", fn, small, {}, wrt=lp, grad_output=-1.5)
    # PyTorch's refusals.
    def err(tag, **changes):
        inputs = dict(small)
        params = changes.pop("params", {})
        inputs.update(changes)
        add(f"{fn}/error/{tag}", fn, inputs, params, wrt=lp, error=True)
    err("blank=4", params={"blank": 4})
    err("blank=-1", params={"blank": -1})
    err("input_length_too_long", input_lengths=[4, 2])
    err("input_length_negative", input_lengths=[-1, 2])
    err("target_length_negative", target_lengths=[-1, 1])
    err("target_length_beyond_targets", target_lengths=[3, 1])
    err("input_lengths_size", input_lengths=[3])
    err("target_lengths_size", target_lengths=[2, 1, 1])
    err("targets_rows", targets=[[1, 2]])
    err("targets_3d", targets=[[[1, 2], [3, 3]]])
    err("concatenated_short", targets=[1, 2])
    err("concatenated_long", targets=[1, 2, 3, 3])
    err("input_lengths_float", input_lengths=[3.0, 2.5])
    err("target_lengths_float", target_lengths=[2.0, 1.0])
    err("log_probs_1d", log_probs=[-0.5, -1.0, -2.0])
    err("log_probs_4d", log_probs=[y])
    err("log_probs_empty", log_probs=[[[], []], [[], []]], input_lengths=[1, 1],
        target_lengths=[0, 0])
    add(f"{fn}/error/wrt_targets", fn, small, {}, wrt=["log_probs", "targets"], error=True)
    reduction_errors(fn, small)
def multilabel_margin():
    fn = "multilabel_margin_loss"
    g = rng(fn)
    x = randn(g, (4, 5), 1.0)
    # Labels first, the first -1 ends them; what follows is ignored (but must be in range); a row
    # with no labels, a row of every class, a repeated label.
    y = [[3, 0, -1, 1, 4], [-1, 2, 2, 2, 2], [0, 1, 2, 3, 4], [2, 2, 4, -1, -1]]
    only_input = ["input"]  # int64 class indices: no gradient on the target
    for red in REDS:
        add(f"{fn}/{rname(red)}/2d", fn, {"input": x, "target": y}, rp({}, red), wrt=only_input)
        add(f"{fn}/{rname(red)}/1d", fn, {"input": x[0], "target": y[0]}, rp({}, red),
            wrt=only_input)
        add(f"{fn}/{rname(red)}/0d", fn, {"input": 0.5, "target": 0}, rp({}, red), wrt=only_input)
        add(f"{fn}/{rname(red)}/0d_no_label", fn, {"input": 0.5, "target": -1}, rp({}, red),
            wrt=only_input)
        wide = randn(g, (3, 8), 2.0)
        labels = [[randint(g, (1,), 8)[0], -1] + [0] * 6, [1, 5, 6, -1, 7, 7, 7, 7],
                  [7, 6, 5, 4, 3, 2, 1, 0]]
        add(f"{fn}/{rname(red)}/8_classes", fn, {"input": wide, "target": labels}, rp({}, red),
            wrt=only_input)
    # The hinge's corner (1 - x_j + x_i exactly 0: no gradient), ties, scaled logits.
    add(f"{fn}/corner", fn, {"input": [[1.0, 0.0, 2.0], [1.0, 1.0, 1.0], [0.5, -0.5, 1.5]],
                             "target": [[0, -1, 0], [1, -1, 2], [2, 0, -1]]},
        {"reduction": "none"}, wrt=only_input)
    for scale in [1e-8, 10.0, 1e6]:
        add(f"{fn}/scale={scale}", fn, {"input": (torch.tensor(x) * scale).tolist(), "target": y},
            {"reduction": "sum"}, wrt=only_input)
    add(f"{fn}/extremes", fn, {"input": [[1e300, -1e300, 0.0], [INF, 0.0, 1.0], [0.0, NAN, 1.0],
                                         [-INF, 0.0, 1.0], [INF, -INF, 0.0]],
                               "target": [[1, -1, 0], [1, -1, 0], [2, -1, 0], [0, 2, -1],
                                          [0, -1, 0]]},
        {"reduction": "none"}, wrt=only_input)
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none"},
        wrt=only_input, grad_output=randn(g, (4,)))
    add(f"{fn}/red=none/1d/gradout", fn, {"input": x[1], "target": y[0]}, {"reduction": "none"},
        wrt=only_input, grad_output=-2.0)
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        wrt=only_input, grad_output=2.5)
    add(f"{fn}/red=mean/gradout", fn, {"input": x, "target": y}, {}, wrt=only_input,
        grad_output=-1.5)
    add(f"{fn}/0d_input/1d_target", fn, {"input": 0.5, "target": [0]}, {"reduction": "none"},
        wrt=only_input)
    for name, target in [("above", [[3, 0, -1, 1, 5]]), ("after_terminator", [[3, -1, 9, 0, 0]]),
                         ("below_minus_one", [[3, 0, -2, 1, 4]]), ("first", [[-2, 0, 0, 0, 0]])]:
        add(f"{fn}/error/target_out_of_range/{name}", fn, {"input": [x[0]], "target": target}, {},
            wrt=only_input, error=True)
    add(f"{fn}/error/0d_target_out_of_range", fn, {"input": 0.5, "target": 1}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_1d_for_2d", fn, {"input": [x[0]], "target": y[0]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_2d_for_1d", fn, {"input": x[0], "target": [y[0]]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/target_rows", fn, {"input": x, "target": y[:2]}, {}, wrt=only_input,
        error=True)
    add(f"{fn}/error/target_columns", fn, {"input": x, "target": [r[:4] for r in y]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/input_3d", fn, {"input": [[[0.5, 1.0]]], "target": [[[0, -1]]]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/no_classes", fn, {"input": [[], []], "target": [[], []]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/empty_input", fn, {"input": [], "target": []}, {"reduction": "none"},
        wrt=only_input, error=True)
    add(f"{fn}/error/float_target", fn, {"input": [[0.5, 1.0]], "target": [[0.5, -1.0]]}, {},
        wrt=only_input, error=True)
    add(f"{fn}/error/wrt_target", fn, {"input": x, "target": y}, {}, wrt=["input", "target"],
        error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [[0.5, -1.5, 2.0], [1.0, 0.0, -3.0]], "target": [[2, -1, 0], [0, 1, -1]]},
                {"size_average": sa, "reduce": rd}, wrt=only_input)
    reduction_errors(fn, {"input": [[0.5, 0.2]], "target": [[1, -1]]})


def kl():
    fn = "kl_div"
    g = rng(fn)
    shapes = {"scalar": (), "1d": (5,), "2d": (3, 4), "3d": (2, 3, 4)}
    for sname, shape in shapes.items():
        if shape:
            x = logprobs(g, shape)
            tp = probs(g, shape)
        else:
            x, tp = -0.7, 0.4
        tl = torch.log(torch.tensor(tp)).tolist()
        for red in REDS + ["batchmean"]:
            add(f"{fn}/{rname(red)}/{sname}", fn, {"input": x, "target": tp}, rp({}, red))
            add(f"{fn}/{rname(red)}/log_target=True/{sname}", fn, {"input": x, "target": tl},
                rp({"log_target": True}, red))
        add(f"{fn}/log_target=False/explicit/{sname}", fn, {"input": x, "target": tp},
            {"log_target": False, "reduction": "batchmean"})
    x = logprobs(g, (3, 4))
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": probs(g, (3, 4))},
        {"reduction": "none"}, grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=batchmean/gradout", fn, {"input": x, "target": probs(g, (3, 4))},
        {"reduction": "batchmean"}, grad_output=2.5)
    # zeros / non-finite corners
    t0 = [[0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]
    for red in ["none", "sum", "batchmean"]:
        add(f"{fn}/target_zero/log_target=False/red={red}", fn, {"input": x, "target": t0},
            {"reduction": red})
    add(f"{fn}/target_neg_inf/log_target=True", fn,
        {"input": x, "target": [[-INF, -0.5, -1.5, -INF], [0.0, -INF, -INF, -INF],
                                [-1.0, -2.0, -0.1, -3.0]]},
        {"reduction": "none", "log_target": True})
    add(f"{fn}/target_negative/log_target=False", fn,
        {"input": [-1.0, -2.0, -0.5], "target": [-0.25, 0.5, 0.75]}, {"reduction": "none"})
    add(f"{fn}/target_tiny/log_target=False", fn,
        {"input": [-1.0, -2.0, -0.5], "target": [1e-300, 5e-324, 1.0]}, {"reduction": "none"})
    add(f"{fn}/input_neg_inf", fn, {"input": [-INF, -1.0, 0.0], "target": [0.0, 0.5, 0.5]},
        {"reduction": "none"})
    add(f"{fn}/input_neg_inf_target_pos", fn, {"input": [-INF, -1.0], "target": [0.5, 0.5]},
        {"reduction": "sum"})
    add(f"{fn}/input_not_logprob", fn, {"input": [1.0, 2.0, -3.0], "target": [0.2, 0.3, 0.5]},
        {"reduction": "none"})
    add(f"{fn}/log_target=True/positive_log_target", fn,
        {"input": [-1.0, -2.0], "target": [0.5, 2.0]}, {"reduction": "none", "log_target": True})
    add(f"{fn}/broadcast_2x1_vs_3", fn, {"input": [[-1.0], [-0.5]], "target": [0.2, 0.3, 0.5]},
        {"reduction": "none"})
    add(f"{fn}/broadcast_2x1_vs_3/batchmean", fn,
        {"input": [[-1.0], [-0.5]], "target": [0.2, 0.3, 0.5]}, {"reduction": "batchmean"})
    add(f"{fn}/wrt_input_only", fn, {"input": x, "target": probs(g, (3, 4))}, {}, wrt=["input"])
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {})
    add(f"{fn}/error/shape_mismatch", fn, {"input": [-1.0, -2.0], "target": [0.2, 0.3, 0.5]}, {},
        error=True)
    reduction_errors(fn, {"input": [-1.0, -2.0], "target": [0.2, 0.8]}, with_batchmean=False)


def poisson_nll():
    fn = "poisson_nll_loss"
    g = rng(fn)
    log_rate = randn(g, (3, 4), 1.5)
    rate = rand(g, (3, 4), 0.05, 6.0)
    counts = [[float(v) for v in row] for row in randint(g, (3, 4), 7)]
    for log_input in [None, True, False]:
        for full in [None, False, True]:
            p = {}
            if log_input is not None:
                p["log_input"] = log_input
            if full is not None:
                p["full"] = full
            x = rate if log_input is False else log_rate
            for red in REDS:
                add(f"{fn}/{pstr(p)}/{rname(red)}", fn, {"input": x, "target": counts}, rp(p, red))
    # eps only acts without log_input (where it keeps log(x + eps) finite at x = 0).
    for eps in [1e-8, 0.5, 0.0, -1e-3]:
        for log_input in [False, True]:
            add(f"{fn}/eps={eps}/log_input={log_input}", fn,
                {"input": [0.0, 1e-9, 0.3, 2.0, 5e-4, 1e-3], "target": [1.0, 0.0, 2.0, 3.0, 1.0, 4.0]},
                {"eps": eps, "log_input": log_input, "reduction": "none"})
    # The Stirling term only where the target is above 1 (its edges, 0 and negative targets, where
    # its masked backward gives NaN), and extreme inputs (exp overflows, log of negatives).
    ts = [-1.0, -0.0, 0.0, 1e-300, 0.5, 1.0, nudge(1.0, 1), 2.0, 10.0, 1e300, INF, NAN]
    for log_input in [True, False]:
        for full in [False, True]:
            add(f"{fn}/targets/log_input={log_input}/full={full}", fn,
                {"input": [0.7] * len(ts), "target": ts},
                {"log_input": log_input, "full": full, "reduction": "none"})
    xs = [-1e3, -800.0, -50.0, -1.0, -1e-300, -0.0, 0.0, 1e-300, 1.0, 50.0, 709.0, 710.0, 800.0,
          INF, -INF, NAN]
    for log_input in [True, False]:
        for full in [False, True]:
            add(f"{fn}/inputs/log_input={log_input}/full={full}", fn,
                {"input": xs, "target": [3.0] * len(xs)},
                {"log_input": log_input, "full": full, "reduction": "none"})
    add(f"{fn}/scalar", fn, {"input": 0.4, "target": 2.0}, {"full": True})
    add(f"{fn}/broadcast_target", fn, {"input": log_rate, "target": [0.0, 1.0, 2.0, 5.0]},
        {"reduction": "none", "full": True})
    add(f"{fn}/broadcast_both", fn, {"input": [[0.5], [-0.5]], "target": [0.0, 2.0, 3.0]},
        {"full": True})
    add(f"{fn}/red=none/gradout", fn, {"input": log_rate, "target": counts},
        {"reduction": "none", "full": True}, grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=sum/gradout", fn, {"input": rate, "target": counts},
        {"reduction": "sum", "log_input": False, "full": True}, grad_output=2.5)
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {})
    add(f"{fn}/wrt_input_only", fn, {"input": log_rate, "target": counts}, {}, wrt=["input"])
    add(f"{fn}/error/size_mismatch", fn, {"input": [0.5, 0.5], "target": [1.0, 2.0, 3.0]}, {},
        error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [0.5, -1.5, 2.0], "target": [1.0, 0.0, 4.0]},
                {"size_average": sa, "reduce": rd})
    reduction_errors(fn, {"input": [0.5, 0.2], "target": [1.0, 3.0]})


def gaussian_nll():
    fn = "gaussian_nll_loss"
    g = rng(fn)
    x = randn(g, (3, 4), 2.0)
    y = randn(g, (3, 4), 2.0)
    var = rand(g, (3, 4), 0.1, 3.0)
    for full in [None, False, True]:
        for eps in [None, 1e-6, 0.5]:
            p = {}
            if full is not None:
                p["full"] = full
            if eps is not None:
                p["eps"] = eps
            for red in REDS:
                add(f"{fn}/{pstr(p)}/{rname(red)}", fn, {"input": x, "target": y, "var": var},
                    rp(p, red))
    # var's shapes: one per sample (one dimension short: unsqueezed), a 1 in one dimension,
    # a 0-d var, and a target that broadcasts.
    per_sample = rand(g, (3,), 0.1, 3.0)
    shapes = {
        "one_short": per_sample,
        "one_short_2d": None,
        "ones_in_last": [[v] for v in per_sample],
        "one_row": [rand(g, (4,), 0.1, 3.0)],
    }
    for name, v in shapes.items():
        inp = {"input": x, "target": y, "var": v}
        if name == "one_short_2d":
            inp = {"input": [x], "target": [y], "var": [per_sample]}
        add(f"{fn}/var_shape/{name}", fn, inp, {"reduction": "none"})
        add(f"{fn}/var_shape/{name}/sum", fn, inp, {"reduction": "sum"})
    add(f"{fn}/var_shape/square_one_short", fn,
        {"input": [[0.5, 1.0, -1.0], [2.0, 0.0, 1.0], [0.3, 0.2, 0.1]],
         "target": [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 2.0]], "var": [0.5, 1.0, 2.0]},
        {"reduction": "none"})
    add(f"{fn}/var_shape/scalar_var_1d_input", fn,
        {"input": [0.5, 1.0, -1.0], "target": [0.0, 0.0, 2.0], "var": 0.7}, {"reduction": "none"})
    add(f"{fn}/var_shape/scalar_all", fn, {"input": 0.5, "target": -1.0, "var": 2.0}, {})
    add(f"{fn}/var_shape/one_in_dim0", fn, {"input": x, "target": y, "var": [[1.5, 0.5, 2.0, 0.2]]},
        {"reduction": "none"})
    add(f"{fn}/target_broadcast", fn, {"input": x, "target": [0.0, 1.0, -1.0, 2.0], "var": var},
        {"reduction": "none"})
    add(f"{fn}/error/var_shape_two_ones", fn, {"input": x, "target": y, "var": [[1.0]]}, {},
        error=True)
    add(f"{fn}/error/var_shape_broadcastable_but_refused", fn,
        {"input": x, "target": y, "var": [1.0, 2.0, 3.0, 4.0]}, {}, error=True)
    add(f"{fn}/error/var_shape_wrong", fn, {"input": x, "target": y, "var": [[1.0, 2.0]] * 3}, {},
        error=True)
    add(f"{fn}/error/var_more_dims", fn, {"input": [0.5, 1.0], "target": [0.0, 0.0],
                                          "var": [[1.0, 1.0], [1.0, 1.0]]}, {}, error=True)
    add(f"{fn}/error/var_negative", fn, {"input": [0.5, 1.0], "target": [0.0, 0.0],
                                         "var": [1.0, -1e-300]}, {}, error=True)
    add(f"{fn}/error/var_negative_scalar", fn, {"input": [0.5, 1.0], "target": [0.0, 0.0],
                                                "var": -0.5}, {}, error=True)
    add(f"{fn}/error/target_not_broadcastable", fn,
        {"input": [0.5, 1.0], "target": [0.0, 0.0, 1.0], "var": [1.0, 1.0]}, {}, error=True)
    # The clamp at eps (no gradient stop: var's gradient is taken at the clamped value), var 0,
    # -0, tiny and huge, the residual 0, and non-finite values.
    vs = [0.0, -0.0, 1e-300, 1e-7, nudge(1e-6, -1), 1e-6, nudge(1e-6, 1), 1e-3, 1.0, 1e300, INF,
          NAN]
    for eps in [1e-6, 0.25, 0.0]:
        for d in [0.0, 1.5]:
            add(f"{fn}/var_edges/eps={eps}/d={d}", fn,
                {"input": [d] * len(vs), "target": [0.0] * len(vs), "var": vs},
                {"eps": eps, "reduction": "none"})
    add(f"{fn}/eps_negative", fn, {"input": [1.0, 1.0, 1.0], "target": [0.0, 0.0, 0.0],
                                   "var": [0.0, 0.5, 2.0]}, {"eps": -0.1, "reduction": "none"})
    add(f"{fn}/extremes", fn,
        {"input": [1e3, -1e3, 1e200, INF, -INF, NAN, 0.0], "target": [0.0, 1e3, -1e200, 0.0, 0.0, 0.0, NAN],
         "var": [1.0, 1e-3, 1.0, 1.0, 1.0, 1.0, 1.0]}, {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y, "var": var},
        {"reduction": "none", "full": True}, grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y, "var": per_sample},
        {"reduction": "sum"}, grad_output=2.5)
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": [], "var": []}, {})
    add(f"{fn}/wrt_var_only", fn, {"input": x, "target": y, "var": var}, {}, wrt=["var"])
    add(f"{fn}/error/reduction=foo", fn, {"input": [0.5, 0.2], "target": [1.0, 3.0],
                                          "var": [1.0, 1.0]}, {"reduction": "foo"}, error=True)
    add(f"{fn}/error/reduction=batchmean", fn, {"input": [0.5, 0.2], "target": [1.0, 3.0],
                                                "var": [1.0, 1.0]}, {"reduction": "batchmean"},
        error=True)
    add(f"{fn}/error/size_average", fn, {"input": [0.5, 0.2], "target": [1.0, 3.0],
                                         "var": [1.0, 1.0]}, {"size_average": True}, error=True)


def margin_ranking():
    fn = "margin_ranking_loss"
    g = rng(fn)
    for margin in [None, 0.0, 0.5, 1.0, -0.5]:
        mp = {} if margin is None else {"margin": margin}
        mname = "margin_omitted" if margin is None else f"margin={margin}"
        for red in REDS:
            x1, x2 = randn(g, (6,)), randn(g, (6,))
            y = [float(2 * v - 1) for v in randint(g, (6,), 2)]
            add(f"{fn}/{mname}/{rname(red)}", fn, {"input1": x1, "input2": x2, "target": y},
                rp(mp, red))
        m = 0.0 if margin is None else margin
        # loss = max(0, -y*(x1-x2) + m): exactly 0 where y*(x1-x2) == m
        x2 = [0.25, -0.5, 1.0, 0.0, 0.25, 2.0]
        y = [1.0, -1.0, 1.0, -1.0, 1.0, -1.0]
        x1 = [x2[0] + m, x2[1] - m, x2[2] + m + 0.25, x2[3] - m + 0.25, x2[4] + m - 0.25, 2.0]
        add(f"{fn}/{mname}/exact_zero_loss_points", fn, {"input1": x1, "input2": x2, "target": y},
            rp(mp, "none"))
        add(f"{fn}/{mname}/scalar", fn, {"input1": 0.5, "input2": 1.25, "target": 1.0}, mp)
    add(f"{fn}/target_zero_and_two", fn,
        {"input1": [0.5, 0.5, -1.0], "input2": [1.0, 0.0, 1.0], "target": [0.0, 2.0, -2.0]},
        {"margin": 0.5, "reduction": "none"})
    add(f"{fn}/extremes", fn,
        {"input1": [1e3, -1e3, 1e-300, 0.0], "input2": [-1e3, 1e3, 0.0, -0.0],
         "target": [1.0, 1.0, -1.0, 1.0]}, {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn,
        {"input1": randn(g, (5,)), "input2": randn(g, (5,)), "target": [1.0, -1.0, 1.0, 1.0, -1.0]},
        {"reduction": "none", "margin": 0.3}, grad_output=randn(g, (5,)))
    add(f"{fn}/red=mean/gradout", fn,
        {"input1": randn(g, (5,)), "input2": randn(g, (5,)), "target": [1.0, -1.0, 1.0, 1.0, -1.0]},
        {"margin": 0.3}, grad_output=2.5)
    add(f"{fn}/2d_inputs", fn,
        {"input1": randn(g, (2, 3)), "input2": randn(g, (2, 3)),
         "target": [[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]]}, {"reduction": "none"})
    add(f"{fn}/broadcast_same_ndim", fn,
        {"input1": [0.5, 0.1], "input2": [1.0], "target": [1.0, 1.0]}, {"reduction": "none"})
    add(f"{fn}/wrt_inputs_only", fn,
        {"input1": randn(g, (4,)), "input2": randn(g, (4,)), "target": [1.0, -1.0, 1.0, -1.0]},
        {}, wrt=["input1", "input2"])
    add(f"{fn}/red=mean/empty", fn, {"input1": [], "input2": [], "target": []}, {})
    add(f"{fn}/error/ndim_mismatch", fn,
        {"input1": [[0.5], [0.1]], "input2": [1.0, 1.0, 0.0], "target": [1.0, 1.0, 1.0]}, {},
        error=True)
    add(f"{fn}/error/size_mismatch", fn,
        {"input1": [0.5, 0.1], "input2": [1.0, 2.0, 3.0], "target": [1.0, 1.0]}, {}, error=True)
    add(f"{fn}/error/missing_target", fn, {"input1": [0.5, 0.1], "input2": [1.0, 2.0]}, {},
        error=True)
    add(f"{fn}/error/unknown_param", fn,
        {"input1": [0.5, 0.1], "input2": [1.0, 2.0], "target": [1.0, 1.0]}, {"delta": 1.0},
        error=True)
    reduction_errors(fn, {"input1": [0.5, 0.1], "input2": [1.0, 2.0], "target": [1.0, -1.0]})


def hinge_embedding():
    fn = "hinge_embedding_loss"
    g = rng(fn)
    x = rand(g, (3, 4), 0.0, 3.0)
    y = [[2.0 * float(v) - 1.0 for v in row] for row in randint(g, (3, 4), 2)]
    only_input = ["input"]  # the target only selects a term: no gradient
    for margin in [None, 1.0, 0.5, 2.0, 0.0, -0.5]:
        params = {} if margin is None else {"margin": margin}
        mname = "margin_omitted" if margin is None else f"margin={margin}"
        for red in REDS:
            add(f"{fn}/{mname}/{rname(red)}", fn, {"input": x, "target": y}, rp(params, red),
                wrt=only_input)
    # Both sides of the hinge and its corner (x = margin: no gradient from the clamp), and targets
    # that are neither 1 nor −1 (both terms), for a default and a moved margin.
    for margin in [1.0, 2.0]:
        xs = around(margin) + [-1.0, 0.0, -0.0, 5.0, 1e300, -1e300]
        for target in [1.0, -1.0, 0.0, 0.5]:
            add(f"{fn}/corner/margin={margin}/target={target}", fn,
                {"input": xs, "target": [target] * len(xs)},
                {"margin": margin, "reduction": "none"}, wrt=only_input)
    add(f"{fn}/scalar", fn, {"input": 0.3, "target": -1.0}, {}, wrt=only_input)
    add(f"{fn}/broadcast_target", fn, {"input": x, "target": [1.0, -1.0, -1.0, 1.0]},
        {"reduction": "none"}, wrt=only_input)
    add(f"{fn}/red=none/gradout", fn, {"input": x, "target": y}, {"reduction": "none"},
        wrt=only_input, grad_output=randn(g, (3, 4)))
    add(f"{fn}/red=sum/gradout", fn, {"input": x, "target": y}, {"reduction": "sum"},
        wrt=only_input, grad_output=2.5)
    add(f"{fn}/red=mean/empty", fn, {"input": [], "target": []}, {}, wrt=only_input)
    add(f"{fn}/target_grad_unused", fn, {"input": [0.5, 1.5], "target": [1.0, -1.0]}, {})
    add(f"{fn}/error/size_mismatch", fn, {"input": [0.5, 0.5], "target": [1.0, -1.0, 1.0]}, {},
        wrt=only_input, error=True)
    for sa in [None, True, False]:
        for rd in [None, True, False]:
            add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn,
                {"input": [0.5, 1.5, 2.0], "target": [1.0, -1.0, -1.0]},
                {"size_average": sa, "reduce": rd}, wrt=only_input)
    add(f"{fn}/error/reduction=foo", fn, {"input": [0.5, 0.2], "target": [1.0, -1.0]},
        {"reduction": "foo"}, wrt=only_input, error=True)
    add(f"{fn}/error/reduction=batchmean", fn, {"input": [0.5, 0.2], "target": [1.0, -1.0]},
        {"reduction": "batchmean"}, wrt=only_input, error=True)


def triplet():
    fn = "triplet_margin_loss"
    g = rng(fn)
    a, p, n = randn(g, (4, 3)), randn(g, (4, 3)), randn(g, (4, 3))
    abc = {"anchor": a, "positive": p, "negative": n}
    for red in REDS:
        add(f"{fn}/{rname(red)}/2d", fn, abc, rp({}, red))
        add(f"{fn}/{rname(red)}/1d", fn, {"anchor": randn(g, (5,)), "positive": randn(g, (5,)),
                                          "negative": randn(g, (5,))}, rp({}, red))
        add(f"{fn}/{rname(red)}/swap=True/2d", fn, abc, rp({"swap": True}, red))
    for pv in [None, 1.0, 2.0, 3.0, 1.5, INF, 1, 0.5]:
        for swap in [None, False, True]:
            if (type(pv) is int or pv == 0.5) and swap is False:
                continue
            prm = {}
            if pv is not None:
                prm["p"] = pv
            if swap is not None:
                prm["swap"] = swap
            pn = "p_omitted" if pv is None else f"p={pv!r}"
            sn = "swap_omitted" if swap is None else f"swap={swap}"
            add(f"{fn}/{pn}/{sn}", fn, abc, {**prm, "reduction": "none"})
    for m in [None, 1.0, 1e-3, 0.5, 2.0, 5.0]:
        for swap in [False, True]:
            prm = {"swap": swap}
            if m is not None:
                prm["margin"] = m
            add(f"{fn}/margin={m}/swap={swap}", fn, abc, prm)
    for eps in [None, 0.0, 1e-6, 1e-3, 0.5]:
        for pv in [1.0, 2.0, INF]:
            prm = {"p": pv, "reduction": "sum"}
            if eps is not None:
                prm["eps"] = eps
            add(f"{fn}/eps={eps}/p={pv}", fn, abc, prm)
    # margin-exact points with eps=0: d(a,p)=3, d(a,n)=4 -> hinge argument exactly 0 at margin=1
    exact = {"anchor": [[0.0, 0.0], [1.0, 1.0]], "positive": [[3.0, 0.0], [1.0, 3.0]],
             "negative": [[0.0, 4.0], [4.0, 1.0]]}
    for pv in [1.0, 2.0]:
        for swap in [False, True]:
            add(f"{fn}/margin_exact_zero/p={pv}/swap={swap}", fn, exact,
                {"eps": 0.0, "margin": 1.0, "p": pv, "swap": swap, "reduction": "none"})
    # swap ties: d(a,n) == d(p,n) exactly (eps=0) and a == p (any eps)
    tie = {"anchor": [[0.0, 0.0], [1.0, 2.0]], "positive": [[2.0, 0.0], [1.0, 2.0]],
           "negative": [[1.0, 1.0], [0.5, -1.0]]}
    for eps in [0.0, None]:
        for pv in [2.0, 1.0, INF]:
            prm = {"swap": True, "p": pv, "reduction": "none", "margin": 5.0}
            if eps is not None:
                prm["eps"] = eps
            add(f"{fn}/swap_tie/eps={eps}/p={pv}", fn, tie, prm)
    add(f"{fn}/anchor_eq_positive/eps=0/p=2", fn,
        {"anchor": [[1.0, 2.0], [0.0, 0.0]], "positive": [[1.0, 2.0], [0.0, 0.0]],
         "negative": [[0.0, 0.0], [0.5, 0.5]]}, {"eps": 0.0, "reduction": "none"})
    add(f"{fn}/anchor_eq_positive/eps=0/p=1", fn,
        {"anchor": [[1.0, 2.0], [0.0, 0.0]], "positive": [[1.0, 2.0], [0.0, 0.0]],
         "negative": [[0.0, 0.0], [0.5, 0.5]]}, {"eps": 0.0, "p": 1.0, "reduction": "none"})
    add(f"{fn}/anchor_eq_positive/eps=0/p=inf", fn,
        {"anchor": [[1.0, 2.0], [0.0, 0.0]], "positive": [[1.0, 2.0], [0.0, 0.0]],
         "negative": [[0.0, 0.0], [0.5, 0.5]]}, {"eps": 0.0, "p": INF, "reduction": "none"})
    add(f"{fn}/p=inf/ties_in_max", fn,
        {"anchor": [[0.0, 0.0, 0.0]], "positive": [[1.0, -1.0, 0.5]], "negative": [[2.0, 2.0, 0.0]]},
        {"p": INF, "eps": 0.0, "margin": 3.0, "reduction": "none"})
    add(f"{fn}/all_equal/eps=0", fn,
        {"anchor": [[1.0, 1.0]], "positive": [[1.0, 1.0]], "negative": [[1.0, 1.0]]},
        {"eps": 0.0, "swap": True, "reduction": "none"})
    add(f"{fn}/extremes", fn,
        {"anchor": [[1e3, -1e3], [1e-300, 0.0]], "positive": [[-1e3, 1e3], [0.0, -0.0]],
         "negative": [[0.0, 0.0], [1e-300, 1e-300]]}, {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn, abc, {"reduction": "none", "margin": 2.0},
        grad_output=randn(g, (4,)))
    add(f"{fn}/red=mean/gradout", fn, abc, {"margin": 2.0, "swap": True}, grad_output=2.5)
    add(f"{fn}/3d_inputs_accepted", fn,
        {"anchor": randn(g, (2, 2, 3)), "positive": randn(g, (2, 2, 3)),
         "negative": randn(g, (2, 2, 3))}, {"reduction": "none", "margin": 3.0})
    add(f"{fn}/broadcast_batch_of_1", fn,
        {"anchor": randn(g, (3, 2)), "positive": randn(g, (1, 2)), "negative": randn(g, (3, 2))},
        {"reduction": "none", "margin": 3.0})
    add(f"{fn}/p=0.0_accepted", fn, abc, {"p": 0.0, "reduction": "none", "margin": 2.0})
    add(f"{fn}/p=-1.0_accepted", fn, abc, {"p": -1.0, "reduction": "none", "margin": 2.0})
    add(f"{fn}/error/margin=0", fn, abc, {"margin": 0.0}, error=True)
    add(f"{fn}/error/margin=-1", fn, abc, {"margin": -1.0, "reduction": "none"}, error=True)
    add(f"{fn}/wrt_anchor_only", fn, abc, {}, wrt=["anchor"])
    add(f"{fn}/error/ndim_mismatch", fn,
        {"anchor": [[0.5, 1.0]], "positive": [1.0, 1.0], "negative": [[3.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/feature_size_mismatch", fn,
        {"anchor": [[0.5, 1.0]], "positive": [[1.0, 1.0, 2.0]], "negative": [[3.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/batch_size_mismatch", fn,
        {"anchor": [[0.5, 1.0], [1.0, 2.0]], "positive": [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]],
         "negative": [[3.0, 1.0], [0.0, 1.0]]}, {}, error=True)
    add(f"{fn}/error/swap_string", fn, abc, {"swap": "yes"}, error=True)
    add(f"{fn}/error/margin_string", fn, abc, {"margin": "1.0"}, error=True)
    reduction_errors(fn, abc)


def triplet_with_distance():
    fn = "triplet_margin_with_distance_loss"
    g = rng(fn)
    a, p, n = randn(g, (4, 3)), randn(g, (4, 3)), randn(g, (4, 3))
    abc = {"anchor": a, "positive": p, "negative": n}
    dists = [None, "pairwise_distance", "cosine_distance"]
    for dist in dists:
        for swap in [None, False, True]:
            for red in REDS:
                prm = {}
                if dist is not None:
                    prm["distance_function"] = dist
                if swap is not None:
                    prm["swap"] = swap
                add(f"{fn}/{pstr(prm)}/{rname(red)}", fn, abc, rp(prm, red))
        for m in [0.5, 2.0, 1e-3, 5.0]:
            prm = {"margin": m, "reduction": "none"}
            if dist is not None:
                prm["distance_function"] = dist
            add(f"{fn}/{pstr(prm)}", fn, abc, prm)
    cos = {"distance_function": "cosine_distance"}
    one = {"anchor": randn(g, (5,)), "positive": randn(g, (5,)), "negative": randn(g, (5,))}
    add(f"{fn}/1d", fn, one, {"reduction": "none"})
    add(f"{fn}/0d", fn, {"anchor": 0.5, "positive": 2.0, "negative": -1.0}, {"reduction": "none"})
    add(f"{fn}/error/cosine_1d", fn, one, cos, error=True)
    add(f"{fn}/error/cosine_0d", fn, {"anchor": 0.5, "positive": 2.0, "negative": -1.0}, cos,
        error=True)
    three = {"anchor": randn(g, (2, 3, 2)), "positive": randn(g, (2, 3, 2)),
             "negative": randn(g, (2, 3, 2))}
    for dist in dists[1:]:
        add(f"{fn}/3d/{dist}", fn, three, {"distance_function": dist, "reduction": "none",
                                           "margin": 2.0})
        add(f"{fn}/3d/{dist}/swap", fn, three, {"distance_function": dist, "swap": True,
                                                "margin": 2.0})
        add(f"{fn}/broadcast_batch_of_1/{dist}", fn,
            {"anchor": randn(g, (3, 2)), "positive": randn(g, (1, 2)), "negative": randn(g, (3, 2))},
            {"distance_function": dist, "reduction": "none", "margin": 2.0})
        add(f"{fn}/red=none/gradout/{dist}", fn, abc,
            {"distance_function": dist, "reduction": "none", "margin": 2.0},
            grad_output=randn(g, (4,)))
        add(f"{fn}/red=mean/gradout/{dist}", fn, abc,
            {"distance_function": dist, "swap": True, "margin": 1.5}, grad_output=2.5)
        add(f"{fn}/wrt_anchor_only/{dist}", fn, abc, {"distance_function": dist}, wrt=["anchor"])
        # Python compares NaN <= 0 as false and returns NaN; the harness refuses a NaN real
        # parameter, as it does for every function.
        add(f"{fn}/error/margin=nan/{dist}", fn, abc,
            {"distance_function": dist, "margin": NAN, "reduction": "none"},
            error="parameter 'margin': margin must be a number")
        add(f"{fn}/error/margin=0/{dist}", fn, abc, {"distance_function": dist, "margin": 0.0},
            error=True)
        add(f"{fn}/error/margin=-1/{dist}", fn, abc, {"distance_function": dist, "margin": -1.0},
            error=True)
    # Cosine's corners: a zero vector, norms below the 1e-8 clamp, anchor = positive, opposite
    # directions (the hinge exactly 0 at margin 1: d(a, p) = 1, d(a, n) = 2), swap ties, scale.
    add(f"{fn}/cosine/zero_and_tiny", fn,
        {"anchor": [[0.0, 0.0], [1e-9, 0.0], [3e-9, -4e-9], [1.0, 2.0]],
         "positive": [[1e-9, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]],
         "negative": [[1.0, 1.0], [1e-10, 1e-10], [-1.0, 0.5], [2.0, -1.0]]},
        {**cos, "reduction": "none", "margin": 2.0})
    add(f"{fn}/cosine/hinge_exactly_zero", fn,
        {"anchor": [[1.0, 0.0]], "positive": [[0.0, 1.0]], "negative": [[-1.0, 0.0]]},
        {**cos, "reduction": "none"})
    for swap in [False, True]:
        add(f"{fn}/cosine/anchor_eq_positive/swap={swap}", fn,
            {"anchor": [[1.0, 2.0], [0.5, -0.5]], "positive": [[1.0, 2.0], [0.5, -0.5]],
             "negative": [[2.0, -1.0], [1.0, 1.0]]},
            {**cos, "swap": swap, "reduction": "none", "margin": 2.5})
        add(f"{fn}/pairwise/anchor_eq_positive/swap={swap}", fn,
            {"anchor": [[1.0, 2.0], [0.5, -0.5]], "positive": [[1.0, 2.0], [0.5, -0.5]],
             "negative": [[2.0, -1.0], [1.0, 1.0]]},
            {"swap": swap, "reduction": "none", "margin": 5.0})
    add(f"{fn}/cosine/scaled", fn,
        {"anchor": (torch.tensor(a) * 1e6).tolist(), "positive": (torch.tensor(p) * 1e-6).tolist(),
         "negative": n}, {**cos, "reduction": "none", "margin": 1.5})
    for dist in dists[1:]:
        add(f"{fn}/extremes/{dist}", fn,
            {"anchor": [[1e150, -1e150], [1e-300, 0.0], [NAN, 1.0], [INF, 0.0]],
             "positive": [[-1e150, 1e150], [0.0, -0.0], [0.0, 1.0], [1.0, 0.0]],
             "negative": [[0.0, 0.0], [1e-300, 1e-300], [1.0, 1.0], [0.0, 1.0]]},
            {"distance_function": dist, "reduction": "none", "margin": 0.5})
    add(f"{fn}/error/ndim_mismatch", fn,
        {"anchor": [[0.5, 1.0]], "positive": [1.0, 1.0], "negative": [[3.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/feature_size_mismatch", fn,
        {"anchor": [[0.5, 1.0]], "positive": [[1.0, 1.0, 2.0]], "negative": [[3.0, 1.0]]}, cos,
        error=True)
    add(f"{fn}/error/distance_function=unknown", fn, abc, {"distance_function": "l1"},
        error=True)
    # Python takes any truthy swap; the harness takes true or false only.
    add(f"{fn}/error/swap_string", fn, abc, {"swap": "yes"},
        error="parameter 'swap': expected true or false")
    reduction_errors(fn, abc)


def cosine():
    fn = "cosine_embedding_loss"
    g = rng(fn)
    x1, x2 = randn(g, (5, 3)), randn(g, (5, 3))
    y = [1.0, -1.0, 1.0, -1.0, -1.0]
    for margin in [None, 0.0, 0.5, -0.5, 1.0, -1.0]:
        mp = {} if margin is None else {"margin": margin}
        mname = "margin_omitted" if margin is None else f"margin={margin}"
        for red in REDS:
            add(f"{fn}/{mname}/{rname(red)}/2d", fn, {"input1": x1, "input2": x2, "target": y},
                rp(mp, red))
        add(f"{fn}/{mname}/1d_scalar_target_pos", fn,
            {"input1": randn(g, (4,)), "input2": randn(g, (4,)), "target": 1.0}, mp)
        add(f"{fn}/{mname}/1d_scalar_target_neg", fn,
            {"input1": randn(g, (4,)), "input2": randn(g, (4,)), "target": -1.0}, mp)
    # kinks: cos == margin exactly (orthogonal vectors, margin 0), identical, opposite, zero vectors
    k1 = [[1.0, 0.0], [0.0, 2.0], [1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [3.0, 4.0],
          [1e3, -1e3], [1e-300, 1e-300]]
    k2 = [[0.0, 1.0], [3.0, 0.0], [1.0, 1.0], [-1.0, -1.0], [1.0, 2.0], [0.0, 0.0], [4.0, 3.0],
          [1e3, 1e3], [1e-300, 1e-300]]
    for tgt in [1.0, -1.0]:
        for margin in [0.0, 0.5, 0.96]:
            add(f"{fn}/kinks/target={tgt}/margin={margin}", fn,
                {"input1": k1, "input2": k2, "target": [tgt] * len(k1)},
                {"margin": margin, "reduction": "none"})
    add(f"{fn}/target_zero_and_int_like", fn,
        {"input1": x1, "input2": x2, "target": [0.0, 1.0, -1.0, 2.0, -2.0]},
        {"reduction": "none"})
    add(f"{fn}/int_target_accepted", fn, {"input1": x1, "input2": x2, "target": [1, -1, 1, -1, 1]},
        {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn, {"input1": x1, "input2": x2, "target": y},
        {"reduction": "none", "margin": 0.2}, grad_output=randn(g, (5,)))
    add(f"{fn}/red=sum/gradout", fn, {"input1": x1, "input2": x2, "target": y},
        {"reduction": "sum", "margin": -0.2}, grad_output=2.5)
    add(f"{fn}/wrt_input1_only", fn, {"input1": x1, "input2": x2, "target": y}, {},
        wrt=["input1"])
    add(f"{fn}/large_dim", fn, {"input1": randn(g, (2, 16)), "input2": randn(g, (2, 16)),
                                "target": [1.0, -1.0]}, {"reduction": "none"})
    add(f"{fn}/error/2d_target", fn, {"input1": x1, "input2": x2, "target": [[1.0]] * 5}, {},
        error=True)
    add(f"{fn}/error/1d_target_with_1d_inputs", fn,
        {"input1": [1.0, 2.0], "input2": [2.0, 1.0], "target": [1.0, 1.0]}, {}, error=True)
    add(f"{fn}/error/0d_target_with_2d_inputs", fn,
        {"input1": [[1.0, 2.0]], "input2": [[2.0, 1.0]], "target": 1.0}, {}, error=True)
    add(f"{fn}/error/input_shape_mismatch", fn,
        {"input1": [[1.0, 2.0, 3.0]], "input2": [[2.0, 1.0]], "target": [1.0]}, {}, error=True)
    add(f"{fn}/error/batch_mismatch", fn,
        {"input1": [[1.0, 2.0], [0.0, 1.0]], "input2": [[2.0, 1.0], [1.0, 1.0]],
         "target": [1.0, 1.0, 1.0]}, {}, error=True)
    add(f"{fn}/error/3d_inputs", fn,
        {"input1": [[[1.0, 2.0]]], "input2": [[[2.0, 1.0]]], "target": [[1.0]]}, {}, error=True)
    reduction_errors(fn, {"input1": x1, "input2": x2, "target": y})


def ratio():
    fn = "ratio_loss"
    g = rng(fn)
    for red in REDS:
        add(f"{fn}/{rname(red)}/1d", fn, {"anchor": randn(g, (4,)), "positive": randn(g, (4,)),
                                          "negative": randn(g, (4,))}, rp({}, red))
        add(f"{fn}/{rname(red)}/2d", fn, {"anchor": randn(g, (5, 3)), "positive": randn(g, (5, 3)),
                                          "negative": randn(g, (5, 3))}, rp({}, red))
        add(f"{fn}/{rname(red)}/2d_far_negatives", fn,
            {"anchor": randn(g, (3, 4)), "positive": randn(g, (3, 4), 0.1),
             "negative": randn(g, (3, 4), 5.0, 3.0)}, rp({}, red))
    add(f"{fn}/anchor_eq_positive", fn,
        {"anchor": [[1.0, 2.0], [0.5, -0.5]], "positive": [[1.0, 2.0], [0.5, -0.5]],
         "negative": [[0.0, 0.0], [3.0, 1.0]]}, {"reduction": "none"})
    add(f"{fn}/anchor_eq_negative", fn,
        {"anchor": [[1.0, 2.0], [0.5, -0.5]], "positive": [[0.0, 0.0], [3.0, 1.0]],
         "negative": [[1.0, 2.0], [0.5, -0.5]]}, {"reduction": "none"})
    add(f"{fn}/all_equal", fn, {"anchor": [1.0, 2.0], "positive": [1.0, 2.0],
                                "negative": [1.0, 2.0]}, {})
    add(f"{fn}/equal_distances", fn, {"anchor": [0.0, 0.0], "positive": [3.0, 4.0],
                                      "negative": [-4.0, 3.0]}, {})
    add(f"{fn}/large_distances", fn,
        {"anchor": [[0.0, 0.0], [0.0, 0.0], [1e3, 0.0]],
         "positive": [[1e3, 0.0], [0.0, 800.0], [-1e3, 0.0]],
         "negative": [[0.0, 1e3], [0.0, -1.0], [1e3, 1e3]]}, {"reduction": "none"})
    add(f"{fn}/tiny_distances", fn,
        {"anchor": [[1e-300, 0.0], [0.0, 0.0]], "positive": [[0.0, 0.0], [1e-8, 0.0]],
         "negative": [[0.0, 1e-300], [0.0, 2e-8]]}, {"reduction": "none"})
    add(f"{fn}/red=none/gradout", fn,
        {"anchor": randn(g, (4, 3)), "positive": randn(g, (4, 3)), "negative": randn(g, (4, 3))},
        {"reduction": "none"}, grad_output=randn(g, (4,)))
    add(f"{fn}/red=mean/gradout", fn,
        {"anchor": randn(g, (4, 3)), "positive": randn(g, (4, 3)), "negative": randn(g, (4, 3))},
        {}, grad_output=2.5)
    add(f"{fn}/wrt_anchor_only", fn,
        {"anchor": randn(g, (2, 3)), "positive": randn(g, (2, 3)), "negative": randn(g, (2, 3))},
        {}, wrt=["anchor"])
    add(f"{fn}/error/shape_mismatch", fn,
        {"anchor": [[0.0, 1.0]], "positive": [[0.0, 1.0, 2.0]], "negative": [[1.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/ndim_mismatch", fn,
        {"anchor": [[0.0, 1.0]], "positive": [0.0, 1.0], "negative": [[1.0, 1.0]]}, {},
        error=True)
    add(f"{fn}/error/3d_inputs", fn,
        {"anchor": [[[0.0, 1.0]]], "positive": [[[0.0, 1.0]]], "negative": [[[1.0, 1.0]]]}, {},
        error=True)
    add(f"{fn}/error/scalar_inputs", fn, {"anchor": 1.0, "positive": 2.0, "negative": 3.0}, {},
        error=True)
    add(f"{fn}/error/unknown_param", fn,
        {"anchor": [0.0, 1.0], "positive": [0.0, 1.0], "negative": [1.0, 1.0]}, {"margin": 1.0},
        error=True)
    reduction_errors(fn, {"anchor": [0.0, 1.0], "positive": [0.5, 1.0], "negative": [1.0, 1.0]})


def harness_errors():
    add("harness/error/unknown_function", "no_such_fn", {"input": [1.0]}, {},
        error="unknown function")
    add("harness/error/unknown_function_F_name_case", "ReLU", {"input": [1.0]}, {},
        error="unknown function")
    add("harness/error/unknown_param_elu_beta", "elu", {"input": [1.0]}, {"beta": 0.5},
        error=True)
    add("harness/error/unknown_param_relu_alpha", "relu", {"input": [1.0]}, {"alpha": 0.5},
        error=True)
    add("harness/error/unknown_param_linear", "linear", {"input": [1.0]}, {"alpha": 0.5},
        error=True)
    add("harness/error/unknown_param_mse_beta", "mse_loss", {"input": [1.0], "target": [0.0]},
        {"beta": 1.0}, error=True)
    add("harness/error/string_param_elu_alpha", "elu", {"input": [1.0]}, {"alpha": "0.5"},
        error=True)
    add("harness/error/string_param_leaky_slope", "leaky_relu", {"input": [1.0]},
        {"negative_slope": "x"}, error=True)
    add("harness/error/string_param_smooth_l1_beta", "smooth_l1_loss",
        {"input": [1.0], "target": [0.0]}, {"beta": "1"}, error=True)
    add("harness/error/string_param_softplus_beta", "softplus", {"input": [1.0]}, {"beta": "2"},
        error=True)
    add("harness/error/string_param_sine_omega", "sine", {"input": [1.0]}, {"omega_0": "30"},
        error=True)
    add("harness/error/string_param_linear_c", "linear", {"input": [1.0]}, {"c": "2"},
        error=True)
    add("harness/error/null_param_alpha", "elu", {"input": [1.0]}, {"alpha": None}, error=True)
    add("harness/error/bool_param_kl_log_target_string", "kl_div",
        {"input": [-1.0], "target": [0.5]}, {"log_target": "yes"}, error=True)
    add("harness/error/reduction_number", "mse_loss", {"input": [1.0], "target": [0.0]},
        {"reduction": 1}, error=True)
    add("harness/error/missing_input", "relu", {}, {}, error=True)
    add("harness/error/wrong_input_name", "relu", {"x": [1.0]}, {}, wrt=[], error=True)
    add("harness/error/wrt_unknown_name", "relu", {"input": [1.0]}, {}, wrt=["bogus"],
        error=True)
    add("harness/error/grad_output_shape_mismatch", "relu", {"input": [1.0, 2.0, 3.0]}, {},
        grad_output=[1.0, 2.0], error=True)
    add("harness/error/grad_output_shape_mismatch_scalar_out", "mse_loss",
        {"input": [1.0, 2.0], "target": [0.0, 0.0]}, {}, grad_output=[1.0, 2.0], error=True)
    add("harness/error/ragged_input", "relu", {"input": [[1.0, 2.0], [3.0]]}, {}, error=True)
    add("harness/error/string_input", "relu", {"input": "1.0"}, {}, error=True)


def signature_extras():
    """torch 2.15's elementwise `weight` of mse/l1/huber, the legacy size_average/reduce flags,
    and the `inplace`/`training` flags that do not change values."""
    for fn in ["mse_loss", "l1_loss", "huber_loss"]:
        for red in ["none", "mean", "sum"]:
            g = rng(f"{fn}/weight/{red}")
            x, y, w = randn(g, (3, 4), 2.0), randn(g, (3, 4), 2.0), rand(g, (3, 4), 0.0, 2.0)
            add(f"{fn}/weight/red={red}", fn, {"input": x, "target": y},
                {"reduction": red, "weight": w}, wrt=["input", "target", "weight"])
        g = rng(f"{fn}/weight/broadcast_target")
        add(f"{fn}/weight/broadcast_target", fn, {"input": randn(g, (3, 4)), "target": randn(g, (4,))},
            {"weight": rand(g, (3, 4))}, wrt=["input", "target"])
        add(f"{fn}/error/weight_size", fn, {"input": [[1.0, 2.0]], "target": [[0.0, 0.0]]},
            {"weight": [1.0, 2.0]}, error=True)
    legacy = ["mse_loss", "l1_loss", "smooth_l1_loss", "margin_ranking_loss"]
    for fn in legacy:
        for sa in [None, True, False]:
            for rd in [None, True, False]:
                g = rng(f"{fn}/legacy/{sa}/{rd}")
                if fn == "margin_ranking_loss":
                    inputs = {"input1": randn(g, (5,)), "input2": randn(g, (5,)),
                              "target": [1.0, -1.0, 1.0, -1.0, 1.0]}
                else:
                    inputs = {"input": randn(g, (2, 3)), "target": randn(g, (2, 3))}
                add(f"{fn}/legacy/size_average={sa}/reduce={rd}", fn, inputs,
                    {"size_average": sa, "reduce": rd})
    g = rng("nll/legacy")
    add("nll_loss/legacy/reduce=False", "nll_loss", {"input": logprobs(g, (3, 4)), "target": [0, 3, 1]},
        {"reduce": False})
    add("cross_entropy/legacy/size_average=False", "cross_entropy",
        {"input": randn(g, (3, 4)), "target": [0, 3, 1]}, {"size_average": False})
    for fn in ["relu", "leaky_relu", "elu", "selu", "celu", "relu6", "hardtanh", "hardsigmoid",
               "hardswish", "silu", "mish", "rrelu"]:
        add(f"{fn}/inplace=False", fn, {"input": [-2.0, -0.5, 0.0, 0.5, 2.0]}, {"inplace": False})
    add("threshold/inplace=False", "threshold", {"input": [-2.0, 0.0, 2.0]},
        {"threshold": 0.5, "value": -1.0, "inplace": False})
    add("relu/inplace=True/no_grad", "relu", {"input": [-2.0, 0.0, 2.0]}, {"inplace": True}, wrt=[])
    add("rrelu/training=False/explicit", "rrelu", {"input": [-2.0, 0.0, 2.0]},
        {"lower": 0.2, "upper": 0.4, "training": False})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    activations()
    glu()
    regression("mse_loss")
    regression("l1_loss")
    regression("smooth_l1_loss", "beta", [1.0, 0.5, 2.0, 0.0, 1e-3, 10.0], lambda v: v)
    add("smooth_l1_loss/error/beta=-1", "smooth_l1_loss", {"input": [0.0, 1.0],
                                                           "target": [1.0, 1.0]},
        {"beta": -1.0}, error=True)
    regression("huber_loss", "delta", [1.0, 0.5, 2.0, 1e-3, 10.0], lambda v: v)
    add("huber_loss/error/delta=0", "huber_loss", {"input": [0.0, 1.0], "target": [1.0, 1.0]},
        {"delta": 0.0}, error=True)
    add("huber_loss/error/delta=-1", "huber_loss", {"input": [0.0, 1.0], "target": [1.0, 1.0]},
        {"delta": -1.0}, error=True)
    nll_like("nll_loss")
    data = nll_like("cross_entropy")
    cross_entropy_extra(data)
    bce()
    bce_logits()
    soft_margin()
    multilabel_soft_margin()
    multi_margin()
    ctc()
    multilabel_margin()
    kl()
    poisson_nll()
    gaussian_nll()
    margin_ranking()
    hinge_embedding()
    triplet()
    triplet_with_distance()
    cosine()
    ratio()
    signature_extras()
    harness_errors()

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        for c in CASES:
            f.write(json.dumps(c, allow_nan=True) + "\n")

    per_fn = collections.Counter(c["fn"] for c in CASES)
    per_fn_err = collections.Counter(c["fn"] for c in CASES if "error" in c["expect"])
    width = max(len(k) for k in per_fn)
    print(f"torch {torch.__version__}; wrote {len(CASES)} cases to {os.path.relpath(args.out)} "
          f"({os.path.getsize(args.out)} bytes)")
    for k in FUNCS:
        if k in per_fn:
            print(f"  {k:<{width}}  {per_fn[k]:5d}  ({per_fn_err[k]} errors)")
    for k in sorted(set(per_fn) - set(FUNCS)):
        print(f"  {k:<{width}}  {per_fn[k]:5d}  ({per_fn_err[k]} errors)")
    print(f"  {'total':<{width}}  {len(CASES):5d}  ({sum(per_fn_err.values())} errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
