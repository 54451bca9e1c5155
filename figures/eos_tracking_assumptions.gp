# Self-stabilization (docs/eos.md §4.2). Seed 0. MLPs and CNN: Fashion-MNIST pooled to 14×14; MLPs: first 500 training images, 196→32→32→10, squared loss (cat_mse); CNN: first 125 T-shirt/top and 125 Shirt images, Conv(8)-Conv(8)-Dense(1), binary squared loss. Transformer: 2 layers, width 8, 2 heads, on 200 sentences of the synthetic polarity task (length 8, vocabulary 32), binary squared loss. The paper uses CIFAR-10 5k, width 200 and SST-2 (tier paper: paper sizes).
# Runs: MLP tanh: η = 0.026 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.0029), completed 600 tracked steps; MLP softplus: η = 0.013 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.1141), completed 600 tracked steps; CNN tanh (binary): η = 0.073 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.9964), completed 300 tracked steps; Transformer tanh (binary): η = 0.027 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 29.5395), completed 300 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# β_{s→t} in the theory form (docs/eos.md §1.6; a track starts at every check, at most 4 live). Slices: solid L(θ† + xu) − L(θ†), dashed (u·∇L)x + ½Sx², dotted adds ∇³L[u,u,u]x³/6; x on linspace(−5δ, 5δ).
# Regenerate with: gnuplot eos_tracking_assumptions.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_assumptions." . format
  set multiplot layout 3,4 title "Along θ†: decay of β_{s→t}, the loss slice along u, and the higher derivatives ρ₃, ρ₄" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_0_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_0_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_0_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_0_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150", \
     'data/eos_tracking_0_beta.dat' index 4 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 200", \
     'data/eos_tracking_0_beta.dat' index 5 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 250", \
     'data/eos_tracking_0_beta.dat' index 6 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 300", \
     'data/eos_tracking_0_beta.dat' index 7 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 350", \
     'data/eos_tracking_0_beta.dat' index 8 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 400", \
     'data/eos_tracking_0_beta.dat' index 9 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 450", \
     'data/eos_tracking_0_beta.dat' index 10 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 500", \
     'data/eos_tracking_0_beta.dat' index 11 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 550"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_1_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_1_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_1_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_1_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150", \
     'data/eos_tracking_1_beta.dat' index 4 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 200", \
     'data/eos_tracking_1_beta.dat' index 5 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 250", \
     'data/eos_tracking_1_beta.dat' index 6 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 300", \
     'data/eos_tracking_1_beta.dat' index 7 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 350", \
     'data/eos_tracking_1_beta.dat' index 8 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 400", \
     'data/eos_tracking_1_beta.dat' index 9 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 450", \
     'data/eos_tracking_1_beta.dat' index 10 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 500", \
     'data/eos_tracking_1_beta.dat' index 11 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 550"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_2_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_2_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_2_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_2_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150", \
     'data/eos_tracking_2_beta.dat' index 4 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 200", \
     'data/eos_tracking_2_beta.dat' index 5 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 250"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_3_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_3_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_3_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_3_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150", \
     'data/eos_tracking_3_beta.dat' index 4 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 200", \
     'data/eos_tracking_3_beta.dat' index 5 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 250"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_0_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_0_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_0_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_0_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 300", \
     'data/eos_tracking_0_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_0_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_0_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 550", \
     'data/eos_tracking_0_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_0_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_1_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_1_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_1_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_1_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 300", \
     'data/eos_tracking_1_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_1_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_1_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 550", \
     'data/eos_tracking_1_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_1_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_2_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_2_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_2_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_2_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 150", \
     'data/eos_tracking_2_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_2_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_2_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 250", \
     'data/eos_tracking_2_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_2_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_3_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_3_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_3_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_3_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 150", \
     'data/eos_tracking_3_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_3_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_3_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 250", \
     'data/eos_tracking_3_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_3_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_0_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_0_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_1_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_1_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_2_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_2_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_3_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_3_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  unset multiplot
  set output
}
