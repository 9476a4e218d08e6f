//! Quotes and `${…}` that BuildKit's shell lexer rejects in the words it
//! expands (ENV, LABEL, ARG defaults, FROM, COPY/ADD and their `--chown`,
//! `--chmod`, `--checksum`, heredoc sources, WORKDIR, USER, VOLUME,
//! STOPSIGNAL, EXPOSE, `--mount` values). RUN, CMD, ENTRYPOINT, SHELL and
//! HEALTHCHECK are left to the shell.

use text_size::TextRange;

use super::parsed::ParsedFlag;
use super::{CheckOptions, Diagnostic, Parsed, Sink};
use crate::model::{Analysis, Command};
use crate::syntax::shell_word::{check_word, WordError, WordErrorKind};
use crate::syntax::{Instruction, TextSize, Word};

pub const UNTERMINATED_QUOTE: &str = "dls/UnterminatedQuote";
pub const BAD_SUBSTITUTION: &str = "dls/BadSubstitution";

const EXPANDED_FLAGS: [&str; 4] = ["platform", "chown", "chmod", "checksum"];

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    let escape = analysis.file.escape;
    let first_from = analysis.model.stages.first().map_or(usize::MAX, |s| s.from);
    for ((index, instruction), parsed) in analysis.file.instructions.iter().enumerate().zip(parsed) {
        let command = analysis.command(index);
        if index < first_from && !matches!(command, Command::Arg { .. }) {
            continue;
        }
        let split_on_spaces = matches!(command, Command::List { json: false, .. });
        let mut words = Checker { instruction, escape, split_on_spaces, sink };
        words.flags(&parsed.flags);
        words.arguments(command);
        if instruction.is("copy") || instruction.is("add") {
            heredoc_sources(analysis, instruction, sink);
        }
    }
}

struct Checker<'a, 's> {
    instruction: &'a Instruction,
    escape: char,
    /// COPY/ADD/VOLUME in shell form split on blanks before reading quotes.
    split_on_spaces: bool,
    sink: &'s mut Sink,
}

impl Checker<'_, '_> {
    fn flags(&mut self, flags: &[ParsedFlag]) {
        let is_run = self.instruction.is("run");
        for flag in flags {
            let parts = &flag.parts;
            let Some(value) = &parts.value else { continue };
            if parts.name == "mount" && is_run {
                for field in flag.mount.as_ref().and_then(|m| m.as_ref().ok()).into_iter().flatten() {
                    if let Some(text) = &field.value {
                        self.check_text(text, field.value_range, None);
                    }
                }
            } else if EXPANDED_FLAGS.contains(&parts.name.as_str()) && !is_run {
                self.word(value);
            }
        }
    }

    fn arguments(&mut self, command: &Command) {
        match command {
            Command::From { words } => words.iter().take(1).for_each(|w| self.word(w)),
            Command::List { items, .. } => items.iter().for_each(|w| self.word(w)),
            Command::KeyValues { pairs } => {
                for pair in pairs {
                    self.word(&pair.key);
                    self.word(&pair.value);
                }
            }
            Command::Arg { defs } => defs.iter().filter_map(|d| d.default.as_ref()).for_each(|w| self.word(w)),
            Command::Words { words } => words.iter().for_each(|w| self.word(w)),
            Command::Single { value: Some(value) } if !self.instruction.is("maintainer") => self.word(value),
            _ => {}
        }
    }

    fn word(&mut self, word: &Word) {
        let raw = self.instruction.line.text.get(word.offset..word.raw_end()).unwrap_or("");
        // Offsets inside the word are exact only when it is written as is (not a JSON string).
        let base = (raw == word.text).then_some(word.offset);
        self.check_text(&word.text, word.range, base);
    }

    fn check_text(&mut self, text: &str, range: TextRange, logical_start: Option<usize>) {
        let Err(error) = check_word(text, self.escape, true) else { return };
        let at = match logical_start {
            Some(start) => self.instruction.line.source_range(start + error.start, start + error.end),
            None => range,
        };
        let mut diagnostic = diagnostic(&error, at);
        if self.split_on_spaces && matches!(error.kind, WordErrorKind::UnterminatedQuote(_)) {
            let keyword = self.instruction.keyword.text.to_ascii_uppercase();
            diagnostic.message = format!(
                "Unterminated quote: {keyword} splits its arguments at blanks before reading quotes; for a path with spaces use the JSON form `{keyword} [\"a b\", \"/dest/\"]`"
            );
        }
        self.sink.push(diagnostic);
    }
}

/// Heredoc sources of COPY/ADD with an unquoted delimiter are expanded with
/// `\` as escape and quotes taken literally.
fn heredoc_sources(analysis: &Analysis, instruction: &Instruction, sink: &mut Sink) {
    for heredoc in instruction.heredocs.iter().filter(|h| h.expand) {
        let range = heredoc.body_range;
        let Some(body) = analysis.text.get(usize::from(range.start())..usize::from(range.end())) else { continue };
        if let Err(error) = check_word(body, '\\', false) {
            let start = range.start() + TextSize::from(error.start as u32);
            let end = range.start() + TextSize::from(error.end as u32);
            sink.push(diagnostic(&error, TextRange::new(start, end.min(range.end()).max(start))));
        }
    }
}

