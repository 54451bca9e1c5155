import Foundation

/// A standalone gnuplot script that draws one multi-panel figure to PNG and PDF.
///
/// The script sets its terminal, size, font, encoding, ranges and keys explicitly and loops over
/// the two formats, so `gnuplot NAME.gp` run in its folder regenerates both files on its own.
public struct FigureScript {
    /// The figure's base name: writes `NAME.png` and `NAME.pdf`.
    public var name: String
    /// A caption written at the top of the script as comments.
    public var caption: String
    /// Multiplot layout (rows, columns).
    public var layout: (rows: Int, columns: Int)
    /// Overall title drawn above the panels.
    public var title: String
    /// The panels' gnuplot commands, each drawing one plot (`set …` lines then one `plot`).
    public var panels: [[String]]
    /// PNG size in pixels; the PDF is the same aspect at 1/80 inch per pixel.
    public var pixelSize: (width: Int, height: Int) = (1600, 1100)

    public init(name: String, caption: String, title: String, layout: (rows: Int, columns: Int), panels: [[String]]) {
        self.name = name
        self.caption = caption
        self.title = title
        self.layout = layout
        self.panels = panels
    }

    /// The script text.
    public var text: String {
        let inchesWide = Double(pixelSize.width) / 160, inchesHigh = Double(pixelSize.height) / 160
        var lines: [String] = []
        lines += caption.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
        lines += [
            "# Regenerate with: gnuplot \(name).gp   (in this folder; reads data/ beside it)",
            "set encoding utf8",
            "do for [format in \"png pdf\"] {",
            "  if (format eq \"png\") {",
            "    set terminal pngcairo size \(pixelSize.width),\(pixelSize.height) enhanced font \"DejaVu Sans,12\" linewidth 1.5",
            "  } else {",
            "    set terminal pdfcairo size \(inchesWide)in,\(inchesHigh)in enhanced font \"DejaVu Sans,8\" linewidth 1",
            "  }",
            "  set output \"\(name).\" . format",
            "  set multiplot layout \(layout.rows),\(layout.columns) title \"\(escape(title))\" font \",14\"",
        ]
        for panel in panels {
            lines.append("  reset")
            lines.append("  set grid lc rgb \"#dddddd\"")
            lines += panel.map { "  " + $0 }
        }
        lines += ["  unset multiplot", "  set output", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    func escape(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "\\\"") }
}
