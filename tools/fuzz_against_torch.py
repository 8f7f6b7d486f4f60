"""Differential fuzzing: random calls of every function through PyTorch and through `nnfunc-eval`,
compared with the conformance tolerance. Needs torch (see requirements-fixtures.txt); never in CI.

    /opt/torch-venv/bin/python tools/fuzz_against_torch.py [N_PER_FN] [SEED]
"""
import json
import math
import random
import subprocess
import sys

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import gen_fixtures as G  # noqa: E402  (reuses its torch implementations of linear, sine, ratio_loss)

F64 = torch.float64


def rnd_tensor(r, shape, kind="normal"):
    n = 1
    for s in shape:
        n *= s
    vals = []
    for _ in range(n):
        u = r.random()
        if kind == "prob":
            v = r.choice([0.0, 1.0, r.random(), r.random(), 1e-12, 1 - 1e-12]) if u < 0.2 else r.random()
        elif kind == "sign":
            v = r.choice([1.0, -1.0])
        else:
            if u < 0.05:
                v = r.choice([0.0, -0.0, 1e-300, -1e-300, 1e3, -1e3, 800.0, -800.0])
            else:
                v = r.gauss(0, r.choice([0.5, 2.0, 10.0]))
        vals.append(v)
    t = torch.tensor(vals, dtype=F64).reshape(shape) if shape else torch.tensor(vals[0], dtype=F64)
    return t.tolist()


def case(r, fn, i):
    sh2 = [r.randint(1, 4), r.randint(1, 5)]
    red = r.choice(["none", "mean", "sum"])
    p, inp = {}, {}
    acts = {"relu": {}, "sigmoid": {}, "tanh": {}, "selu": {}, "relu6": {}, "logsigmoid": {}, "hardswish": {},
            "hardsigmoid": {}, "silu": {}, "mish": {}, "softsign": {}, "tanhshrink": {},
            "leaky_relu": {"negative_slope": lambda: r.uniform(-1, 1)},
            "softplus": {"beta": lambda: r.choice([1.0, 0.5, 2.0, r.uniform(0.1, 5)]), "threshold": lambda: r.choice([20.0, 1.0, r.uniform(0, 30)])},
            "elu": {"alpha": lambda: r.uniform(0, 3)}, "celu": {"alpha": lambda: r.uniform(0.05, 3)},
            "gelu": {"approximate": lambda: r.choice(["none", "tanh"])},
            "hardtanh": {"min_val": lambda: r.uniform(-3, 0), "max_val": lambda: r.uniform(0, 3)},
            "softshrink": {"lambd": lambda: r.uniform(0, 2)}, "hardshrink": {"lambd": lambda: r.uniform(0, 2)},
            "threshold": {"threshold": lambda: r.uniform(-2, 2), "value": lambda: r.uniform(-2, 2)},
            "rrelu": {"lower": lambda: r.uniform(0, 0.3), "upper": lambda: r.uniform(0.3, 0.6)},
            "linear": {"c": lambda: r.uniform(-3, 3)}, "sine": {"omega_0": lambda: r.uniform(0.5, 60)},
            "softmax": {"dim": lambda: r.choice([0, 1, -1])}, "softmin": {"dim": lambda: r.choice([0, 1, -1])},
            "log_softmax": {"dim": lambda: r.choice([0, 1, -1])}}
    if fn in acts:
        for k, gen in acts[fn].items():
            if r.random() < 0.8 or fn == "threshold":
                p[k] = gen()
        inp["input"] = rnd_tensor(r, sh2)
    elif fn == "prelu":
        inp["input"] = rnd_tensor(r, sh2)
        p["weight"] = r.choice([rnd_tensor(r, [sh2[1]]), r.uniform(-1, 1)])
    elif fn in ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"):
        inp["input"], inp["target"] = rnd_tensor(r, sh2), rnd_tensor(r, r.choice([sh2, sh2[1:]]))
        p["reduction"] = red
        if fn == "smooth_l1_loss":
            p["beta"] = r.choice([1.0, 0.0, r.uniform(0, 3)])
        if fn == "huber_loss":
            p["delta"] = r.uniform(0.01, 3)
    elif fn in ("nll_loss", "cross_entropy"):
        n, c = sh2
        extra = r.choice([[], [], [r.randint(1, 3)]])
        x = rnd_tensor(r, [n, c] + extra)
        tshape = [n] + extra
        t = torch.randint(0, c, tshape).tolist()
        p["reduction"] = red
        if r.random() < 0.3:
            p["weight"] = [r.uniform(0, 2) for _ in range(c)]
        if r.random() < 0.3:
            p["ignore_index"] = r.randint(0, c - 1)
        if fn == "cross_entropy":
            if r.random() < 0.4:
                p["label_smoothing"] = r.uniform(0, 1)
            if r.random() < 0.3:
                t = torch.softmax(torch.randn([n, c] + extra, dtype=F64), 1).tolist()
                p.pop("ignore_index", None)
        inp["input"], inp["target"] = x, t
    elif fn == "binary_cross_entropy":
        inp["input"], inp["target"] = rnd_tensor(r, sh2, "prob"), rnd_tensor(r, sh2, "prob")
        p["reduction"] = red
        if r.random() < 0.3:
            p["weight"] = rnd_tensor(r, [sh2[1]], "prob")
    elif fn == "binary_cross_entropy_with_logits":
        inp["input"], inp["target"] = rnd_tensor(r, sh2), rnd_tensor(r, sh2, "prob")
        p["reduction"] = red
        if r.random() < 0.3:
            p["weight"] = rnd_tensor(r, [sh2[1]], "prob")
        if r.random() < 0.4:
            p["pos_weight"] = [r.uniform(0, 5) for _ in range(sh2[1])]
    elif fn == "kl_div":
        inp["input"] = torch.log_softmax(torch.randn(sh2, dtype=F64), 1).tolist()
        lt = r.random() < 0.5
        tgt = torch.softmax(torch.randn(sh2, dtype=F64), 1)
        inp["target"] = (tgt.log() if lt else tgt).tolist()
        p["log_target"] = lt
        p["reduction"] = r.choice(["none", "mean", "sum", "batchmean"])
    elif fn in ("margin_ranking_loss",):
        n = r.randint(1, 6)
        inp["input1"], inp["input2"], inp["target"] = rnd_tensor(r, [n]), rnd_tensor(r, [n]), rnd_tensor(r, [n], "sign")
        p["margin"], p["reduction"] = r.uniform(-1, 2), red
    elif fn == "cosine_embedding_loss":
        n, d = sh2
        inp["input1"], inp["input2"], inp["target"] = rnd_tensor(r, [n, d]), rnd_tensor(r, [n, d]), rnd_tensor(r, [n], "sign")
        p["margin"], p["reduction"] = r.uniform(-1, 1), red
    elif fn in ("triplet_margin_loss", "ratio_loss"):
        sh = r.choice([sh2, sh2[1:]])
        inp["anchor"], inp["positive"], inp["negative"] = (rnd_tensor(r, sh) for _ in range(3))
        p["reduction"] = red
        if fn == "triplet_margin_loss":
            p["margin"] = r.uniform(0.01, 3)
            p["p"] = r.choice([1.0, 2.0, 3.0, 1.5, float("inf")])
            p["eps"] = r.choice([1e-6, 0.0, 1e-3])
            p["swap"] = r.random() < 0.5
    wrt = [k for k, v in inp.items() if not (k == "target" and fn in ("nll_loss", "cross_entropy") and "label" not in k and isinstance(json.loads(json.dumps(v)), list) and all(isinstance(a, int) for a in _flat(v)))]
    if fn == "cosine_embedding_loss":
        wrt = ["input1", "input2"]
    if fn == "prelu":
        wrt = ["input", "weight"]
    c = {"id": f"{fn}/{i}", "fn": fn, "params": p, "inputs": inp, "wrt": wrt}
    if r.random() < 0.3:
        c["grad_output"] = None  # placeholder: filled after the forward pass knows the shape
    return c


