# Self-stabilization (docs/eos.md §4.2). Seed 0. MLPs and CNN: Fashion-MNIST pooled to 14×14; MLPs: first 500 training images, 196→32→32→10, squared loss (cat_mse); CNN: first 125 T-shirt/top and 125 Shirt images, Conv(8)-Conv(8)-Dense(1), binary squared loss. Transformer: 2 layers, width 8, 2 heads, on 200 sentences of the synthetic polarity task (length 8, vocabulary 32), binary squared loss. The paper uses CIFAR-10 5k, width 200 and SST-2 (tier paper: paper sizes).
# Runs: MLP tanh: η = 0.026 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.0029), completed 600 tracked steps; MLP softplus: η = 0.013 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.1141), completed 600 tracked steps; CNN tanh (binary): η = 0.073 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 3.9964), completed 300 tracked steps; Transformer tanh (binary): η = 0.027 (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = 29.5395), completed 300 tracked steps.
# Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
# Regenerate with: gnuplot eos_tracking_constants.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_tracking_constants." . format
  set multiplot layout 3,4 title "Along θ†: α, β, δ, ‖∇L⊥‖ and the eigengap" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_0.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_0.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_1.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_1.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_2.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_2.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): α and β along θ†"
  set xlabel "tracked step"
  set ylabel "α"
  set key top right font ",9"
  set y2label "β"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_3.dat' using 1:16 with lines lc rgb "#1f77b4" title "α = −∇L·∇S⊥", \
       'data/eos_tracking_3.dat' using 1:17 axes x1y2 with lines lc rgb "#ff7f0e" title "β = ‖∇S⊥‖²"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_0.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_0.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_1.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_1.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_2.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_2.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): δ and ‖∇L⊥‖"
  set xlabel "tracked step"
  set ylabel "δ"
  set key top right font ",9"
  set y2label "‖∇L⊥‖"
  set y2tics
  set ytics nomirror
  plot 'data/eos_tracking_3.dat' using 1:20 with lines lc rgb "#1f77b4" title "δ = √(2α/β)", \
       'data/eos_tracking_3.dat' using 1:18 axes x1y2 with lines lc rgb "#8c564b" title "‖∇L⊥‖"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP tanh: eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_0_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_0_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       76.92307692307692 with lines dt 2 lc rgb "black" title "2/η", \
       73.07692307692308 with lines dt 3 lc rgb "gray40" title "1.9/η"
  reset
  set grid lc rgb "#dddddd"
  set title "MLP softplus: eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_1_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_1_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       153.84615384615384 with lines dt 2 lc rgb "black" title "2/η", \
       146.15384615384616 with lines dt 3 lc rgb "gray40" title "1.9/η"
  reset
  set grid lc rgb "#dddddd"
  set title "CNN tanh (binary): eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_2_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_2_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       27.397260273972606 with lines dt 2 lc rgb "black" title "2/η", \
       26.027397260273972 with lines dt 3 lc rgb "gray40" title "1.9/η"
  reset
  set grid lc rgb "#dddddd"
  set title "Transformer tanh (binary): eigengap at θ†"
  set xlabel "tracked step"
  set ylabel "λ"
  set key top right font ",9"
  plot 'data/eos_tracking_3_checks.dat' using 1:2 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4" title "λ₁(θ†)", \
       'data/eos_tracking_3_checks.dat' using 1:3 with linespoints pt 5 ps 0.5 lc rgb "#d62728" title "λ₂(θ†)", \
       74.07407407407408 with lines dt 2 lc rgb "black" title "2/η", \
       70.37037037037037 with lines dt 3 lc rgb "gray40" title "1.9/η"
  unset multiplot
  set output
}
