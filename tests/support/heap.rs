//! Heap measurements for the memory tests, under dhat's allocator in
//! testing mode (each test binary installs it as its global allocator).

/// dhat allows one profiler at a time and counts every thread's
/// allocations, and the tests run in parallel: each test holds this for
/// its whole run.
static PROFILING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs the rest of a test alone.
pub fn alone() -> std::sync::MutexGuard<'static, ()> {
    PROFILING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The peak bytes held while `f` reads `text`.
pub fn peak(f: impl Fn(&str) -> usize, text: &str) -> usize {
    let _profiler = dhat::Profiler::builder()
        .testing()
        .trim_backtraces(Some(4))
        .build();
    std::hint::black_box(f(std::hint::black_box(text)));
    dhat::HeapStats::get().max_bytes
}

/// How many allocations `f(text)` makes (a vector's growth counts once per
/// step).
pub fn allocations(f: impl Fn(&str) -> usize, text: &str) -> u64 {
    let _profiler = dhat::Profiler::builder().testing().build();
    std::hint::black_box(f(std::hint::black_box(text)));
    dhat::HeapStats::get().total_blocks
}
