//! Selection range (expand selection): word → variable or flag value →
//! flag / argument → arguments → instruction → stage → file.

use text_size::{TextRange, TextSize};

use crate::model::{flag_value_word, Analysis, Command, CommandForm};
use crate::syntax::words::split_shell_like;
use crate::syntax::Instruction;

/// For each offset, the nested ranges around it, innermost first; every range
/// strictly contains the previous one.
pub fn selection_ranges(analysis: &Analysis, offsets: &[TextSize]) -> Vec<Vec<TextRange>> {
    offsets.iter().map(|&offset| selection_chain(analysis, offset)).collect()
}

fn selection_chain(analysis: &Analysis, offset: TextSize) -> Vec<TextRange> {
    let text = &*analysis.text;
    let mut at = usize::from(offset).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let offset = TextSize::from(at as u32);
    let mut candidates = vec![word_at(&analysis.text, offset)];
    if let Some(index) = analysis.instruction_at(offset) {
        instruction_candidates(analysis, index, &mut candidates);
        if let Some(stage) = analysis.stage_of(index).and_then(|s| analysis.model.stages.get(s)) {
            let from = analysis.instruction(stage.from);
            let last = analysis.file.instructions.get(stage.end.saturating_sub(1)).unwrap_or(from);
            candidates.push(from.range.cover(last.range));
        }
    }
    candidates.extend(analysis.file.comments.iter().copied());
    candidates.push(TextRange::up_to(TextSize::of(&*analysis.text)));
    let chain = nested_chain(candidates, offset);
    if chain.is_empty() {
        return vec![TextRange::empty(offset)];
    }
    chain
}

/// The candidates containing `offset`, smallest first, keeping only those that
/// strictly contain the one before.
fn nested_chain(mut candidates: Vec<TextRange>, offset: TextSize) -> Vec<TextRange> {
    candidates.retain(|r| !r.is_empty() && r.contains_inclusive(offset));
    candidates.sort_by_key(|r| (r.len(), r.start()));
    let mut chain: Vec<TextRange> = Vec::new();
    for range in candidates {
        match chain.last() {
            Some(&last) if !(range.contains_range(last) && range != last) => {}
            _ => chain.push(range),
        }
    }
    chain
}

fn instruction_candidates(analysis: &Analysis, index: usize, out: &mut Vec<TextRange>) {
    let instruction = analysis.instruction(index);
    out.push(instruction.range);
    out.push(instruction.keyword.range);
    out.push(instruction.args.range);
    for flag in &instruction.flags {
        out.push(flag.range);
        if let Some(value) = flag_value_word(instruction, flag) {
            out.push(value.range);
            out.extend(comma_fields(instruction, value.offset, value.raw_end()));
        }
    }
    for heredoc in instruction.trigger.as_deref().unwrap_or(instruction).heredocs.iter() {
        out.push(heredoc.marker_range);
        out.push(heredoc.body_range);
    }
    let parts = command_parts(analysis.command(index));
    if parts.is_empty() {
        out.extend(argument_words(instruction));
    }
    out.extend(parts);
    let refs = analysis.model.var_refs.iter().filter(|r| r.instruction == index);
    out.extend(refs.flat_map(|r| [r.range, r.name_range]));
}

/// `key=value` fields of a flag value such as `--mount=type=cache,target=/x`.
fn comma_fields(instruction: &Instruction, start: usize, end: usize) -> Vec<TextRange> {
    let mut fields = Vec::new();
    let mut field_start = start;
    for (i, c) in instruction.line.text[start..end].char_indices() {
        if c == ',' {
            fields.push(instruction.line.source_range(field_start, start + i));
            field_start = start + i + 1;
        }
    }
    fields.push(instruction.line.source_range(field_start, end));
    fields
}

/// The shell words of shell-form arguments (quotes kept inside a word).
fn argument_words(instruction: &Instruction) -> impl Iterator<Item = TextRange> + '_ {
    let args = &instruction.args;
    let text = &instruction.line.text[args.offset..args.raw_end()];
    split_shell_like(text, '\\')
        .into_iter()
        .map(move |(s, e)| instruction.line.source_range(args.offset + s, args.offset + e))
}

