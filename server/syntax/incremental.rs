//! The logical-line split of an edited text, reusing the instructions of the
//! previous version that the edit left alone.
//!
//! The edit is the region between the common prefix and the common suffix of
//! the two texts. Instructions whose lines all lie before it are kept as they
//! are; splitting resumes at the line after the last of them, in the state the
//! splitter is in between instructions (parser directives done, escape known,
//! no comment lines pending). It stops at the first line where an instruction
//! of the previous version starts (moved by the edit's byte delta) with the
//! same text from there to the end and the same splitter state (escape and doc
//! comments): from there on the splitter would repeat the previous split, so
//! the previous instructions are carried over, moved by the edit's delta.
//!
//! The last instruction is never kept (it may have run to the end of the text:
//! an unterminated continuation or heredoc grows when text is appended), and
//! when no instruction is kept the split restarts at the top (parser
//! directives, escape, byte order mark) and can still stop early if the escape
//! character stays the same.

use text_size::TextSize;

use super::logical::{LogicalFile, Splitter};
use super::shift::{Delta, Shift};

/// Where an instruction of the new version came from: the previous version's instruction `index`, moved by `delta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CarriedFrom {
    pub index: usize,
    pub delta: Delta,
}

/// `split(new_text)`, reusing the instructions of `previous` (the split of `old_text`) that the edit left alone.
/// Returns the new file and, parallel to its instructions, where each was carried from (None: split afresh).
pub fn split_incremental(
    previous: LogicalFile,
    old_text: &str,
    new_text: &str,
) -> (LogicalFile, Vec<Option<CarriedFrom>>) {
    if !fits(&previous, old_text) {
        return split_afresh(new_text);
    }
    let edit = Edit::between(old_text, new_text);
    if edit.is_none(old_text, new_text) {
        let carried = (0..previous.instructions.len()).map(|index| Some(CarriedFrom { index, delta: Delta::ZERO }));
        let carried = carried.collect();
        return (previous, carried);
    }
    let restart = Restart::after_kept(&previous, old_text, edit.start);
    let mut splitter = match restart.kept {
        0 => Splitter::new(new_text),
        _ => Splitter::resume(new_text, restart.line, restart.offset, previous.escape),
    };
    let resync = split_until_resync(&mut splitter, &previous, old_text, new_text, &edit, restart.kept);
    splice(previous, splitter.finish(), &restart, resync, edit.delta)
}

fn split_afresh(text: &str) -> (LogicalFile, Vec<Option<CarriedFrom>>) {
    let file = super::logical::split(text);
    let carried = vec![None; file.instructions.len()];
    (file, carried)
}

/// A cheap guard against a `previous` that is not a split of `old_text`.
fn fits(previous: &LogicalFile, old_text: &str) -> bool {
    let len = TextSize::from(u32::try_from(old_text.len()).unwrap_or(u32::MAX));
    previous.instructions.last().is_none_or(|i| i.range.end() <= len)
        && previous.comments.last().is_none_or(|c| c.end() <= len)
        && previous.errors.last().is_none_or(|e| e.range.end() <= len)
}

/// The replaced region: `start..old_end` of the old text became `start..new_end` of the new one.
#[derive(Debug)]
struct Edit {
    start: usize,
    old_end: usize,
    new_end: usize,
    delta: Delta,
}

impl Edit {
    fn between(old: &str, new: &str) -> Edit {
        let mut start = common_prefix(old.as_bytes(), new.as_bytes());
        while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
            start -= 1;
        }
        let limit = old.len().min(new.len()) - start;
        let mut suffix = common_suffix(old.as_bytes(), new.as_bytes(), limit);
        while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
            suffix -= 1;
        }
        let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
        let lines = newlines(&new.as_bytes()[start..new_end]) - newlines(&old.as_bytes()[start..old_end]);
        let bytes = new.len() as i64 - old.len() as i64;
        Edit { start, old_end, new_end, delta: Delta { bytes, lines } }
    }

    fn is_none(&self, old: &str, new: &str) -> bool {
        self.start == old.len() && self.start == new.len()
    }
}

