# Self-stabilization (docs/eos.md §4.2). Fashion-MNIST T-shirt/top vs Shirt, first 250 images of each pooled to 14×14, MLP 196→32→32→2 tanh, cross-entropy, 2/η = 8·S(θ₀), seed 0; one GD run, two predictions.
# Runs: CE standard prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), the predicted dynamics diverged (L(θ† + v*) or S(θ† + v*) not finite) at tracked step 176; CE generalised prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), completed 600 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# β_{s→t} in the theory form (docs/eos.md §1.6; a track starts at every check, at most 4 live). Slices: solid L(θ† + xu) − L(θ†), dashed (u·∇L)x + ½Sx², dotted adds ∇³L[u,u,u]x³/6; x on linspace(−5δ, 5δ).
# Regenerate with: gnuplot eos_tracking_ce_assumptions.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_ce_assumptions." . format
  set multiplot layout 3,2 title "Along θ†: decay of β_{s→t}, the loss slice along u, and the higher derivatives ρ₃, ρ₄" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_ce_0_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_ce_0_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_ce_0_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_ce_0_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: β_{s→t}/β_s"
  set xlabel "t − s (steps)"
  set ylabel "|β_{s→t}| / β_s"
  set logscale y
  set key top right font ",8"
  plot 'data/eos_tracking_ce_1_beta.dat' index 0 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 0", \
     'data/eos_tracking_ce_1_beta.dat' index 1 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 50", \
     'data/eos_tracking_ce_1_beta.dat' index 2 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 100", \
     'data/eos_tracking_ce_1_beta.dat' index 3 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 150", \
     'data/eos_tracking_ce_1_beta.dat' index 4 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 200", \
     'data/eos_tracking_ce_1_beta.dat' index 5 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 250", \
     'data/eos_tracking_ce_1_beta.dat' index 6 using 1:3 with lines lw 1 lc rgb "#1f77b4" title "s = 300", \
     'data/eos_tracking_ce_1_beta.dat' index 7 using 1:3 with lines lw 1 lc rgb "#d62728" title "s = 350", \
     'data/eos_tracking_ce_1_beta.dat' index 8 using 1:3 with lines lw 1 lc rgb "#2ca02c" title "s = 400", \
     'data/eos_tracking_ce_1_beta.dat' index 9 using 1:3 with lines lw 1 lc rgb "#9467bd" title "s = 450", \
     'data/eos_tracking_ce_1_beta.dat' index 10 using 1:3 with lines lw 1 lc rgb "#ff7f0e" title "s = 500", \
     'data/eos_tracking_ce_1_beta.dat' index 11 using 1:3 with lines lw 1 lc rgb "#8c564b" title "s = 550"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_ce_0_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_ce_0_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_ce_0_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_ce_0_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 100", \
     'data/eos_tracking_ce_0_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_ce_0_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_ce_0_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 150", \
     'data/eos_tracking_ce_0_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_ce_0_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: loss slice along u at θ†"
  set xlabel "x/δ"
  set ylabel "L(θ† + xu) − L(θ†)"
  set key top center font ",8"
  plot 'data/eos_tracking_ce_1_slice.dat' index 0 using 1:2 with lines lw 1.5 lc rgb "#1f77b4" title "step 0", \
     'data/eos_tracking_ce_1_slice.dat' index 0 using 1:3 with lines dt 2 lc rgb "#1f77b4" title "quadratic", \
     'data/eos_tracking_ce_1_slice.dat' index 0 using 1:4 with lines dt 3 lc rgb "#1f77b4" title "cubic", \
     'data/eos_tracking_ce_1_slice.dat' index 1 using 1:2 with lines lw 1.5 lc rgb "#d62728" title "step 300", \
     'data/eos_tracking_ce_1_slice.dat' index 1 using 1:3 with lines dt 2 lc rgb "#d62728" title "quadratic", \
     'data/eos_tracking_ce_1_slice.dat' index 1 using 1:4 with lines dt 3 lc rgb "#d62728" title "cubic", \
     'data/eos_tracking_ce_1_slice.dat' index 2 using 1:2 with lines lw 1.5 lc rgb "#2ca02c" title "step 550", \
     'data/eos_tracking_ce_1_slice.dat' index 2 using 1:3 with lines dt 2 lc rgb "#2ca02c" title "quadratic", \
     'data/eos_tracking_ce_1_slice.dat' index 2 using 1:4 with lines dt 3 lc rgb "#2ca02c" title "cubic"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_ce_0_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_ce_0_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: ρ₃ and ρ₄ at θ†"
  set xlabel "tracked step"
  set ylabel "|ρ₃|"
  set y2label "|ρ₄|"
  set y2tics
  set ytics nomirror
  set key top right font ",8"
  plot 'data/eos_tracking_ce_1_monitors.dat' using 1:5 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "|ρ₃|", \
       'data/eos_tracking_ce_1_monitors.dat' using 1:6 axes x1y2 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "|ρ₄|"
  unset multiplot
  set output
}