/// Elements the model knows: JSON strings, `KEY=value` pairs and their halves.
fn command_parts(command: &Command) -> Vec<TextRange> {
    match command {
        Command::Exec { form: Some(CommandForm::Exec(items)) } | Command::List { items, json: true } => {
            items.iter().map(|w| w.range).collect()
        }
        Command::KeyValues { pairs } => pairs.iter().flat_map(|p| [p.range, p.key.range, p.value.range]).collect(),
        Command::Arg { defs } => defs
            .iter()
            .flat_map(|d| [Some(d.range), Some(d.name.range), d.default.as_ref().map(|w| w.range)])
            .flatten()
            .collect(),
        _ => Vec::new(),
    }
}

/// The run of name-like characters around `offset` (empty when there is none).
fn word_at(text: &str, offset: TextSize) -> TextRange {
    let at = usize::from(offset);
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    let start = text[..at].char_indices().rev().take_while(|&(_, c)| is_word(c)).last().map_or(at, |(i, _)| i);
    let end = text[at..].char_indices().find(|&(_, c)| !is_word(c)).map_or(text.len(), |(i, _)| at + i);
    TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_cursor;

    fn check(fixture: &str, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let chains = selection_ranges(&analysis, &[offset]);
        let out: String = chains[0].iter().map(|&r| format!("{:?}\n", &analysis.text[r])).collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn mount_field_to_stage() {
        check(
            "FROM a AS b\nRUN --mount=type=ca$0che,target=/root/.cache \\\n    go build ./...\nFROM b\n",
            expect![[r#"
                "cache"
                "type=cache"
                "type=cache,target=/root/.cache"
                "--mount=type=cache,target=/root/.cache"
                "RUN --mount=type=cache,target=/root/.cache \\\n    go build ./..."
                "FROM a AS b\nRUN --mount=type=cache,target=/root/.cache \\\n    go build ./..."
                "FROM a AS b\nRUN --mount=type=cache,target=/root/.cache \\\n    go build ./...\nFROM b\n"
            "#]],
        );
    }

    #[test]
    fn variable_in_a_shell_word() {
        check(
            "FROM a\nRUN echo \"${HO$0ME}/x\" done\n",
            expect![[r#"
                "HOME"
                "${HOME}"
                "\"${HOME}/x\""
                "echo \"${HOME}/x\" done"
                "RUN echo \"${HOME}/x\" done"
                "FROM a\nRUN echo \"${HOME}/x\" done"
                "FROM a\nRUN echo \"${HOME}/x\" done\n"
            "#]],
        );
    }

    #[test]
    fn env_pair_and_json_item() {
        check(
            "FROM a\nENV A=1 PA$0TH=/usr/bin\n",
            expect![[r#"
                "PATH"
                "PATH=/usr/bin"
                "A=1 PATH=/usr/bin"
                "ENV A=1 PATH=/usr/bin"
                "FROM a\nENV A=1 PATH=/usr/bin"
                "FROM a\nENV A=1 PATH=/usr/bin\n"
            "#]],
        );
        check(
            "FROM a\nCMD [\"nginx\", \"-g\", \"daemon o$0ff;\"]\n",
            expect![[r#"
                "off"
                "\"daemon off;\""
                "[\"nginx\", \"-g\", \"daemon off;\"]"
                "CMD [\"nginx\", \"-g\", \"daemon off;\"]"
                "FROM a\nCMD [\"nginx\", \"-g\", \"daemon off;\"]"
                "FROM a\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
            "#]],
        );
    }

    #[test]
    fn comment_and_end_of_file() {
        check(
            "# hel$0lo world\nFROM a\n",
            expect![[r##"
            "hello"
            "# hello world"
            "# hello world\nFROM a\n"
        "##]],
        );
        check(
            "FROM a\n$0",
            expect![[r#"
            "FROM a\n"
        "#]],
        );
    }
}
