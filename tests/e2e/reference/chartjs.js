// Draws ELU, CELU (alpha 1), Softplus (beta 1, threshold 20) and their derivatives, 1,000 points
// each over [-5, 5], at 800x450 CSS px, and marks the drawing as `draw:chartjs`, the measure the
// bench times the app's first plot against (animation off: the chart draws in its constructor).
(() => {
  const start = performance.now();
  const N = 1000;
  const xs = Array.from({ length: N }, (_, i) => -5 + (10 * i) / (N - 1));
  const softplus = (x) => (x > 20 ? x : Math.log1p(Math.exp(x)));
  const sigmoid = (x) => 1 / (1 + Math.exp(-x));
  const curves = [
    ['ELU', (x) => (x > 0 ? x : Math.expm1(x))],
    ['CELU', (x) => Math.max(0, x) + Math.min(0, Math.expm1(x))],
    ['Softplus', softplus],
    ["ELU'", (x) => (x > 0 ? 1 : Math.exp(x))],
    ["CELU'", (x) => (x > 0 ? 1 : Math.exp(x))],
    ["Softplus'", (x) => (x > 20 ? 1 : sigmoid(x))],
  ];
  const colours = ['#0072b2', '#e69f00', '#009e73', '#0072b2', '#e69f00', '#009e73'];
  const datasets = curves.map(([label, f], i) => ({
    label,
    data: xs.map((x) => ({ x, y: f(x) })),
    borderColor: colours[i],
    borderDash: i >= 3 ? [6, 4] : [],
    borderWidth: 2,
    pointRadius: 0,
  }));
  new window.Chart(document.getElementById('chart'), {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: false,
      parsing: false,
      normalized: true,
      scales: { x: { type: 'linear', min: -5, max: 5 }, y: { type: 'linear' } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  performance.measure('draw:chartjs', { start });
})();
