//! Order-preserving parallel map over independent items (pages), and parallel drop, on scoped threads.
//!
//! Public so that the parse benchmark can run its baseline exactly as `load` runs pages.

fn thread_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Maps `items` with `f` on all cores, returning results in input order, so the output
/// is identical to a sequential run.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread_count();
    if threads < 2 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let chunk_size = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items.chunks(chunk_size).map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>())).collect();
        // A panic in a worker is a bug; re-raise it rather than lose items.
        handles.into_iter().flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// Drops `items` on all cores. Parsed pages hold many small allocations, and freeing them
/// one after another on one thread costs a sizeable share of a whole load.
pub fn drop_in_parallel<T: Send>(mut items: Vec<T>) {
    let threads = thread_count();
    if threads < 2 || items.len() < 64 {
        return;
    }
    let chunk_size = items.len().div_ceil(threads);
    let mut chunks = Vec::with_capacity(threads);
    while items.len() > chunk_size {
        chunks.push(items.split_off(items.len() - chunk_size));
    }
    chunks.push(items);
    std::thread::scope(|scope| {
        for chunk in chunks {
            scope.spawn(move || drop(chunk));
        }
    });
}
