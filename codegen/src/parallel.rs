//! Order-preserving parallel map over independent items (pages), and parallel drop, on scoped threads that take small batches from a shared counter.
//!
//! Public so that the parse benchmark can run its baseline exactly as `load` runs pages.

fn thread_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Maps `items` with `f` on all cores, returning results in input order, so the output
/// is identical to a sequential run.
///
/// Pages differ in cost by orders of magnitude (an Intune stub against `user.md`), so
/// threads take small batches from a shared counter rather than one fixed share each:
/// with fixed halves, one core sat idle for a sixth of the parse.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    const BATCH: usize = 16;
    let threads = thread_count();
    if threads < 2 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let next_batch = std::sync::atomic::AtomicUsize::new(0);
    let (f, next_batch) = (&f, &next_batch);
    let mut batches: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let batch = next_batch.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let start = batch * BATCH;
                        if start >= items.len() {
                            break;
                        }
                        let chunk = &items[start..items.len().min(start + BATCH)];
                        done.push((batch, chunk.iter().map(f).collect::<Vec<R>>()));
                    }
                    done
                })
            })
            .collect();
        // A panic in a worker is a bug; re-raise it rather than lose items.
        handles.into_iter().flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    batches.sort_unstable_by_key(|(batch, _)| *batch);
    batches.into_iter().flat_map(|(_, results)| results).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_in_order_keeps_input_order_whatever_each_item_costs() {
        // A slow item at the start of every other batch makes the threads take and finish
        // their batches out of order.
        let items: Vec<usize> = (0..2_000).collect();
        let slow_or_fast = |&n: &usize| {
            if n % 32 == 16 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            n * 3
        };
        let parallel = map_in_order(&items, slow_or_fast);
        assert_eq!(parallel, items.iter().map(|n| n * 3).collect::<Vec<_>>());
    }

    #[test]
    fn map_in_order_handles_short_and_ragged_inputs() {
        for len in [0, 1, 63, 64, 65, 100, 16 * 9 + 5] {
            let items: Vec<usize> = (0..len).collect();
            assert_eq!(map_in_order(&items, |n| n * 2), items.iter().map(|n| n * 2).collect::<Vec<_>>(), "len {len}");
        }
    }
}
