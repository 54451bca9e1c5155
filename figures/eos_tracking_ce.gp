# Self-stabilization (docs/eos.md §4.2). Fashion-MNIST T-shirt/top vs Shirt, first 250 images of each pooled to 14×14, MLP 196→32→32→2 tanh, cross-entropy, 2/η = 8·S(θ₀), seed 0; one GD run, two predictions.
# Runs: CE standard prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), the predicted dynamics diverged (L(θ† + v*) or S(θ† + v*) not finite) at tracked step 176; CE generalised prediction: η = 0.068 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 8.0179), completed 600 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking_ce.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_ce." . format
  set multiplot layout 3,2 title "Gradient descent, predicted dynamics θ† + v* and constrained trajectory θ†" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.20812169447723575:0.47151848958288956]
  plot 'data/eos_tracking_ce_0.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_ce_0.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_ce_0.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.059204907594956294:0.48505637929946044]
  plot 'data/eos_tracking_ce_1.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_ce_1.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_ce_1.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [8.103005896917107:44.64116661402193]
  plot 'data/eos_tracking_ce_0.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_ce_0.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_ce_0.dat' using 1:(29.41176470588235 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_ce_0.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [8.103005896917107:44.64116661402193]
  plot 'data/eos_tracking_ce_1.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_ce_1.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_ce_1.dat' using 1:(29.41176470588235 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_ce_1.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       29.41176470588235 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CE standard prediction: deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.13691799823638964:0.13691799823638964]
  plot 'data/eos_tracking_ce_0.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_ce_0.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_ce_0.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_ce_0.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  reset
  set grid lc rgb "#dddddd"
  set title "CE generalised prediction: deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.13691799823638964:0.13691799823638964]
  plot 'data/eos_tracking_ce_1.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_ce_1.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_ce_1.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_ce_1.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  unset multiplot
  set output
}