def _flat(v):
    return [a for b in v for a in _flat(b)] if isinstance(v, list) else [v]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    r = random.Random(seed)
    torch.manual_seed(seed)
    cases = []
    for fn in G.FUNCS:
        for i in range(n):
            c = case(r, fn, i)
            go = "grad_output" in c
            c.pop("grad_output", None)
            c = json.loads(json.dumps(c))
            expect, kept = G.evaluate(c)
            if go and "output" in expect:
                out = torch.tensor(expect["output"], dtype=F64)
                c["grad_output"] = (torch.rand(out.shape, dtype=F64) + 0.5).tolist()
                expect, kept = G.evaluate(c)
            c["wrt"] = kept
            cases.append((c, expect))
    proc = subprocess.run(["cargo", "run", "--quiet", "--release", "-p", "nnfunc", "--bin", "nnfunc-eval"],
                          input="\n".join(json.dumps(c) for c, _ in cases), capture_output=True, text=True)
    answers = proc.stdout.splitlines()
    bad = 0
    for (c, want), line in zip(cases, answers):
        got = json.loads(line)
        problem = None
        if "error" in want or "error" in got:
            if ("error" in want) != ("error" in got):
                problem = f"torch: {want.get('error')!r} ours: {got.get('error')!r}"
        else:
            pairs = [("output", got["output"], want["output"])] + [
                (f"grad.{k}", got["grad"].get(k), v) for k, v in want["grad"].items()]
            for name, g, w in pairs:
                if g is None:
                    problem = f"missing {name}"
                    break
                for a, b in zip(_flat(g), _flat(w)):
                    ok = (math.isnan(a) and math.isnan(b)) if (isinstance(b, float) and math.isnan(b)) else (
                        a == b if (isinstance(b, float) and math.isinf(b)) else abs(a - b) <= 1e-10 + 1e-8 * abs(b))
                    if not ok:
                        problem = f"{name}: got {a} want {b}"
                        break
                if problem:
                    break
        if problem:
            bad += 1
            if bad <= 40:
                print(c["id"], json.dumps(c["params"]), problem)
    print(f"fuzz: {len(cases) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
