//! MaintainerDeprecated: MAINTAINER, replaced by the OCI authors label.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const CODE: &str = "MaintainerDeprecated";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for instruction in &analysis.file.instructions {
        if !instruction.is("maintainer") {
            continue;
        }
        let mut diagnostic = warning(
            CODE,
            instruction.keyword.range,
            "Maintainer instruction is deprecated in favor of using label: use `LABEL org.opencontainers.image.authors=…`",
        );
        if !instruction.args.text.is_empty() {
            let label =
                if instruction.keyword.text == instruction.keyword.text.to_lowercase() { "label" } else { "LABEL" };
            let value = label_value(&instruction.args.text);
            let new_text = format!("{label} org.opencontainers.image.authors={value}");
            let range = text_size::TextRange::new(instruction.keyword.range.start(), instruction.args.range.end());
            diagnostic = diagnostic.with_fix(Fix {
                title: "Replace with the `org.opencontainers.image.authors` label".to_string(),
                edits: vec![TextEdit::replace(range, new_text)],
                preferred: true,
                create_files: Vec::new(),
            });
        }
        sink.push(diagnostic);
    }
}

/// MAINTAINER takes its text verbatim; LABEL expands variables and removes
/// quotes, so the value is double-quoted with `"`, `\` and `$` escaped.
fn label_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn becomes_a_label() {
        check_rule(
            super::CODE,
            "FROM a\nMAINTAINER Jane \"J\" Doe <jane@$x.org>\n",
            expect![[r#"
                FROM a
                <focus>MAINTAINER</focus> Jane "J" Doe <jane@$x.org>
                warning MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label: use `LABEL org.opencontainers.image.authors=…`
                  fix Replace with the `org.opencontainers.image.authors` label:
                    |FROM a
                    |LABEL org.opencontainers.image.authors="Jane \"J\" Doe <jane@\$x.org>"
            "#]],
        );
    }
}