fn diagnostic(error: &WordError, range: TextRange) -> Diagnostic {
    let (code, message) = match &error.kind {
        WordErrorKind::UnterminatedQuote('\'') => (
            UNTERMINATED_QUOTE,
            "Unterminated single quote: close it with `'` (inside single quotes `\\` escapes nothing; write `'a'\\''b'` or use double quotes)".to_string(),
        ),
        WordErrorKind::UnterminatedQuote(_) => {
            (UNTERMINATED_QUOTE, "Unterminated double quote: close it with `\"`".to_string())
        }
        WordErrorKind::MissingBrace => (BAD_SUBSTITUTION, "`${` is not closed: add `}`".to_string()),
        WordErrorKind::BadSubstitution => {
            (BAD_SUBSTITUTION, "Bad substitution: write `${NAME}` with a variable name".to_string())
        }
        WordErrorKind::UnsupportedModifier(m) => (
            BAD_SUBSTITUTION,
            format!("Unsupported modifier `{m}` in `${{…}}`: BuildKit knows `:-` `-` `:+` `+` `:?` `?` `#` `##` `%` `%%` `/` `//`; write `\\$` for a literal `$`"),
        ),
        WordErrorKind::MissingSlash => {
            (BAD_SUBSTITUTION, "Missing `/` in `${NAME/pattern/replacement}`".to_string())
        }
    };
    Diagnostic::error(code, range, message)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn real_corpus_env_quotes() {
        check_diagnostics(
            "FROM a\nENV name=\"a\\\"b\"\nENV name=\"a\\'b\"\nENV name='a\\'b'\nENV name='a\\'b''\n",
            expect![[r#"
                FROM a
                ENV name="a\"b"
                ENV name="a\'b"
                ENV name='a\'b<focus>'</focus>
                ENV name='a\'b''
                error dls/UnterminatedQuote: Unterminated single quote: close it with `'` (inside single quotes `\` escapes nothing; write `'a'\''b'` or use double quotes)
            "#]],
        );
    }

    #[test]
    fn words_of_many_instructions() {
        check_diagnostics(
            "ARG V=${\nFROM a:${V\nCOPY --chown=${U x \"y z\" /d/\nWORKDIR /a/${b[0]}\nLABEL a=${:x}\nEXPOSE ${P/x}\nRUN echo \"unterminated ${x[0]}\nCMD ['x\nCOPY <<EOF /x\n${arr[@]}\nEOF\nCOPY <<'EOF' /x\n${arr[@]}\nEOF\nRUN --mount=type=cache,target=${T ls\n",
            expect![[r#"
                ARG V=<focus>${</focus>
                FROM a:<focus>${V</focus>
                COPY --chown=<focus>${U</focus> x <focus>"y</focus> z<focus>"</focus> /d/
                WORKDIR /a/<focus>${b[</focus>0]}
                LABEL a=<focus>${:</focus>x}
                EXPOSE <focus>${P/x}</focus>
                RUN echo "unterminated ${x[0]}
                CMD ['x
                COPY <<EOF /x
                <focus>${arr[</focus>@]}
                EOF
                COPY <<'EOF' /x
                ${arr[@]}
                EOF
                RUN --mount=type=cache,target=<focus>${T</focus> ls
                error dls/BadSubstitution: `${` is not closed: add `}`
                error dls/BadSubstitution: `${` is not closed: add `}`
                error dls/BadSubstitution: `${` is not closed: add `}`
                error dls/UnterminatedQuote: Unterminated quote: COPY splits its arguments at blanks before reading quotes; for a path with spaces use the JSON form `COPY ["a b", "/dest/"]`
                error dls/UnterminatedQuote: Unterminated quote: COPY splits its arguments at blanks before reading quotes; for a path with spaces use the JSON form `COPY ["a b", "/dest/"]`
                error dls/BadSubstitution: Unsupported modifier `[` in `${…}`: BuildKit knows `:-` `-` `:+` `+` `:?` `?` `#` `##` `%` `%%` `/` `//`; write `\$` for a literal `$`
                error dls/BadSubstitution: Bad substitution: write `${NAME}` with a variable name
                error dls/BadSubstitution: Missing `/` in `${NAME/pattern/replacement}`
                error dls/BadSubstitution: Unsupported modifier `[` in `${…}`: BuildKit knows `:-` `-` `:+` `+` `:?` `?` `#` `##` `%` `%%` `/` `//`; write `\$` for a literal `$`
                error dls/BadSubstitution: `${` is not closed: add `}`
            "#]],
        );
    }
}
