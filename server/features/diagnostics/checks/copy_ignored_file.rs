//! CopyIgnoredFile: a COPY/ADD source from the build context that the
//! `.dockerignore` excludes, so the build cannot find it. As in BuildKit, no
//! finding when the ignore file has `!` exceptions (whether a path is back in
//! is not decidable statically), and `.` / `/` only when everything is ignored.
//! The ignore file's contents come from `CheckOptions` (the lsp and cli layers read it).

use super::{expand_at, warning};
use crate::features::diagnostics::{CheckOptions, Sink};
use crate::features::dockerignore::DockerIgnore;
use crate::model::paths;
use crate::model::{flag_name, Analysis, Command};

pub const CODE: &str = "CopyIgnoredFile";

pub fn check(analysis: &Analysis, options: &CheckOptions<'_>, sink: &mut Sink) {
    let Some(file) = options.context.dockerignore.as_ref() else { return };
    let ignore = DockerIgnore::parse(&file.text);
    if ignore.is_empty() || ignore.has_exceptions() {
        return;
    }
    let root_ignored = ignore.excludes_everything();
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let verb = match instruction.name().as_str() {
            "copy" => "Copy",
            "add" => "Add",
            _ => continue,
        };
        if instruction.flags.iter().any(|f| flag_name(&f.text) == "from") {
            continue;
        }
        let Command::List { items, .. } = analysis.command(index) else { continue };
        let Some((_, sources)) = items.split_last() else { continue };
        for source in sources {
            if source.text.starts_with("<<") {
                continue;
            }
            let expanded = expand_at(analysis, index, &source.text);
            if expanded.contains("://") || expanded.starts_with("git@") {
                continue;
            }
            let path = paths::clean(&expanded);
            if (path == "." || path == "/") && !root_ignored {
                continue;
            }
            if ignore.is_ignored(&path) {
                let message = format!(
                    "Attempting to {verb} file {path:?} that is excluded by .dockerignore: remove it from .dockerignore or from this instruction"
                );
                sink.push(warning(CODE, source.range, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule_in;
    use super::*;
    use crate::features::context::{FileContext, IgnoreFile};
    use crate::features::diagnostics::CheckOptions;

    fn check_with_ignore(ignore: &str, text: &str, expect: expect_test::Expect) {
        let file = IgnoreFile { name: ".dockerignore".to_string(), text: ignore.to_string() };
        let context =
            FileContext { file_name: Some("Dockerfile".to_string()), dockerignore: Some(file), ..FileContext::UNKNOWN };
        check_rule_in(CODE, text, &CheckOptions { context: &context, ..CheckOptions::default() }, expect);
    }

    #[test]
    fn ignored_sources() {
        check_with_ignore(
            "# comment\nDockerfile\n/x/\n",
            "FROM scratch\nCOPY Dockerfile ./x /\nADD https://a/b.tgz /\nCOPY --from=x Dockerfile /\nCOPY . .\n",
            expect![[r#"
                FROM scratch
                COPY <focus>Dockerfile</focus> <focus>./x</focus> /
                ADD https://a/b.tgz /
                COPY --from=x Dockerfile /
                COPY . .
                warning CopyIgnoredFile: Attempting to Copy file "Dockerfile" that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
                warning CopyIgnoredFile: Attempting to Copy file "x" that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
            "#]],
        );
        check_with_ignore(
            "*\n!src\n",
            "FROM scratch\nCOPY . .\n",
            expect![[r#"
            FROM scratch
            COPY . .
        "#]],
        );
        check_with_ignore(
            "*\n",
            "FROM scratch\nCOPY . .\n",
            expect![[r#"
            FROM scratch
            COPY <focus>.</focus> .
            warning CopyIgnoredFile: Attempting to Copy file "." that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
        "#]],
        );
    }
}
