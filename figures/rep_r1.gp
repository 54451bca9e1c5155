# R1 (docs/representations.md §5.1, a designed figure; the paper has no experimental figures). Seed means of test MSE on 20 000 fresh samples (σ² = 0); λ chosen on validation samples. Width m = 1000.
# Regenerate with: gnuplot rep_r1.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "rep_r1." . format
  set multiplot layout 2,2 title "Test MSE against n: the network needs n ≍ d², kernels n ≍ d³ (target T1, p = 3)" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set logscale xy
  set format x "10^{%L}"
  set ylabel "test MSE"
  set yrange [0.005:2]
  set key bottom left font ",8"
  set arrow from graph 0, first 0.15 to graph 1, first 0.15 nohead dt 3 lc rgb "gray40"
  set title "(a) Algorithm 1 on T1 (solid), RF-init (dashed)"
  set xlabel "n"
  plot 'data/rep_r1.dat' index 0 using 1:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#2ca02c" title "net d = 16", \
     'data/rep_r1.dat' index 1 using 1:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#ff7f0e" title "net d = 32", \
     'data/rep_r1.dat' index 2 using 1:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#8c564b" title "net d = 64", \
     'data/rep_r1.dat' index 3 using 1:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#e377c2" title "net d = 128", \
     'data/rep_r1.dat' index 8 using 1:4 with linespoints dt 2 pt 6 ps 0.6 lc rgb "#2ca02c" title "RF-init d = 16", \
     'data/rep_r1.dat' index 9 using 1:4 with linespoints dt 2 pt 6 ps 0.6 lc rgb "#ff7f0e" title "RF-init d = 32"
  reset
  set grid lc rgb "#dddddd"
  set logscale xy
  set format x "10^{%L}"
  set ylabel "test MSE"
  set yrange [0.005:2]
  set key bottom left font ",8"
  set arrow from graph 0, first 0.15 to graph 1, first 0.15 nohead dt 3 lc rgb "gray40"
  set title "(b) RF kernel ridge (solid) and Algorithm 1 at the same d (dotted)"
  set xlabel "n"
  plot 'data/rep_r1.dat' index 10 using 1:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#1f77b4" title "RF-KRR d = 8", \
     'data/rep_r1.dat' index 11 using 1:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#d62728" title "RF-KRR d = 12", \
     'data/rep_r1.dat' index 12 using 1:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#2ca02c" title "RF-KRR d = 16", \
     'data/rep_r1.dat' index 13 using 1:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#9467bd" title "RF-KRR d = 24", \
     'data/rep_r1.dat' index 4 using 1:4 with linespoints dt 3 pt 6 ps 0.5 lc rgb "#1f77b4" title "net d = 8", \
     'data/rep_r1.dat' index 5 using 1:4 with linespoints dt 3 pt 6 ps 0.5 lc rgb "#d62728" title "net d = 12", \
     'data/rep_r1.dat' index 6 using 1:4 with linespoints dt 3 pt 6 ps 0.5 lc rgb "#2ca02c" title "net d = 16", \
     'data/rep_r1.dat' index 7 using 1:4 with linespoints dt 3 pt 6 ps 0.5 lc rgb "#9467bd" title "net d = 24"
  reset
  set grid lc rgb "#dddddd"
  set logscale xy
  set format x "10^{%L}"
  set ylabel "test MSE"
  set yrange [0.005:2]
  set key bottom left font ",8"
  set arrow from graph 0, first 0.15 to graph 1, first 0.15 nohead dt 3 lc rgb "gray40"
  set title "(c) Algorithm 1 against n/d²: the curves collapse"
  set xlabel "n/d²"
  plot 'data/rep_r1.dat' index 0 using 2:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#2ca02c" title "net d = 16", \
     'data/rep_r1.dat' index 1 using 2:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#ff7f0e" title "net d = 32", \
     'data/rep_r1.dat' index 2 using 2:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#8c564b" title "net d = 64", \
     'data/rep_r1.dat' index 3 using 2:4 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb "#e377c2" title "net d = 128"
  reset
  set grid lc rgb "#dddddd"
  set logscale xy
  set format x "10^{%L}"
  set ylabel "test MSE"
  set yrange [0.005:2]
  set key bottom left font ",8"
  set arrow from graph 0, first 0.15 to graph 1, first 0.15 nohead dt 3 lc rgb "gray40"
  set title "(d) kernel ridge against n/d³: the curves collapse"
  set xlabel "n/d³"
  plot 'data/rep_r1.dat' index 10 using 3:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#1f77b4" title "RF-KRR d = 8", \
     'data/rep_r1.dat' index 11 using 3:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#d62728" title "RF-KRR d = 12", \
     'data/rep_r1.dat' index 12 using 3:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#2ca02c" title "RF-KRR d = 16", \
     'data/rep_r1.dat' index 13 using 3:4 with linespoints pt 5 ps 0.6 lw 1.5 lc rgb "#9467bd" title "RF-KRR d = 24"
  unset multiplot
  set output
}
