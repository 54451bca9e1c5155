# Self-stabilization (docs/eos.md §4.2). Seed 0. MLPs and CNN: Fashion-MNIST pooled to 14×14; MLPs: first 500 training images, 196→32→32→10, squared loss (cat_mse); CNN: first 125 T-shirt/top and 125 Shirt images, Conv(8)-Conv(8)-Dense(1), binary squared loss. Transformer: 2 layers, width 8, 2 heads, on 200 sentences of the synthetic polarity task (length 8, vocabulary 32), binary squared loss. The paper uses CIFAR-10 5k, width 200 and SST-2 (tier paper: paper sizes).
# Runs: MLP tanh: η = 0.026 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.0029), completed 600 tracked steps; MLP softplus: η = 0.013 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.1141), completed 600 tracked steps; CNN tanh (binary): η = 0.073 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.9964), completed 300 tracked steps; Transformer tanh (binary): η = 0.027 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 29.5395), completed 300 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking." . format
  set multiplot layout 3,4 title "Gradient descent, predicted dynamics θ† + v* and constrained trajectory θ†" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.09775953985629231:0.1653090508672643]
  plot 'data/eos_tracking_0.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_0.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_0.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.22313352654015256:0.3700343754239042]
  plot 'data/eos_tracking_1.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_1.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_1.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.35775758512565414:0.8350852043901238]
  plot 'data/eos_tracking_2.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_2.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_2.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): train loss"
  set xlabel "tracked step"
  set ylabel "L"
  set key top right font ",9"
  set yrange [0.5094182436988018:0.9649794336420595]
  plot 'data/eos_tracking_3.dat' using 1:2 with lines lw 0.6 lc rgb "#999999" title "L(θ_t) (GD)", \
       'data/eos_tracking_3.dat' using 1:3 with lines lw 1.2 lc rgb "#d62728" title "L(θ† + v*) (predicted)", \
       'data/eos_tracking_3.dat' using 1:4 with lines dt 2 lw 1.2 lc rgb "#1f77b4" title "L(θ†)"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [71.93615201321568:84.21539774470895]
  plot 'data/eos_tracking_0.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_0.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_0.dat' using 1:(76.92307692307692 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_0.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       76.92307692307692 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [145.84666793505386:162.61506241245806]
  plot 'data/eos_tracking_1.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_1.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_1.dat' using 1:(153.84615384615384 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_1.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       153.84615384615384 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [18.569431039931246:37.050289271317894]
  plot 'data/eos_tracking_2.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_2.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_2.dat' using 1:(27.397260273972606 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_2.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       27.397260273972606 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): sharpness"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  set yrange [58.639090510062836:92.90023787615705]
  plot 'data/eos_tracking_3.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_3.dat' using 1:6 with lines lw 1.2 lc rgb "#d62728" title "S(θ† + v*)", \
       'data/eos_tracking_3.dat' using 1:(74.07407407407408 + $8) with lines lw 0.8 lc rgb "#ff7f0e" title "2/η + y*", \
       'data/eos_tracking_3.dat' using 1:7 with lines lw 1 lc rgb "#1f77b4" title "S(θ†)", \
       74.07407407407408 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.03784139571291905:0.03784139571291905]
  plot 'data/eos_tracking_0.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_0.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_0.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_0.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.04546279665237226:0.04546279665237226]
  plot 'data/eos_tracking_1.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_1.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_1.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_1.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.2106119412592266:0.2106119412592266]
  plot 'data/eos_tracking_2.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_2.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_2.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_2.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): deviation along u"
  set xlabel "tracked step"
  set ylabel "x = u·(θ − θ†)"
  set key top right font ",9"
  set yrange [-0.11637737982012557:0.11637737982012557]
  plot 'data/eos_tracking_3.dat' using 1:9 with lines lw 0.5 lc rgb "#999999" title "x_t (GD)", \
       'data/eos_tracking_3.dat' using 1:10 with lines lw 0.5 lc rgb "#d62728" title "x*_t (predicted)", \
       'data/eos_tracking_3.dat' using 1:20 with lines dt 2 lc rgb "black" title "±δ_t", \
       'data/eos_tracking_3.dat' using 1:(-$20) with lines dt 2 lc rgb "black" notitle
  unset multiplot
  set output
}
