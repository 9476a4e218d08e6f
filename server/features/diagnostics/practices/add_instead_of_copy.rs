//! `dls/AddInsteadOfCopy`: ADD of local files and folders does what COPY
//! does; ADD's extra powers (URLs, git, unpacking archives) make readers
//! wonder which one is used. Archives, URLs, git sources and ADD-only flags
//! are left alone.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{flag_name, Command};

pub const CODE: &str = "dls/AddInsteadOfCopy";

const ARCHIVE_SUFFIXES: &[&str] =
    &[".tar", ".tgz", ".gz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst", ".lz4", ".lzma", ".z", ".tb2", ".taz"];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let analysis = facts.analysis;
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("add") || analysis.stage_of(index).is_none() {
            continue;
        }
        let Command::List { items, .. } = analysis.command(index) else { continue };
        if items.len() < 2 || instruction.flags.iter().any(|f| is_add_only(flag_name(&f.text))) {
            continue;
        }
        if !items[..items.len() - 1].iter().all(|w| is_plain_local(&w.text)) {
            continue;
        }
        let keyword = &instruction.keyword;
        let copy = if keyword.text.chars().any(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
        let fix = Fix::new("Use COPY", vec![TextEdit::replace(keyword.range, copy)]).preferred();
        let message =
            "ADD of local files does what COPY does: use COPY, and keep ADD for URLs and archives".to_string();
        sink.push(finding(CODE, Severity::Information, keyword.range, message).with_fix(fix));
    }
}

fn is_add_only(flag: &str) -> bool {
    matches!(flag, "checksum" | "keep-git-dir" | "unpack")
}

fn is_plain_local(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let remote = lower.contains("://") || lower.starts_with("git@") || lower.ends_with(".git");
    let unknown = lower.contains('$') || lower.ends_with('*') || lower.ends_with('?') || lower.ends_with(']');
    let archive = ARCHIVE_SUFFIXES.iter().any(|s| lower.ends_with(s)) || lower.contains(".tar.");
    !remote && !unknown && !archive
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_add_of_local_files_only() {
        check_practices(
            "FROM alpine:3\nADD . /app\nadd --chown=1 a b /x/\nADD app.tar.gz /\nADD https://x/y /y\nADD --checksum=sha256:0 a /\nADD src/* /s/\nADD $F /f\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                <focus>ADD</focus> . /app
                <focus>add</focus> --chown=1 a b /x/
                ADD app.tar.gz /
                ADD https://x/y /y
                ADD --checksum=sha256:0 a /
                ADD src/* /s/
                ADD $F /f
                USER app
                info dls/AddInsteadOfCopy: ADD of local files does what COPY does: use COPY, and keep ADD for URLs and archives
                info dls/AddInsteadOfCopy: ADD of local files does what COPY does: use COPY, and keep ADD for URLs and archives
            "#]],
        );
    }
}
