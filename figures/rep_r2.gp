# R2 (docs/representations.md §5.2): n*(ε) by log-linear interpolation of seed-averaged curves; censored points omitted. Seed means of test MSE on 20 000 fresh samples (σ² = 0); λ chosen on validation samples. Width m = 1000.
# Regenerate with: gnuplot rep_r2.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "rep_r2." . format
  set multiplot layout 1,3 title "Samples needed against d: slope ≈ 2 for the network, ≈ p = 3 for kernels" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set title "n*(ε) for ε = 0.2"
  set logscale xy
  set xlabel "d"
  set ylabel "n*(ε)"
  set xrange [6:160]
  set key top left font ",8"
  plot 'data/rep_r2.dat' index 0 using 1:2 with points pt 7 ps 1 lc rgb "#1f77b4" title "network (slope 1.55 ± 0.0669)", \
     'data/rep_r2.dat' index 1 using 1:2 with points pt 5 ps 1 lc rgb "#d62728" title "RF-KRR (slope 1.92 ± 0.196)", \
     'data/rep_r2.dat' index 2 using 1:2 with points pt 6 ps 1 lc rgb "#1f77b4" title "network, small d (not fitted)", \
     515.6195546850172 * (x / 16)**2 with lines dt 2 lc rgb "#1f77b4" title "slope 2", \
     523.0944545021661 * (x / 8)**3 with lines dt 2 lc rgb "#d62728" title "slope p = 3"
  reset
  set grid lc rgb "#dddddd"
  set title "n*(ε) for ε = 0.15"
  set logscale xy
  set xlabel "d"
  set ylabel "n*(ε)"
  set xrange [6:160]
  set key top left font ",8"
  plot 'data/rep_r2.dat' index 4 using 1:2 with points pt 7 ps 1 lc rgb "#1f77b4" title "network (slope 1.61 ± 0.0368)", \
     'data/rep_r2.dat' index 5 using 1:2 with points pt 5 ps 1 lc rgb "#d62728" title "RF-KRR (slope 1.88 ± 0.179)", \
     'data/rep_r2.dat' index 6 using 1:2 with points pt 6 ps 1 lc rgb "#1f77b4" title "network, small d (not fitted)", \
     601.7242308787526 * (x / 16)**2 with lines dt 2 lc rgb "#1f77b4" title "slope 2", \
     743.2793344464075 * (x / 8)**3 with lines dt 2 lc rgb "#d62728" title "slope p = 3"
  reset
  set grid lc rgb "#dddddd"
  set title "n*(ε) for ε = 0.1"
  set logscale xy
  set xlabel "d"
  set ylabel "n*(ε)"
  set xrange [6:160]
  set key top left font ",8"
  plot 'data/rep_r2.dat' index 8 using 1:2 with points pt 7 ps 1 lc rgb "#1f77b4" title "network (slope 1.69 ± 0.049)", \
     'data/rep_r2.dat' index 9 using 1:2 with points pt 5 ps 1 lc rgb "#d62728" title "RF-KRR (slope 1.61 ± 0.0192)", \
     'data/rep_r2.dat' index 10 using 1:2 with points pt 6 ps 1 lc rgb "#1f77b4" title "network, small d (not fitted)", \
     748.0398043067246 * (x / 16)**2 with lines dt 2 lc rgb "#1f77b4" title "slope 2", \
     1305.5567007245493 * (x / 8)**3 with lines dt 2 lc rgb "#d62728" title "slope p = 3"
  unset multiplot
  set output
}
