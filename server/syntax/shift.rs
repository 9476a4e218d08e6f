//! Moving positions after an edit: what an incremental analysis needs to carry
//! results of unchanged instructions over from the previous version instead of
//! computing them again.
//!
//! An edit replaces one region of the text; everything after it moves by the
//! same number of bytes and lines ([`Delta`]). Each type that stores
//! positions implements [`Shift`]; a carried-over value shifted by the delta
//! of its region must equal the value computed afresh from the new text
//! (the incremental tests check that).

use text_size::{TextRange, TextSize};

/// How far positions after an edit move.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub bytes: i64,
    pub lines: i64,
}

impl Delta {
    pub const ZERO: Delta = Delta { bytes: 0, lines: 0 };

    pub fn is_zero(self) -> bool {
        self == Delta::ZERO
    }

    /// `offset` moved by the byte delta (saturating: a carried value never
    /// starts inside the edited region, so this only guards against misuse).
    pub fn offset(self, offset: TextSize) -> TextSize {
        TextSize::from(shifted(u32::from(offset), self.bytes))
    }

    /// A 0-based line number moved by the line delta.
    pub fn line(self, line: u32) -> u32 {
        shifted(line, self.lines)
    }
}

fn shifted(value: u32, delta: i64) -> u32 {
    (i64::from(value) + delta).clamp(0, i64::from(u32::MAX)) as u32
}

/// A value holding text positions that can be moved by a [`Delta`].
pub trait Shift {
    fn shift(&mut self, delta: Delta);
}

impl Shift for TextSize {
    fn shift(&mut self, delta: Delta) {
        *self = delta.offset(*self);
    }
}

impl Shift for TextRange {
    fn shift(&mut self, delta: Delta) {
        *self = TextRange::new(delta.offset(self.start()), delta.offset(self.end()));
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: Delta) {
        if let Some(value) = self {
            value.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: Delta) {
        for value in self {
            value.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: Delta) {
        (**self).shift(delta);
    }
}

impl<T: Shift + Clone> Shift for std::sync::Arc<T> {
    /// In place when this is the only handle, else on a copy.
    fn shift(&mut self, delta: Delta) {
        std::sync::Arc::make_mut(self).shift(delta);
    }
}

/// Shifts `value` and returns it (for carrying values in iterator chains).
pub fn shifted_by<T: Shift>(mut value: T, delta: Delta) -> T {
    if !delta.is_zero() {
        value.shift(delta);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_move_by_the_byte_delta() {
        let mut range = TextRange::new(10.into(), 15.into());
        range.shift(Delta { bytes: -3, lines: 0 });
        assert_eq!(range, TextRange::new(7.into(), 12.into()));
        range.shift(Delta { bytes: 5, lines: 1 });
        assert_eq!(range, TextRange::new(12.into(), 17.into()));
    }

    #[test]
    fn lines_move_by_the_line_delta_and_never_below_zero() {
        let delta = Delta { bytes: 0, lines: -2 };
        assert_eq!(delta.line(5), 3);
        assert_eq!(delta.line(1), 0);
    }

    #[test]
    fn shared_values_are_copied_before_they_move() {
        let shared = std::sync::Arc::new(TextSize::from(4));
        let mut moved = shared.clone();
        moved.shift(Delta { bytes: 2, lines: 0 });
        assert_eq!((*shared, *moved), (TextSize::from(4), TextSize::from(6)));
    }
}
