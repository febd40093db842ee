//! A plain binary form for what the build script prepares and the program reads back at start
//! (little-endian numbers, lengths before lists and strings). Shared with build.rs.

#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn count(&mut self, v: usize) {
        self.u32(u32::try_from(v).expect("fits in 32 bits"));
    }

    pub fn f32(&mut self, v: f32) {
        self.u32(v.to_bits());
    }

    pub fn str(&mut self, s: &str) {
        self.count(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn strings<S: AsRef<str>>(&mut self, items: &[S]) {
        self.count(items.len());
        items.iter().for_each(|s| self.str(s.as_ref()));
    }

    pub fn u32s(&mut self, items: &[u32]) {
        self.count(items.len());
        items.iter().for_each(|&v| self.u32(v));
    }

    pub fn usizes(&mut self, items: &[usize]) {
        self.count(items.len());
        items.iter().for_each(|&v| self.count(v));
    }

    pub fn f32s(&mut self, items: &[f32]) {
        self.count(items.len());
        items.iter().for_each(|&v| self.f32(v));
    }

    pub fn bools(&mut self, items: &[bool]) {
        self.count(items.len());
        items.iter().for_each(|&v| self.u8(u8::from(v)));
    }
}

/// Reads what `Writer` wrote; every read is `None` past the end or on text that is not UTF-8.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn count(&mut self) -> Option<usize> {
        self.u32().map(|v| v as usize)
    }

    pub fn f32(&mut self) -> Option<f32> {
        self.u32().map(f32::from_bits)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A list of `len` items read by `item`; the length is checked against what is left, so a
    /// damaged length cannot ask for a huge allocation.
    fn list<T>(
        &mut self,
        min_size: usize,
        item: impl Fn(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let n = self.count()?;
        if n.saturating_mul(min_size) > self.bytes.len() {
            return None;
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }

    pub fn strings<S: for<'s> From<&'s str>>(&mut self) -> Option<Vec<S>> {
        self.list(4, |r| r.str().map(S::from))
    }

    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        self.list(4, Self::u32)
    }

    pub fn usizes(&mut self) -> Option<Vec<usize>> {
        self.list(4, Self::count)
    }

    pub fn f32s(&mut self) -> Option<Vec<f32>> {
        self.list(4, Self::f32)
    }

    pub fn bools(&mut self) -> Option<Vec<bool>> {
        self.list(1, |r| r.u8().map(|b| b != 0))
    }

    /// Whether everything was read.
    pub fn is_at_end(&self) -> bool {
        self.bytes.is_empty()
    }
}
