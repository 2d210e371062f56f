//! Helpers shared by the test modules: where the corpus is, and walking it.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::path::{Path, PathBuf};

/// The corpus of real pages: `$PAGEFMT_CORPUS`, or `../shared/corpus`
/// beside the crate. `None` when it is missing, which fails the test when
/// `CI=true` (corpus tests must not skip silently in CI).
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PAGEFMT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "corpus not found at {} (set PAGEFMT_CORPUS); CI=true, so this is a failure",
        dir.display()
    );
    eprintln!("corpus not found at {}: corpus test not run", dir.display());
    None
}

/// Every `*.md` and `*.markdown` file under `dir`, sorted, with its path
/// relative to `dir` ('/' separators).
pub fn pages(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("md" | "markdown")
            )
        })
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, e.path().to_path_buf())
        })
        .collect();
    out.sort();
    out
}

/// FNV-1a, 64 bits, over `bytes`: the hash the committed expectations use
/// (so that no corpus text is stored in the repository).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The built example binary `name`. `cargo test` builds the examples into
/// `target/<profile>/examples/`, beside this test binary's
/// `target/<profile>/deps/`; no test runs cargo itself.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary sits in <target>/<profile>/deps");
    let bin = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "example binary {} not found: `cargo test` builds it, `cargo test --test suite` alone does not \
         (run `cargo build --examples` first)",
        bin.display()
    );
    bin
}

/// The house rules of Full Stack Python, as shipped in
/// `examples/fullstackpython.toml`.
pub fn house_config() -> pagefmt::validate::CheckConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fullstackpython.toml");
    pagefmt::validate::CheckConfig::from_file(&path).expect("the shipped config reads")
}

/// The options of [`house_config`].
pub fn house() -> pagefmt::ValidateOptions {
    house_config().options
}
