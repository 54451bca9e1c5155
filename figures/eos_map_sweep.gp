# F2b (docs/eos.md §4.2): eq. (3) with η = 0.01, y₀ = -0.5, 4000 steps, for several (α, β, x₀); the divergent run uses η = 0.1.
# Regenerate with: gnuplot eos_map_sweep.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "eos_map_sweep." . format
  set multiplot layout 2,2 title "Eq. (3) across (α, β, x₀): cycle averages hold, g drifts, large η diverges" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) x²/δ² on a log scale"
  set logscale y
  set xlabel "step"
  set ylabel "x_t²/δ²"
  set key bottom right font ",8"
  plot 'data/eos_map_sweep.dat' index 0 using 1:2 with lines lc rgb "#1f77b4" title "α = 1, β = 1, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 1 using 1:2 with lines lc rgb "#d62728" title "α = 0.5, β = 2, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 2 using 1:2 with lines lc rgb "#2ca02c" title "α = 2, β = 0.5, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 3 using 1:2 with lines lc rgb "#9467bd" title "α = 1, β = 1, x₀ = 0.01"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) per-cycle ⟨x²⟩/δ²"
  set xlabel "cycle"
  set ylabel "⟨x²⟩/δ²"
  set yrange [0.9:1.1]
  set key top right font ",8"
  plot 'data/eos_map_sweep_cycles.dat' index 0 using 1:2 with linespoints pt 7 lc rgb "#1f77b4" title "α = 1, β = 1, x₀ = 0.1", \
     'data/eos_map_sweep_cycles.dat' index 1 using 1:2 with linespoints pt 7 lc rgb "#d62728" title "α = 0.5, β = 2, x₀ = 0.1", \
     'data/eos_map_sweep_cycles.dat' index 2 using 1:2 with linespoints pt 7 lc rgb "#2ca02c" title "α = 2, β = 0.5, x₀ = 0.1", \
     'data/eos_map_sweep_cycles.dat' index 3 using 1:2 with linespoints pt 7 lc rgb "#9467bd" title "α = 1, β = 1, x₀ = 0.01", 1 with lines dt 2 lc rgb "black" notitle
  reset
  set grid lc rgb "#dddddd"
  set title "(c) the conserved quantity g drifts slowly upward"
  set xlabel "step"
  set ylabel "g(x_t, y_t)"
  set key top left font ",8"
  plot 'data/eos_map_sweep.dat' index 0 using 1:4 with lines lc rgb "#1f77b4" title "α = 1, β = 1, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 1 using 1:4 with lines lc rgb "#d62728" title "α = 0.5, β = 2, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 2 using 1:4 with lines lc rgb "#2ca02c" title "α = 2, β = 0.5, x₀ = 0.1", \
     'data/eos_map_sweep.dat' index 3 using 1:4 with lines lc rgb "#9467bd" title "α = 1, β = 1, x₀ = 0.01"
  reset
  set grid lc rgb "#dddddd"
  set title "(d) η = 0.1: eq. (3) diverges"
  set logscale y
  set format y "10^{%L}"
  set xlabel "step"
  set ylabel "x_t²"
  plot 'data/eos_map_sweep.dat' index 4 using 1:2 with lines lc rgb "black" title "x_t²"
  unset multiplot
  set output
}
