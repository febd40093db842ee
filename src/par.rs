//! Spreading independent work over the machine's cores, for large guides.

/// How many threads the work may use: the machine's cores, asked once.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` applied to every item, in order: on up to as many threads as there are cores when
/// `worth_it` (starting threads costs more than small inputs take), else on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], worth_it: bool, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, worth_it, |_| (), |_, item| f(item)).0
}

/// Like `map`, for work that consumes its items (moves their texts somewhere else).
pub fn map_owned<T: Send, R: Send>(
    items: Vec<T>,
    worth_it: bool,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let cells: Vec<std::sync::Mutex<Option<T>>> = items
        .into_iter()
        .map(|item| std::sync::Mutex::new(Some(item)))
        .collect();
    map(&cells, worth_it, |cell| {
        let item = cell.lock().unwrap_or_else(|e| e.into_inner()).take();
        f(item.expect("each item is taken once"))
    })
}

/// Like `map`, with a state of each thread that `f` may keep things in (such as a thread's own
/// table of words): `init(k)` makes thread `k`'s. Returns the results in order and the states
/// by thread (one state when the work stays on the calling thread).
pub fn map_with<T: Sync, R: Send, S: Send>(
    items: &[T],
    worth_it: bool,
    init: impl Fn(usize) -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = cores().min(items.len());
    if threads <= 1 || !worth_it {
        let mut state = init(0);
        let results = items.iter().map(|item| f(&mut state, item)).collect();
        return (results, vec![state]);
    }
    // Threads take small batches in turn, so uneven items (a big file among small ones) still
    // keep every core busy to the end.
    let batch = (items.len() / (threads * 16)).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (init, f, next) = (&init, &f, &next);
    // Each thread's batches (where each starts, and its results), and the thread's state.
    type Done<R, S> = (Vec<(usize, Vec<R>)>, S);
    let per_thread: Vec<Done<R, S>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                scope.spawn(move || {
                    let mut state = init(k);
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, std::sync::atomic::Ordering::Relaxed);
                        if start >= items.len() {
                            break (mine, state);
                        }
                        let end = (start + batch).min(items.len());
                        let done = items[start..end].iter().map(|i| f(&mut state, i)).collect();
                        mine.push((start, done));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut states = Vec::with_capacity(per_thread.len());
    let mut done = Vec::new();
    for (batches, state) in per_thread {
        done.extend(batches);
        states.push(state);
    }
    done.sort_unstable_by_key(|(start, _)| *start);
    let results = done.into_iter().flat_map(|(_, results)| results).collect();
    (results, states)
}

/// `a()` and `b()`, at the same time on two threads when `worth_it` and the machine has two
/// cores, else one after the other.
pub fn join<A: Send, B: Send>(
    worth_it: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !worth_it || cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        let first = first
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn join_gives_both_results() {
        for worth_it in [false, true] {
            let items: Vec<u32> = (0..100).collect();
            let (a, b) = super::join(worth_it, || items.iter().sum::<u32>(), || items.len());
            assert_eq!((a, b), (4950, 100));
        }
    }

    #[test]
    fn owned_items_are_each_taken_once_in_order() {
        for worth_it in [false, true] {
            let items: Vec<String> = (0..100).map(|i| i.to_string()).collect();
            let lengths = super::map_owned(items.clone(), worth_it, |s: String| s + "!");
            let expected: Vec<String> = items.iter().map(|s| format!("{s}!")).collect();
            assert_eq!(lengths, expected);
        }
    }

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

    #[test]
    fn each_thread_keeps_its_own_state() {
        let items: Vec<usize> = (0..1000).collect();
        for worth_it in [false, true] {
            let (results, states) = super::map_with(
                &items,
                worth_it,
                |k| (k, 0usize),
                |state, x| {
                    state.1 += 1;
                    (state.0, x * 2)
                },
            );
            assert_eq!(
                results.iter().map(|r| r.1).collect::<Vec<_>>(),
                items.iter().map(|x| x * 2).collect::<Vec<_>>()
            );
            // Every item was done by one of the threads, and counted in that thread's state.
            for (k, state) in states.iter().enumerate() {
                assert_eq!(state.0, k);
                assert_eq!(results.iter().filter(|r| r.0 == k).count(), state.1);
            }
            assert_eq!(states.iter().map(|s| s.1).sum::<usize>(), items.len());
        }
    }
}
