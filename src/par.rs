//! Spreading independent work over the machine's cores, for large guides.

/// `f` applied to every item, in order: on up to as many threads as there are cores when
/// `worth_it` (starting threads costs more than small inputs take), else on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], worth_it: bool, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len());
    if threads <= 1 || !worth_it {
        return items.iter().map(&f).collect();
    }
    // Threads take small batches in turn, so uneven items (a big file among small ones) still
    // keep every core busy to the end.
    let batch = (items.len() / (threads * 16)).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, std::sync::atomic::Ordering::Relaxed);
                        if start >= items.len() {
                            break mine;
                        }
                        let end = (start + batch).min(items.len());
                        mine.push((start, items[start..end].iter().map(&f).collect()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(start, _)| *start);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_on_any_size() {
        for n in [0, 1, 5, 1000] {
            let items: Vec<usize> = (0..n).collect();
            for worth_it in [false, true] {
                assert_eq!(
                    super::map(&items, worth_it, |x| x * 2),
                    items.iter().map(|x| x * 2).collect::<Vec<_>>()
                );
            }
        }
    }
}
