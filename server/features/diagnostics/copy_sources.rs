//! COPY/ADD sources BuildKit refuses (`dispatchCopy`): URLs in COPY, and
//! `ADD --checksum` with several sources or a local one.

use super::{CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::flags::flag_parts;
use crate::model::{Analysis, Command};
use crate::syntax::{Instruction, Word};

pub const COPY_URL: &str = "dls/CopyUrl";
pub const INVALID_CHECKSUM: &str = "dls/InvalidChecksum";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let Command::List { items, .. } = analysis.command(index) else { continue };
        let Some((_, sources)) = items.split_last() else { continue };
        let sources: Vec<&Word> = sources.iter().filter(|w| !w.text.starts_with("<<")).collect();
        if instruction.is("copy") {
            copy_urls(instruction, &sources, sink);
        } else if instruction.is("add") {
            checksum(instruction, &sources, sink);
        }
    }
}

fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn copy_urls(instruction: &Instruction, sources: &[&Word], sink: &mut Sink) {
    for source in sources.iter().filter(|w| is_url(&w.text)) {
        let message = "COPY can not fetch URLs: use ADD to download it (or RUN curl)";
        let keyword = &instruction.keyword;
        let add = if keyword.text.chars().any(|c| c.is_ascii_lowercase()) { "add" } else { "ADD" };
        let fix = Fix {
            title: "Change COPY to ADD".to_string(),
            edits: vec![TextEdit::replace(keyword.range, add)],
            preferred: !instruction.flags.iter().any(|f| flag_parts(instruction, f).name == "from"),
            create_files: Vec::new(),
        };
        sink.push(Diagnostic::error(COPY_URL, source.range, message).with_fix(fix));
    }
}

fn checksum(instruction: &Instruction, sources: &[&Word], sink: &mut Sink) {
    let Some(value) = instruction
        .flags
        .iter()
        .map(|f| flag_parts(instruction, f))
        .find(|p| p.name == "checksum")
        .and_then(|p| p.value)
        .filter(|v| !v.text.is_empty())
    else {
        return;
    };
    if sources.iter().any(|w| w.text.contains('$')) {
        return;
    }
    let message = match sources {
        [one] if is_local(&one.text) => "`--checksum` needs an HTTP(S) or Git source, not a local path",
        [_] | [] => return,
        _ => "`--checksum` can not be used with several sources: give one URL per ADD",
    };
    sink.push(Diagnostic::error(INVALID_CHECKSUM, value.range, message));
}

/// Neither a URL nor a Git address.
fn is_local(text: &str) -> bool {
    !text.contains("://") && !text.starts_with("git@")
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::{check_diagnostics, check_fix};

    #[test]
    fn urls_and_checksums() {
        check_diagnostics(
            "FROM a\nCOPY https://x/y.tgz /y\nADD https://x/y.tgz /y\nADD --checksum=sha256:1 https://x/a /a\nADD --checksum=sha256:1 a /a\nADD --checksum=sha256:1 https://x/a https://x/b /c/\n",
            expect![[r#"
                FROM a
                COPY <focus>https://x/y.tgz</focus> /y
                ADD https://x/y.tgz /y
                ADD --checksum=sha256:1 https://x/a /a
                ADD --checksum=<focus>sha256:1</focus> a /a
                ADD --checksum=<focus>sha256:1</focus> https://x/a https://x/b /c/
                error dls/CopyUrl: COPY can not fetch URLs: use ADD to download it (or RUN curl)
                error dls/InvalidChecksum: `--checksum` needs an HTTP(S) or Git source, not a local path
                error dls/InvalidChecksum: `--checksum` can not be used with several sources: give one URL per ADD
            "#]],
        );
        check_fix(
            "FROM a\ncopy https://x/y.tgz /y\n",
            "dls/CopyUrl",
            expect![[r#"
            FROM a
            add https://x/y.tgz /y
        "#]],
        );
    }
}
