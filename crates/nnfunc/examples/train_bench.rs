//! Training steps per second of the fixed workload (`nnfunc::train::bench`), natively:
//! `cargo run --release -p nnfunc --example train_bench`. Each round starts from a fresh, warmed-up
//! lab and times `STEPS` steps, exactly what the browser bench does; the best of three is printed.

use std::time::Instant;

use nnfunc::train::bench::{workload_lab, STEPS};

fn main() {
    let mut best = 0.0_f64;
    let mut loss = f64::NAN;
    for _ in 0..3 {
        let mut lab = match workload_lab() {
            Ok(lab) => lab,
            Err(e) => {
                eprintln!("the workload was refused: {e}");
                std::process::exit(1);
            }
        };
        let start = Instant::now();
        lab.step_n(STEPS);
        best = best.max(f64::from(STEPS) / start.elapsed().as_secs_f64());
        loss = lab
            .networks()
            .first()
            .and_then(|n| n.last_loss())
            .unwrap_or(f64::NAN);
    }
    println!(
        "train_bench: 2x64 ReLU MLP, Adam, batch 256, spirals: {best:.0} steps/s \
         (best of 3 fresh runs of {STEPS} steps; final batch loss {loss:.4})"
    );
}
