//! `COPY/ADD --chmod` values BuildKit rejects (`dispatchCopy`): an octal mode
//! up to 07777, or a symbolic mode such as `u+x,go-w`.

use super::{CheckOptions, Diagnostic, Parsed, Sink};
use crate::model::Analysis;

pub const CODE: &str = "dls/InvalidChmod";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    for (instruction, parsed) in analysis.file.instructions.iter().zip(parsed) {
        if !(instruction.is("copy") || instruction.is("add")) {
            continue;
        }
        for flag in &parsed.flags {
            let parts = &flag.parts;
            let Some(value) = parts.value.as_ref().filter(|_| parts.name == "chmod") else { continue };
            if value.text.contains(['$', '"', '\'']) || is_valid_chmod(&value.text) {
                continue;
            }
            let message = format!(
                "Invalid --chmod `{}`: write an octal mode from 0 to 7777 (e.g. `755`) or a symbolic one (e.g. `u+x,go-w`)",
                value.text
            );
            sink.push(Diagnostic::error(CODE, value.range, message));
        }
    }
}

pub fn is_valid_chmod(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return u32::from_str_radix(text, 8).is_ok_and(|mode| mode <= 0o7777);
    }
    !text.starts_with(|c: char| c.is_ascii_digit()) && is_symbolic_mode(text)
}

/// The symbolic grammar of `dchapes-mode`: clauses `[ugoa]*([+-=][rwxXstugo]*)+`
/// separated by commas.
fn is_symbolic_mode(text: &str) -> bool {
    text.split(',').all(|clause| {
        let ops = clause.trim_start_matches(['u', 'g', 'o', 'a']);
        let mut chars = ops.chars().peekable();
        if chars.peek().is_none() {
            return false;
        }
        while let Some(op) = chars.next() {
            if !matches!(op, '+' | '-' | '=') {
                return false;
            }
            while chars.next_if(|c| "rwxXstugo".contains(*c)).is_some() {}
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::is_valid_chmod;
    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn modes() {
        for ok in ["755", "0644", "7777", "u+x", "go-w", "a=rwx,o-w", "+x", "u+x-w", "=", "u=g"] {
            assert!(is_valid_chmod(ok), "{ok}");
        }
        for bad in ["8", "17777", "0o755", "+7", "u+q", "u", "u+x,", "rwx", "u x"] {
            assert!(!is_valid_chmod(bad), "{bad}");
        }
    }

    #[test]
    fn flags_on_copy_and_add() {
        check_diagnostics(
            "FROM a\nCOPY --chmod=755 a b\nCOPY --chmod=888 a b\nADD --chmod=u+rwx,g=q a b\nCOPY --chmod=$MODE a b\n",
            expect![[r#"
                FROM a
                COPY --chmod=755 a b
                COPY --chmod=<focus>888</focus> a b
                ADD --chmod=<focus>u+rwx,g=q</focus> a b
                COPY --chmod=$MODE a b
                error dls/InvalidChmod: Invalid --chmod `888`: write an octal mode from 0 to 7777 (e.g. `755`) or a symbolic one (e.g. `u+x,go-w`)
                error dls/InvalidChmod: Invalid --chmod `u+rwx,g=q`: write an octal mode from 0 to 7777 (e.g. `755`) or a symbolic one (e.g. `u+x,go-w`)
            "#]],
        );
    }
}
