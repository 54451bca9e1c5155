# R4 (docs/representations.md §5.4): multi-index target T2 at d = 64, r ∈ [1, 2, 4], n = d²r·k. The d²r term of the bound is conservative for this target: with Var f* = 1 the first-step signal does not shrink as r grows. Seed means of test MSE on 20 000 fresh samples (σ² = 0); λ chosen on validation samples. Width m = 1000.
# Regenerate with: gnuplot rep_r4.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "rep_r4." . format
  set multiplot layout 1,3 title "Dependence on the number of relevant directions r (d = 64)" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) test MSE against n/(d²r)"
  set logscale xy
  set xlabel "n/(d²r)"
  set ylabel "test MSE"
  set key bottom left
  plot 'data/rep_r4.dat' index 0 using 3:4 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#1f77b4" title "r = 1", \
     'data/rep_r4.dat' index 1 using 3:4 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#d62728" title "r = 2", \
     'data/rep_r4.dat' index 2 using 3:4 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#2ca02c" title "r = 4"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) fraction of ‖W‖² in span(U) against n/d²"
  set logscale x
  set yrange [0:1]
  set xlabel "n/d²"
  set ylabel "fraction of ‖W‖² in span(U)"
  set key top left
  plot 'data/rep_r4.dat' index 0 using 2:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#1f77b4" title "r = 1", \
     'data/rep_r4.dat' index 1 using 2:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#d62728" title "r = 2", \
     'data/rep_r4.dat' index 2 using 2:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#2ca02c" title "r = 4"
  reset
  set grid lc rgb "#dddddd"
  set title "(c) the same against n/(d²r)"
  set logscale x
  set yrange [0:1]
  set xlabel "n/(d²r)"
  set ylabel "fraction of ‖W‖² in span(U)"
  set key top left
  plot 'data/rep_r4.dat' index 0 using 3:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#1f77b4" title "r = 1", \
     'data/rep_r4.dat' index 1 using 3:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#d62728" title "r = 2", \
     'data/rep_r4.dat' index 2 using 3:5 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb "#2ca02c" title "r = 4"
  unset multiplot
  set output
}
