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
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
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
