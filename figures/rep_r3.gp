# R3 (docs/representations.md §5.3): alignment after the first step (r = 1, target T1); at initialisation frac_in_span ≈ 1/d. Seed means of test MSE on 20 000 fresh samples (σ² = 0); λ chosen on validation samples. Width m = 1000.
# Regenerate with: gnuplot rep_r3.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "rep_r3." . format
  set multiplot layout 1,2 title "The learned first layer aligns with span(U) as a function of n/d² alone" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) fraction of ‖W⁽¹⁾‖² in span(U)"
  set logscale x
  set xlabel "n/d²"
  set ylabel "fraction of ‖W‖² in span(U)"
  set yrange [0:1]
  set key top left font ",9"
  plot 'data/rep_r3.dat' index 0 using 2:6 with linespoints pt 7 ps 0.6 lc rgb "#2ca02c" title "d = 16", \
     'data/rep_r3.dat' index 1 using 2:6 with linespoints pt 7 ps 0.6 lc rgb "#ff7f0e" title "d = 32", \
     'data/rep_r3.dat' index 2 using 2:6 with linespoints pt 7 ps 0.6 lc rgb "#8c564b" title "d = 64", \
     'data/rep_r3.dat' index 3 using 2:6 with linespoints pt 7 ps 0.6 lc rgb "#e377c2" title "d = 128"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) cosine of the largest principal angle"
  set logscale x
  set xlabel "n/d²"
  set ylabel "cosine of the largest principal angle"
  set yrange [0:1.02]
  set key bottom right font ",9"
  plot 'data/rep_r3.dat' index 0 using 2:7 with linespoints pt 7 ps 0.6 lc rgb "#2ca02c" title "d = 16", \
     'data/rep_r3.dat' index 1 using 2:7 with linespoints pt 7 ps 0.6 lc rgb "#ff7f0e" title "d = 32", \
     'data/rep_r3.dat' index 2 using 2:7 with linespoints pt 7 ps 0.6 lc rgb "#8c564b" title "d = 64", \
     'data/rep_r3.dat' index 3 using 2:7 with linespoints pt 7 ps 0.6 lc rgb "#e377c2" title "d = 128"
  unset multiplot
  set output
}
