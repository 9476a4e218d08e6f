//! Instructions BuildKit does not know.

use super::{did_you_mean, CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::command::KEYWORDS;
use crate::model::{Analysis, Command};

pub const CODE: &str = "dls/UnknownInstruction";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, command) in analysis.model.commands.iter().enumerate() {
        if !matches!(command, Command::Unknown) {
            continue;
        }
        let keyword = &analysis.instruction(index).keyword;
        let suggestion = did_you_mean(&keyword.text, KEYWORDS);
        let message = match suggestion {
            Some(s) => format!("Unknown instruction `{}`: did you mean `{}`?", keyword.text, s.to_ascii_uppercase()),
            None => format!(
                "Unknown instruction `{}`: a Dockerfile line must start with an instruction such as RUN or COPY",
                keyword.text
            ),
        };
        let mut diagnostic = Diagnostic::error(CODE, keyword.range, message);
        if let Some(s) = suggestion {
            let replacement = match_case(&keyword.text, s);
            let title = format!("Change to `{replacement}`");
            diagnostic =
                diagnostic.with_fix(Fix::new(title, vec![TextEdit::replace(keyword.range, replacement)]).preferred());
        }
        sink.push(diagnostic);
    }
}

/// `s` in the case of `like` (lowercase when `like` is all lowercase).
fn match_case(like: &str, s: &str) -> String {
    if like.chars().all(|c| !c.is_ascii_uppercase()) {
        s.to_ascii_lowercase()
    } else {
        s.to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn suggests_the_closest_keyword() {
        check_diagnostics(
            "FROM a\nCOPPY . .\nfrobnicate x\n",
            expect![[r#"
                FROM a
                <focus>COPPY</focus> . .
                <focus>frobnicate</focus> x
                error dls/UnknownInstruction: Unknown instruction `COPPY`: did you mean `COPY`?
                error dls/UnknownInstruction: Unknown instruction `frobnicate`: a Dockerfile line must start with an instruction such as RUN or COPY
            "#]],
        );
    }
}
