/// Keeps freed work arrays in the process heap instead of handing them back to the kernel.
///
/// The numerical loops allocate the same large arrays (activations, im2col matrices, tangents) at
/// every gradient and HVP. With glibc's defaults, blocks above the mmap threshold, and the top of
/// the heap above the trim threshold, go back to the kernel when freed, so every allocation pays
/// page faults and zeroing of fresh pages again.
public enum HeapTuning {
    /// Blocks up to `mmapThreshold` bytes come from the heap; the heap's free top is kept up to
    /// `trimThreshold` bytes. The corresponding C function is glibc's `mallopt` with
    /// M_MMAP_THRESHOLD (−3) and M_TRIM_THRESHOLD (−1), which Swift's Glibc module does not export.
    public static func keepFreedMemory(mmapThreshold: Int = 64 << 20, trimThreshold: Int = 256 << 20) {
        #if os(Linux)
        _ = glibcMallopt(-3, Int32(mmapThreshold))
        _ = glibcMallopt(-1, Int32(trimThreshold))
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