/// Compared in blocks first, large then small: equal blocks are the common
/// case, and one `memcmp` call per 64 bytes would cost more than the compare.
const BLOCKS: [usize; 3] = [4096, 64, 1];

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let max = a.len().min(b.len());
    let mut len = 0;
    for block in BLOCKS {
        while len + block <= max && a[len..len + block] == b[len..len + block] {
            len += block;
        }
    }
    len
}

/// Length of the common suffix, at most `max`.
fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    let (a_len, b_len) = (a.len(), b.len());
    let mut len = 0;
    for block in BLOCKS {
        while len + block <= max && a[a_len - len - block..a_len - len] == b[b_len - len - block..b_len - len] {
            len += block;
        }
    }
    len
}

fn newlines(bytes: &[u8]) -> i64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as i64
}

/// How much of the previous split survives before the edit, and where
/// splitting resumes: the first `kept` instructions, then line `line`
/// starting at byte `offset`.
struct Restart {
    kept: usize,
    line: usize,
    offset: usize,
}

impl Restart {
    /// Keeps the instructions whose lines, line breaks included, all end
    /// before `edit_start` (never the last one, which may depend on where the
    /// text ends).
    fn after_kept(previous: &LogicalFile, old_text: &str, edit_start: usize) -> Restart {
        let candidates = &previous.instructions[..previous.instructions.len().saturating_sub(1)];
        let mut kept = candidates.partition_point(|i| usize::from(i.range.end()) <= edit_start);
        while let Some(last) = kept.checked_sub(1).map(|i| &candidates[i]) {
            // An instruction followed by another one ends on its `end_line`, at `range.end()`.
            let end = usize::from(last.range.end());
            let next_line = old_text.get(end..).and_then(|rest| rest.find('\n')).map(|i| end + i + 1);
            if let Some(offset) = next_line.filter(|&offset| offset <= edit_start) {
                return Restart { kept, line: last.end_line as usize + 1, offset };
            }
            kept -= 1;
        }
        Restart { kept: 0, line: 0, offset: 0 }
    }
}

/// Splits on until an instruction of the previous version can be carried
/// over with everything after it; returns its index (`None`: split to the end).
fn split_until_resync(
    splitter: &mut Splitter,
    previous: &LogicalFile,
    old_text: &str,
    new_text: &str,
    edit: &Edit,
    first_candidate: usize,
) -> Option<usize> {
    let old_instructions = &previous.instructions;
    // A file that ends in a lone escape line (then only blank or comment
    // lines) ends in an instruction without text, whose words point at
    // offset 0: moved, they would not match. Such a file is split to the end.
    if old_instructions.last().is_some_and(|last| last.line.text.is_empty()) {
        while splitter.step() {}
        return None;
    }
    let mut candidate = first_candidate;
    // An instruction that starts before the end of the edit can still be
    // carried when the text from it on did not change (a line inserted after
    // a line that starts alike). Bounded: repetitive text could make it quadratic.
    let mut budget = 2 * (edit.new_end - edit.start) + 256;
    loop {
        if let Some((line, start)) = splitter.next_instruction_start() {
            let old_start = start as i64 - edit.delta.bytes;
            while old_instructions.get(candidate).is_some_and(|i| (u32::from(i.range.start()) as i64) < old_start) {
                candidate += 1;
            }
            if let Some(old) =
                old_instructions.get(candidate).filter(|i| u32::from(i.range.start()) as i64 == old_start)
            {
                let same_text = start >= edit.new_end || {
                    let len = edit.new_end - start;
                    len <= budget && {
                        budget -= len;
                        new_text.as_bytes().get(start..edit.new_end)
                            == old_text.as_bytes().get(old_start as usize..edit.old_end)
                    }
                };
                if same_text
                    && splitter.escape() == previous.escape
                    && splitter.pending_comments() == old.doc_comments.as_slice()
                    && line.index as i64 - edit.delta.lines == i64::from(old.start_line)
                {
                    return Some(candidate);
                }
            }
        }
        if !splitter.step() {
            return None;
        }
    }
}

