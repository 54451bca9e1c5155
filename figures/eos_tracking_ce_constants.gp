# Self-stabilization (docs/eos.md §4.2). Fashion-MNIST T-shirt/top vs Shirt, first 250 images of each pooled to 14×14, MLP 196→32→32→2 tanh, cross-entropy, 2/η = 8·S(θ₀), seed 0; one GD run, two predictions.
# Runs: CE standard prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), the predicted dynamics diverged (L(θ† + v*) or S(θ† + v*) not finite) at tracked step 176; CE generalised prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), completed 600 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking_ce_constants.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_ce_constants." . format
  set multiplot layout 3,2 title "Along θ†: α, β, δ, ‖∇L⊥‖ and the eigengap" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_ce_0.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_ce_0.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_ce_1.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_ce_1.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_ce_0.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_ce_0.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_ce_1.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_ce_1.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_0_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_ce_0_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η", \
       27.941176470588232 with lines dt 3 lc rgb "gray40" title "1.9/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_ce_1_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_ce_1_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η", \
       27.941176470588232 with lines dt 3 lc rgb "gray40" title "1.9/η"
  unset multiplot
  set output
}
