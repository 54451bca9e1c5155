import Plotting
import XCTest

/// The data files and scripts every figure is drawn from: their exact text is what the committed
/// reference compares, and gnuplot must read it as intended.
final class PlottingTests: XCTestCase {
    func test_formatNumber_isShortestRoundTrip_withIntegersBareAndNonFiniteAsNaN() {
        XCTAssertEqual(formatNumber(3), "3")
        XCTAssertEqual(formatNumber(-0.1), "-0.1")
        XCTAssertEqual(formatNumber(1.0 / 3), "0.3333333333333333")
        XCTAssertEqual(formatNumber(1e15), "1000000000000000.0")
        XCTAssertEqual(formatNumber(1e16), "1e+16")
        XCTAssertEqual(formatNumber(2.5e-300), "2.5e-300")
        XCTAssertEqual(formatNumber(.nan), "NaN")
        XCTAssertEqual(formatNumber(.infinity), "NaN")
        for value in [0.1, 1.0 / 3, 6.02214076e23, -1e-12] { XCTAssertEqual(Double(formatNumber(value)), value) }
    }

    func test_dataTable_text_hasCommentHeaderAndBlocksSeparatedByTwoBlankLines() {
        var table = DataTable(columns: [("step", [0, 1]), ("loss", [0.5, .nan])])
        table.appendBlock([[2], [0.25]])
        XCTAssertEqual(table.text(comment: "first line\nsecond"),
                       "# first line\n# second\n# step loss\n0 0.5\n1 NaN\n\n\n2 0.25\n")
        XCTAssertEqual(DataTable(columns: ["a"]).text(), "# a\n")
    }

    /// Scripts name columns; the numbers gnuplot reads follow the table's column order.
    func test_columnsByName_giveGnuplotsNumbers() {
        let table = DataTable(columns: ["step", "gd_x", "delta"])
        XCTAssertEqual(table.column("step"), 1)
        XCTAssertEqual(table.using("step", "delta"), "1:3")
        XCTAssertEqual(table.value("gd_x"), "$2")
        let widened = DataTable(columns: ["step", "inserted", "gd_x", "delta"])
        XCTAssertEqual(widened.using("step", "delta"), "1:4")
    }

    func test_figureScript_loopsOverBothFormats_andEscapesTheTitle() {
        var script = FigureScript(name: "fig", caption: "line one\nline two", title: #"say "hi""#, layout: (1, 2),
                                  panels: [["plot x"], ["set logscale y", "plot x*x"]])
        script.pixelSize = (800, 400)
        let lines = script.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(2)), ["# line one", "# line two"])
        XCTAssertTrue(lines.contains(#"do for [format in "png pdf"] {"#))
        XCTAssertTrue(lines.contains(#"    set terminal pngcairo size 800,400 enhanced font "DejaVu Sans,12" linewidth 1.5"#))
        XCTAssertTrue(lines.contains(#"    set terminal pdfcairo size 5.0in,2.5in enhanced font "DejaVu Sans,8" linewidth 1"#))
        XCTAssertTrue(lines.contains(#"  set multiplot layout 1,2 title "say \"hi\"" font ",14""#))
        XCTAssertEqual(lines.filter { $0 == "  reset" }.count, 2)
        XCTAssertEqual(lines.suffix(3), ["  unset multiplot", "  set output", "}"])
        XCTAssertTrue(script.text.hasSuffix("}\n"))
    }

    /// A script rendered twice gives a PNG and byte-identical PDFs whose creation date is 1970.
    func test_render_writesBothFormats_andTheSamePDFTwice() throws {
        guard Gnuplot.version != "not installed" else { throw XCTSkip("gnuplot is not installed (Debian package gnuplot-nox)") }
        let folder = NSTemporaryDirectory() + "plotting-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var script = FigureScript(name: "tiny", caption: "a test", title: "tiny", layout: (1, 1), panels: [["plot x*x"]])
        script.pixelSize = (320, 240)
        try script.text.write(toFile: folder + "/tiny.gp", atomically: true, encoding: .utf8)
        var pdfs: [Data] = []
        for _ in 0..<2 {
            try Gnuplot.render(script: "tiny.gp", in: folder, pdfOutputs: ["tiny.pdf"])
            pdfs.append(try Data(contentsOf: URL(fileURLWithPath: folder + "/tiny.pdf")))
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/tiny.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(pdfs[0], pdfs[1])
        XCTAssertTrue(String(decoding: pdfs[0], as: UTF8.self).contains("/CreationDate (D:19700101000000"))
        XCTAssertThrowsError(try Gnuplot.render(script: "missing.gp", in: folder)) { error in
            XCTAssertTrue("\(error)".contains("missing.gp"), "\(error)")
        }
    }
}