/// The previous file with the instructions (and comments and errors) between
/// the kept ones and the resync point replaced by the freshly split ones, and
/// those after it moved.
fn splice(
    previous: LogicalFile,
    fresh: LogicalFile,
    restart: &Restart,
    resync: Option<usize>,
    delta: Delta,
) -> (LogicalFile, Vec<Option<CarriedFrom>>) {
    let LogicalFile { directives, escape: _, mut instructions, mut comments, mut errors } = previous;
    let old_count = instructions.len();
    let tail = resync.unwrap_or(old_count);
    let tail_offset = resync.map_or(TextSize::from(u32::MAX), |i| instructions[i].range.start());
    let fresh_count = fresh.instructions.len();
    let mut carried = Vec::with_capacity(restart.kept + fresh_count + (old_count - tail));
    carried.extend((0..restart.kept).map(|index| Some(CarriedFrom { index, delta: Delta::ZERO })));
    carried.extend(std::iter::repeat_n(None, fresh_count));
    carried.extend((tail..old_count).map(|index| Some(CarriedFrom { index, delta })));
    instructions.splice(restart.kept..tail, fresh.instructions);
    shift_all(&mut instructions[restart.kept + fresh_count..], delta);
    let restart_offset = TextSize::from(restart.offset as u32);
    splice_by_start(&mut comments, fresh.comments, restart_offset, tail_offset, |c| c.start(), delta);
    splice_by_start(&mut errors, fresh.errors, restart_offset, tail_offset, |e| e.range.start(), delta);
    let directives = if restart.kept == 0 { fresh.directives } else { directives };
    (LogicalFile { directives, escape: fresh.escape, instructions, comments, errors }, carried)
}

/// Replaces the items starting in `fresh_from..tail_from` (sorted by start) by `fresh`, and moves those after.
fn splice_by_start<T: Shift>(
    items: &mut Vec<T>,
    fresh: Vec<T>,
    fresh_from: TextSize,
    tail_from: TextSize,
    start: impl Fn(&T) -> TextSize,
    delta: Delta,
) {
    let kept = items.partition_point(|item| start(item) < fresh_from);
    let tail = items.partition_point(|item| start(item) < tail_from).max(kept);
    let fresh_count = fresh.len();
    items.splice(kept..tail, fresh);
    shift_all(&mut items[kept + fresh_count..], delta);
}

