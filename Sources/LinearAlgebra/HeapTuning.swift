/// Keeps freed work arrays in the process heap instead of handing them back to the kernel.
///
/// The numerical loops allocate the same large arrays (activations, im2col matrices, tangents) at
/// every gradient and HVP. With glibc's defaults, blocks above the mmap threshold, and the top of
/// the heap above the trim threshold, go back to the kernel when freed, so every allocation pays
/// page faults and zeroing of fresh pages again.
///
/// A worker thread's arena grows in 64 MB heaps, and glibc unmaps its newest heap whenever that heap
/// becomes empty, unless the top pad is at least a heap's size. Without the pad, a chunked HVP next
/// to kept chunk tapes (`KeptTapes` in Networks: gigabytes that fill the older heaps) had each
/// chunk's temporaries land in a fresh heap that was unmapped again when they were freed: 18 million
/// page faults and 61 s of system time in one `bench --only "CNN paper"` (2026-12-07), and 6.0 s for
/// the HVP that copies its tapes; with the pad 2 million, 26 s and 4.1 s.
public enum HeapTuning {
    /// Blocks up to `mmapThreshold` bytes come from the heap; the heap's free top is kept up to
    /// `trimThreshold` bytes, and `topPad` bytes beyond every request. The corresponding C function is
    /// glibc's `mallopt` with M_MMAP_THRESHOLD (−3), M_TRIM_THRESHOLD (−1) and M_TOP_PAD (−2), which
    /// Swift's Glibc module does not export.
    public static func keepFreedMemory(mmapThreshold: Int = 64 << 20, trimThreshold: Int = 256 << 20, topPad: Int = 64 << 20) {
        #if os(Linux)
        _ = glibcMallopt(-3, Int32(mmapThreshold))
        _ = glibcMallopt(-1, Int32(trimThreshold))
        _ = glibcMallopt(-2, Int32(topPad))
        #endif
    }

    /// Hands the free pages of every heap back to the kernel (glibc's `malloc_trim(0)`), for when
    /// gigabytes were freed that the next allocations may not reuse in place.
    public static func returnFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
