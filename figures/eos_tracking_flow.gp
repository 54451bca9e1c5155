# Self-stabilization (docs/eos.md §4.2). Seed 0. MLPs and CNN: Fashion-MNIST pooled to 14×14; MLPs: first 500 training images, 196→32→32→10, squared loss (cat_mse); CNN: first 125 T-shirt/top and 125 Shirt images, Conv(8)-Conv(8)-Dense(1), binary squared loss. Transformer: 2 layers, width 8, 2 heads, on 200 sentences of the synthetic polarity task (length 8, vocabulary 32), binary squared loss. The paper uses CIFAR-10 5k, width 200 and SST-2 (tier paper: paper sizes).
# Runs: MLP tanh: η = 0.026 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.0029), completed 600 tracked steps; MLP softplus: η = 0.013 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.1141), completed 600 tracked steps; CNN tanh (binary): η = 0.073 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.9964), completed 300 tracked steps; Transformer tanh (binary): η = 0.027 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 29.5395), completed 300 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking_flow.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_flow." . format
  set multiplot layout 3,4 title "Phase 1 (progressive sharpening) and gradient flow against gradient descent" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_0_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_0_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       76.92307692307692 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_1_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_1_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       153.84615384615384 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_2_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_2_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       27.397260273972606 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): phase 1, progressive sharpening"
  set xlabel "time t = step·η"
  set ylabel "S"
  set y2label "L"
  set y2tics
  set ytics nomirror
  set key bottom right font ",9"
  plot 'data/eos_tracking_3_phase1.dat' using 1:3 with linespoints pt 7 ps 0.3 lc rgb "#2ca02c" title "S at checks", \
       'data/eos_tracking_3_phase1.dat' using 1:2 axes x1y2 with lines lc rgb "#9467bd" title "L", \
       74.07407407407408 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_0.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_0.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       76.92307692307692 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_1.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_1.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       153.84615384615384 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_2.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_2.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       27.397260273972606 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): sharpness: GD against gradient flow"
  set xlabel "tracked step"
  set ylabel "S"
  set key top right font ",9"
  plot 'data/eos_tracking_3.dat' using 1:5 with lines lw 0.6 lc rgb "#999999" title "S(θ_t) (GD)", \
       'data/eos_tracking_3.dat' using 1:13 with lines lw 1.2 lc rgb "#2ca02c" title "S(θ_{GF})", \
       74.07407407407408 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_0.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_0.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_1.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_1.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_2.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_2.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): distance to θ†"
  set xlabel "tracked step"
  set ylabel "‖· − θ†‖"
  set key top right font ",9"
  plot 'data/eos_tracking_3.dat' using 1:15 with lines lw 0.8 lc rgb "#999999" title "‖θ_t − θ†_t‖ (GD)", \
       'data/eos_tracking_3.dat' using 1:14 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_{GF} − θ†_t‖"
  unset multiplot
  set output
}