fn shift_all<T: Shift>(items: &mut [T], delta: Delta) {
    if !delta.is_zero() {
        for item in items {
            item.shift(delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::logical::split;

    /// Splits `new` incrementally from `old`, checks it against a fresh split
    /// and the carried instructions against the previous ones moved, and
    /// renders where each instruction came from: its old index, or `_` when
    /// split afresh.
    fn sources(old: &str, new: &str) -> String {
        let previous = split(old);
        let (file, carried) = split_incremental(previous.clone(), old, new);
        assert_eq!(file, split(new), "incremental split of {new:?} after {old:?}");
        assert_eq!(carried.len(), file.instructions.len());
        for (instruction, from) in file.instructions.iter().zip(&carried) {
            if let Some(from) = from {
                let mut moved = previous.instructions[from.index].clone();
                moved.shift(from.delta);
                assert_eq!(&moved, instruction);
            }
        }
        let render = |from: &Option<CarriedFrom>| from.map_or("_".to_string(), |f| f.index.to_string());
        carried.iter().map(render).collect::<Vec<_>>().join(" ")
    }

    /// `text` with the first `from` replaced by `to`.
    fn edited(text: &str, from: &str, to: &str) -> String {
        assert!(text.contains(from), "{from:?} not in {text:?}");
        text.replacen(from, to, 1)
    }

    const FILE: &str =
        "FROM alpine AS build\nRUN echo one \\\n  two\n# about b\nRUN b\nCOPY <<EOF /x\nbody\nEOF\nCMD c\n";

    #[test]
    fn typing_in_the_middle_of_a_run_resplits_that_instruction_only() {
        assert_eq!(sources(FILE, &edited(FILE, "one", "onex")), "0 _ 2 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "two", "tw")), "0 _ 2 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "body", "bodyé")), "0 1 2 _ 4");
    }

    #[test]
    fn a_trailing_escape_joins_two_instructions_and_removing_it_splits_them() {
        let joined = edited(FILE, "RUN b\n", "RUN b \\\n");
        assert_eq!(sources(FILE, &joined), "0 1 _ 4");
        assert_eq!(sources(&joined, FILE), "0 1 _ _ 3");
        let first_joined = edited(FILE, "two\n", "two \\\n");
        assert_eq!(sources(FILE, &first_joined), "0 _ 3 4");
    }

    #[test]
    fn an_unterminated_heredoc_swallows_the_rest_and_closing_it_brings_it_back() {
        let opened = edited(FILE, "RUN b", "RUN b <<END");
        assert_eq!(sources(FILE, &opened), "0 1 _");
        assert_eq!(split(&opened).errors.len(), 1);
        assert_eq!(sources(&opened, FILE), "0 1 _ _ _");
        let closed = format!("{opened}END\n");
        assert_eq!(sources(&opened, &closed), "0 1 _");
        let unterminated_copy = edited(FILE, "\nEOF\n", "\nEOX\n");
        assert_eq!(sources(FILE, &unterminated_copy), "0 1 2 _");
        assert_eq!(sources(&unterminated_copy, FILE), "0 1 2 _ _");
    }

    #[test]
    fn editing_the_comment_above_an_instruction_resplits_the_instruction() {
        assert_eq!(sources(FILE, &edited(FILE, "# about b", "# about bb")), "0 1 _ 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "# about b\n", "")), "0 1 _ 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "# about b\n", "# about b\n\n")), "0 1 _ 3 4");
    }

    #[test]
    fn parser_directives_are_split_again_and_a_new_escape_splits_everything_again() {
        let text = "# escape=\\\nFROM a\nRUN a `\n  b\nCMD c\n";
        assert_eq!(split(text).instructions.len(), 4);
        assert_eq!(sources(text, &edited(text, "escape=\\", "escape=`")), "_ _ _");
        assert_eq!(sources(text, &edited(text, "escape=\\", "escape=x")), "0 1 2 3");
        assert_eq!(sources(text, &edited(text, "# escape=\\\n", "# syntax=a\n# escape=\\\n")), "0 1 2 3");
        // A repeated directive is an error and a plain comment: the doc comment of FROM.
        assert_eq!(sources(text, &edited(text, "# escape=\\\n", "# escape=\\\n# escape=`\n")), "_ 1 2 3");
        assert_eq!(sources(text, &edited(text, "# escape=\\\n", "")), "0 1 2 3");
        assert_eq!(sources(text, &format!("\u{feff}{text}")), "0 1 2 3");
        assert_eq!(sources(&format!("\u{feff}{text}"), text), "0 1 2 3");
    }

    #[test]
    fn inserted_and_deleted_lines_move_the_instructions_after_them() {
        let inserted = edited(FILE, "CMD c\n", "CMD x\nCMD c\n");
        assert_eq!(sources(FILE, &inserted), "0 1 2 3 _ 4");
        assert_eq!(sources(&inserted, FILE), "0 1 2 3 5");
        // The inserted instruction takes the comment above it: the one below is split again.
        assert_eq!(sources(FILE, &edited(FILE, "RUN b\n", "RUN x\nRUN b\n")), "0 1 _ _ 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "CMD c\n", "\n\n\nCMD c\n")), "0 1 2 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "RUN b\n", "  RUN b\n")), "0 1 2 3 4");
        assert_eq!(sources(FILE, &edited(FILE, "body\n", "")), "0 1 2 _ 4");
    }

    #[test]
    fn crlf_lines() {
        let text = FILE.replace('\n', "\r\n");
        assert_eq!(sources(&text, &edited(&text, "one", "on")), "0 _ 2 3 4");
        assert_eq!(sources(&text, &edited(&text, "RUN b\r\n", "RUN b \\\r\n")), "0 1 _ 4");
        assert_eq!(sources(&text, &edited(&text, "RUN b\r\n", "RUN b\n")), "0 1 _ 3 4");
        assert_eq!(sources(&text, &edited(&text, "RUN b\r\n", "RUN b\r")), "0 1 _ 4");
    }

    #[test]
    fn multi_byte_characters() {
        let text = "FROM a\nRUN é\nRUN 😀\nCMD c\n";
        // é and è share their first byte: the edit starts at a character boundary.
        assert_eq!(sources(text, &edited(text, "é", "è")), "0 _ 2 3");
        assert_eq!(sources(text, &edited(text, "😀", "😁")), "0 1 _ 3");
        assert_eq!(sources(text, &edited(text, "RUN 😀\n", "RUN 😀😀\nRUN 😀\n")), "0 1 _ 2 3");
    }

    #[test]
    fn edits_at_the_very_start_and_end() {
        assert_eq!(sources(FILE, &format!("FROM x\n{FILE}")), "_ 0 1 2 3 4");
        assert_eq!(sources(FILE, &format!("# about\n{FILE}")), "_ 1 2 3 4");
        assert_eq!(sources(FILE, &format!(" {FILE}")), "0 1 2 3 4");
        assert_eq!(sources(FILE, &FILE[1..]), "_ 1 2 3 4");
        assert_eq!(sources(FILE, &format!("{FILE}CMD d\n")), "0 1 2 3 _ _");
        assert_eq!(sources(FILE, &FILE[..FILE.len() - 1]), "0 1 2 3 _");
        let open = "FROM a\nRUN a \\\n";
        assert_eq!(sources(open, &format!("{open}  b\n")), "0 _");
        let heredoc = "FROM a\nRUN <<EOF\n";
        assert_eq!(sources(heredoc, &format!("{heredoc}EOF\nCMD b\n")), "0 _ _");
    }

    #[test]
    fn empty_and_unchanged_texts() {
        assert_eq!(sources("", ""), "");
        assert_eq!(sources("", FILE), "_ _ _ _ _");
        assert_eq!(sources(FILE, ""), "");
        assert_eq!(sources(FILE, FILE), "0 1 2 3 4");
    }

    #[test]
    fn an_instruction_without_text_is_not_moved() {
        let text = "FROM a\nRUN b\n\\\n# c\n";
        assert_eq!(sources(text, &format!("# syntax=x\n{text}")), "_ _ _");
        assert_eq!(sources(text, &edited(text, "RUN b", "RUN bb")), "0 _ _");
    }

    #[test]
    fn the_edit_is_found_across_block_boundaries() {
        let old: String = (0..12_000).map(|i| if i % 7 == 0 { '\n' } else { 'a' }).collect();
        for at in [0, 1, 63, 64, 65, 4095, 4096, 4097, 8191, 8200, 11_999, 12_000] {
            for (remove, insert) in [(0, "x"), (1, ""), (3, "é\n")] {
                let end = (at + remove).min(old.len());
                let new = format!("{}{insert}{}", &old[..at], &old[end..]);
                let edit = Edit::between(&old, &new);
                let naive_prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
                let max_suffix = old.len().min(new.len()) - edit.start;
                let naive_suffix = old.bytes().rev().zip(new.bytes().rev()).take_while(|(a, b)| a == b).count();
                assert_eq!(edit.start, naive_prefix, "at {at}");
                assert_eq!(old.len() - edit.old_end, naive_suffix.min(max_suffix), "at {at}");
                assert_eq!(new.len() - edit.new_end, naive_suffix.min(max_suffix), "at {at}");
                let lines = new.matches('\n').count() as i64 - old.matches('\n').count() as i64;
                assert_eq!(edit.delta, Delta { bytes: new.len() as i64 - old.len() as i64, lines });
            }
        }
    }

    #[test]
    fn a_previous_split_of_another_text_is_not_trusted() {
        let (file, carried) = split_incremental(split(FILE), "", "FROM a\n");
        assert_eq!(file, split("FROM a\n"));
        assert_eq!(carried, [None]);
    }
}
