use std::process::ExitCode;

fn main() -> ExitCode {
    limit_malloc_arenas();
    dockerfile_ls::cli::main()
}

/// glibc gives each thread that allocates under contention an arena of its
/// own (up to 8 per core) and keeps what is freed there for that thread. The
/// server builds each version's analysis on whichever tokio or blocking-pool
/// thread handles it, so every thread's arena ends up holding a document's
/// worth of freed memory: two arenas keep peak RSS about a third lower with
/// ten open documents (README, Performance). Called before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_ARENA_MAX: i32 = -8;
    // SAFETY: mallopt only sets a tunable of glibc's allocator; no thread has been spawned yet.
    unsafe {
        mallopt(M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
