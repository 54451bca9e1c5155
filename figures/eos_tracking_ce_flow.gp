# Self-stabilization (docs/eos.md §4.2). Fashion-MNIST T-shirt/top vs Shirt, first 250 images of each pooled to 14×14, MLP 196→32→32→2 tanh, cross-entropy, 2/η = 8·S(θ₀), seed 0; one GD run, two predictions.
# Runs: CE standard prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), the predicted dynamics diverged (L(θ† + v*) or S(θ† + v*) not finite) at tracked step 176; CE generalised prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), completed 600 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking_ce_flow.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_ce_flow." . format
  set multiplot layout 3,2 title "Phase 1 (progressive sharpening) and gradient flow against gradient descent" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_ce_0_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_ce_0_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_ce_1_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_ce_1_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_0.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_ce_0.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_1.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_ce_1.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_0.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_ce_0.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_1.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_ce_1.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  unset multiplot
  set output
}
