# R5 (docs/representations.md §5.5): source Algorithm 1 on He₂ with n_s = 8d², frozen first layer, new ridge head on He₃ (same u). Seed means of test MSE on 20 000 fresh samples (σ² = 0); λ chosen on validation samples.
# Regenerate with: gnuplot rep_r5.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "rep_r5." . format
  set multiplot layout 1,2 title "Transfer: a new head on the learned first layer needs a number of target samples independent of d" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "(a) target test MSE against n_t"
  set logscale xy
  set xlabel "n_t"
  set ylabel "test MSE"
  set yrange [0.005:3]
  set key bottom left font ",7"
  set arrow from graph 0, first 0.15 to graph 1, first 0.15 nohead dt 3 lc rgb "gray40"
  plot 'data/rep_r5.dat' index 0 using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#2ca02c" title "transfer d = 16", \
     'data/rep_r5.dat' index 0 using 1:3 with lines dt 3 lc rgb "#2ca02c" title "RF-init", \
     'data/rep_r5.dat' index 0 using 1:4 with lines dt 2 lc rgb "#2ca02c" title "from scratch", \
     'data/rep_r5.dat' index 1 using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#ff7f0e" title "transfer d = 32", \
     'data/rep_r5.dat' index 1 using 1:3 with lines dt 3 lc rgb "#ff7f0e" title "RF-init", \
     'data/rep_r5.dat' index 1 using 1:4 with lines dt 2 lc rgb "#ff7f0e" title "from scratch", \
     'data/rep_r5.dat' index 2 using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#8c564b" title "transfer d = 64", \
     'data/rep_r5.dat' index 2 using 1:3 with lines dt 3 lc rgb "#8c564b" title "RF-init", \
     'data/rep_r5.dat' index 2 using 1:4 with lines dt 2 lc rgb "#8c564b" title "from scratch", \
     'data/rep_r5.dat' index 3 using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#e377c2" title "transfer d = 128", \
     'data/rep_r5.dat' index 3 using 1:3 with lines dt 3 lc rgb "#e377c2" title "RF-init", \
     'data/rep_r5.dat' index 3 using 1:4 with lines dt 2 lc rgb "#e377c2" title "from scratch"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) n_t*(0.15) against d (slope 0.139)"
  set logscale xy
  set xlabel "d"
  set ylabel "n_t*(0.15)"
  set xrange [10:200]
  set yrange [10:10000]
  set key top left
  plot 'data/rep_r5_thresholds.dat' using 1:2 with linespoints pt 7 ps 1 lc rgb "#1f77b4" title "transfer"
  unset multiplot
  set output
}
