# Fig. 2 analogue (docs/eos.md §4.2 F2): the four stages of edge of stability on the toy loss
# L(x, y) = -αy + ½(2/η + y)x², whose gradient descent is eq. (3) with β = 1.
# η = 0.01, α = 1, δ² = 2α/β = 2.
# The Appendix B loss of the paper is unknown; this toy loss follows the spec's plan (derived, unverified).
# Stage shading: 1 progressive sharpening (blue), 2 blowup (yellow), 3 self-stabilization (red), 4 return to stability (green).
# Regenerate with: gnuplot four_stages.gp   (in this folder; reads data/ beside it)
set encoding utf8
do for [format in "png pdf"] {
  if (format eq "png") {
    set terminal pngcairo size 1600,1100 enhanced font "DejaVu Sans,12" linewidth 1.5
  } else {
    set terminal pdfcairo size 10.0in,6.875in enhanced font "DejaVu Sans,8" linewidth 1
  }
  set output "four_stages." . format
  set multiplot layout 2,2 title "Four stages of edge of stability (toy loss, η = 0.01, α = 1)" font ",14"
  reset
  set grid lc rgb "#dddddd"
  set style fill solid 0.22 noborder
  set boxwidth 1
  stagecolor(s) = (s == 1 ? 0x4575b4 : (s == 2 ? 0xfee090 : (s == 3 ? 0xd73027 : 0x91cf60)))
  set title "(a) displacement x_t along the top eigenvector, shaded by stage"
  set xlabel "step t"
  set ylabel "x_t"
  set xrange [0:4000]
  set yrange [-5.370000398172877:5.370000398172877]
  set key top left
  plot 'data/four_stages.dat' index 0 using 1:(5.370000398172877):(stagecolor($6)) with boxes lc rgb variable notitle, \
       'data/four_stages.dat' index 0 using 1:(-5.370000398172877):(stagecolor($6)) with boxes lc rgb variable notitle, \
       'data/four_stages.dat' index 0 using 1:2 with lines lc rgb "black" lw 0.5 title "x_t"
  reset
  set grid lc rgb "#dddddd"
  set title "(b) sharpness S(θ_t) = λ_{max}(∇²L)"
  set xlabel "step t"
  set ylabel "S"
  set xrange [0:4000]
  set key top left
  plot 'data/four_stages.dat' index 0 using 1:4 with lines lc rgb "#1b7837" title "S(θ_t)", \
       200 with lines dt 2 lc rgb "black" title "2/η"
  reset
  set grid lc rgb "#dddddd"
  set title "(c) phase plot (x_t², y_t) with level sets of g"
  set xlabel "x_t²"
  set ylabel "y_t = S − 2/η (approx.)"
  set key top right
  plot 'data/four_stages_levels.dat' using 1:2 with lines dt 3 lc rgb "gray50" title "level sets of g", \
       'data/four_stages.dat' index 0 using 5:3 with lines lc rgb "#2166ac" lw 0.7 title "orbit", \
       '+' using (2):(0) with points pt 7 ps 1.2 lc rgb "red" title "(δ², 0)"
  reset
  set grid lc rgb "#dddddd"
  set style fill solid 0.22 noborder
  set boxwidth 1
  stagecolor(s) = (s == 1 ? 0x4575b4 : (s == 2 ? 0xfee090 : (s == 3 ? 0xd73027 : 0x91cf60)))
  set title "(d) x_t² on a log scale: blowup is a straight line"
  set xlabel "step t"
  set ylabel "x_t²"
  set logscale y
  set format y "10^{%L}"
  set xrange [0:4000]
  set key bottom right
  plot 'data/four_stages.dat' index 0 using 1:5 with lines lc rgb "#762a83" title "x_t²", \
       2 with lines dt 2 lc rgb "black" title "δ²"
  unset multiplot
  set output
}
