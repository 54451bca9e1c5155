# Sensitivity at the edge of stability (issue 14, claim C13). The Transformer column of the tracking figure (polarity task, 200 sentences of length 8, width 8, binary squared loss, 2/η ≈ 30·S(θ₀), seed 0).
# GD from the phase-1 crossing θ_c and from θ_c + ε‖θ_c‖ξ_k (ξ_k random unit vectors, ε = 1e-10), one common θ†.
# Regenerate with: gnuplot eos_sensitivity_transformer.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_sensitivity_transformer." . format
  set multiplot layout 1,3 title "Tiny perturbations separate GD runs at the blowup, yet every run self-stabilizes around the same θ†" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) distance between runs: it jumps at the blowup"
  set logscale y
  set format y "10^{%L}"
  set xlabel "tracked step"
  set ylabel "‖θ_t − θ′_t‖"
  set key bottom right font ",8"
  plot 'data/eos_sensitivity_transformer.dat' using 1:7 with lines lw 1.2 lc rgb "#1f77b4" title "‖θ_t − θ′_t‖, ξ_1", \
     'data/eos_sensitivity_transformer.dat' using 1:8 with lines lw 1.2 lc rgb "#d62728" title "‖θ_t − θ′_t‖, ξ_2", \
     'data/eos_sensitivity_transformer.dat' using 1:9 with lines lw 1.2 lc rgb "#2ca02c" title "‖θ_t − θ′_t‖, ξ_3", \
     'data/eos_sensitivity_transformer.dat' using 1:2 with lines dt 2 lc rgb "gray40" title "δ_t"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) distance to the common θ†: bounded by a few δ"
  set xlabel "tracked step"
  set ylabel "‖θ_t − θ†_t‖"
  set key top right font ",8"
  plot 'data/eos_sensitivity_transformer.dat' using 1:3 with lines lw 1.6 lc rgb "#000000" title "from θ_c", \
     'data/eos_sensitivity_transformer.dat' using 1:4 with lines lw 1.0 lc rgb "#1f77b4" title "ξ_1", \
     'data/eos_sensitivity_transformer.dat' using 1:5 with lines lw 1.0 lc rgb "#d62728" title "ξ_2", \
     'data/eos_sensitivity_transformer.dat' using 1:6 with lines lw 1.0 lc rgb "#2ca02c" title "ξ_3", \
     'data/eos_sensitivity_transformer.dat' using 1:2 with lines dt 2 lc rgb "gray40" title "δ_t"
  reset
  set grid lc rgb "#dddddd"
  set title "(c) ⟨x²⟩/⟨δ²⟩ per slow cycle"
  set xlabel "cycle start (tracked step)"
  set ylabel "⟨x²⟩/⟨δ²⟩"
  set yrange [0:1.5]
  set offsets graph 0.05, graph 0.05, 0, 0
  set arrow from graph 0, first 0.8 to graph 1, first 0.8 nohead dt 3 lc rgb "gray40"
  set arrow from graph 0, first 1.2 to graph 1, first 1.2 nohead dt 3 lc rgb "gray40"
  set key top right font ",8"
  plot 'data/eos_sensitivity_transformer_cycles.dat' index 0 using 1:2 with points pt 7 ps 1.2 lc rgb "#000000" title "from θ_c", \
     'data/eos_sensitivity_transformer_cycles.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb "#1f77b4" title "ξ_1", \
     'data/eos_sensitivity_transformer_cycles.dat' index 2 using 1:2 with points pt 7 ps 1.2 lc rgb "#d62728" title "ξ_2", \
     'data/eos_sensitivity_transformer_cycles.dat' index 3 using 1:2 with points pt 7 ps 1.2 lc rgb "#2ca02c" title "ξ_3"
  unset multiplot
  set output
}
