# Progressive sharpening and the edge of stability (docs/eos.md §1.1). Fashion-MNIST 500 images at 14×14, MLP 196→32→32→10 tanh, squared loss, seed 0.
# η = 0.052 (2/η = 1.5014·S(θ₀): η rounded to two significant digits): crossing at step 280, S·η/2 after it 1.05 (0.976–1.24); η = 0.039 (2/η = 2.0019·S(θ₀): η rounded to two significant digits): crossing at step 680, S·η/2 after it 1.04 (1–1.19); η = 0.026 (2/η = 3.0029·S(θ₀): η rounded to two significant digits): crossing at step 1720, S·η/2 after it 1.02 (0.944–1.13).
# Gradient flow integrates the same time t = step·η by explicit Euler sub-steps.
# Regenerate with: gnuplot eos_sharpening.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1800,620 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 11.25in,3.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_sharpening." . format
  set multiplot layout 1,3 title "Progressive sharpening, edge of stability, and gradient flow" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) sharpness: S rises to 2/η and hovers there"
  set xlabel "step"
  set ylabel "S(θ_t)"
  set key top left font ",9"
  plot 'data/eos_sharpening_0.dat' using 1:3 with lines lw 1.2 lc rgb "#1f77b4" title "S(θ_t), η = 0.052", '' using 1:5 with lines dt 2 lc rgb "#1f77b4" title "2/η", \
       'data/eos_sharpening_1.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "S(θ_t), η = 0.039", '' using 1:5 with lines dt 2 lc rgb "#d62728" title "2/η", \
       'data/eos_sharpening_2.dat' using 1:3 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_t), η = 0.026", '' using 1:5 with lines dt 2 lc rgb "#2ca02c" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) training loss"
  set xlabel "step"
  set ylabel "L(θ_t)"
  set logscale y
  set key top right font ",9"
  plot 'data/eos_sharpening_0_loss.dat' using 1:2 with lines lw 0.8 lc rgb "#1f77b4" title "η = 0.052", \
       'data/eos_sharpening_1_loss.dat' using 1:2 with lines lw 0.8 lc rgb "#d62728" title "η = 0.039", \
       'data/eos_sharpening_2_loss.dat' using 1:2 with lines lw 0.8 lc rgb "#2ca02c" title "η = 0.026"
  reset
  set grid lc rgb "#dddddd"
  set title "(c) gradient descent against gradient flow"
  set xlabel "time t = step·η"
  set ylabel "S"
  set key top left font ",8"
  plot 'data/eos_sharpening_0.dat' using 2:3 with lines lw 1 lc rgb "#1f77b4" title "GD, η = 0.052", '' using 2:4 with lines dt 3 lw 1.5 lc rgb "#1f77b4" title "gradient flow", '' using 2:5 with lines dt 2 lw 0.6 lc rgb "#1f77b4" notitle, \
       'data/eos_sharpening_1.dat' using 2:3 with lines lw 1 lc rgb "#d62728" title "GD, η = 0.039", '' using 2:4 with lines dt 3 lw 1.5 lc rgb "#d62728" title "gradient flow", '' using 2:5 with lines dt 2 lw 0.6 lc rgb "#d62728" notitle, \
       'data/eos_sharpening_2.dat' using 2:3 with lines lw 1 lc rgb "#2ca02c" title "GD, η = 0.026", '' using 2:4 with lines dt 3 lw 1.5 lc rgb "#2ca02c" title "gradient flow", '' using 2:5 with lines dt 2 lw 0.6 lc rgb "#2ca02c" notitle
  unset multiplot
  set output
}
