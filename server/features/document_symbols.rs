//! Document symbols (the outline): global ARGs on top, then one symbol per
//! build stage (`name (base)` or `stage N (base)`) with its instructions as
//! children; ARG and ENV instructions list the variables they declare.
//! Workspace symbols search the same symbols across open documents.

use text_size::TextRange;

use crate::model::{Analysis, Command, Stage};
use crate::syntax::Instruction;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Stage,
    Instruction,
    Variable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub range: TextRange,
    /// What to reveal when the symbol is picked: a name or a keyword.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// Longest instruction summary shown as a detail.
const DETAIL_LIMIT: usize = 60;

/// The analysis with its variable declarations grouped by instruction.
struct Outline<'a> {
    analysis: &'a Analysis,
    vars_by_instruction: Vec<Vec<usize>>,
}

pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    let mut vars_by_instruction = vec![Vec::new(); analysis.file.instructions.len()];
    for (id, var) in analysis.model.vars.iter().enumerate() {
        if let Some(list) = vars_by_instruction.get_mut(var.instruction) {
            list.push(id);
        }
    }
    let outline = Outline { analysis, vars_by_instruction };
    let instructions = &analysis.file.instructions;
    let first_stage_start = analysis.model.stages.first().map_or(instructions.len(), |s| s.from);
    let mut symbols: Vec<Symbol> = instructions
        .iter()
        .take(first_stage_start)
        .enumerate()
        .flat_map(|(index, instruction)| global_symbols(&outline, index, instruction))
        .collect();
    symbols.extend(analysis.model.stages.iter().map(|stage| stage_symbol(&outline, stage)));
    symbols
}

/// Before the first FROM: each global ARG as a variable (other instructions, which
/// BuildKit rejects there, as themselves).
fn global_symbols(outline: &Outline<'_>, index: usize, instruction: &Instruction) -> Vec<Symbol> {
    let variables = variable_symbols(outline, index);
    if variables.is_empty() {
        vec![instruction_symbol(outline, index, instruction)]
    } else {
        variables
    }
}

fn stage_symbol(outline: &Outline<'_>, stage: &Stage) -> Symbol {
    let analysis = outline.analysis;
    let from = analysis.instruction(stage.from);
    let last = analysis.file.instructions.get(stage.end.saturating_sub(1)).unwrap_or(from);
    let base = if stage.base.word.text.is_empty() { "?" } else { stage.base.word.text.as_str() };
    let selection_range = stage.name.as_ref().map_or(from.keyword.range, |n| n.word.range);
    let children = stage
        .instructions()
        .skip(1)
        .filter_map(|i| analysis.file.instructions.get(i).map(|instruction| (i, instruction)))
        .map(|(i, instruction)| instruction_symbol(outline, i, instruction))
        .collect();
    Symbol {
        name: format!("{} ({base})", stage.label()),
        detail: stage.platform.as_ref().map(|p| format!("--platform={}", p.text)),
        kind: SymbolKind::Stage,
        range: from.range.cover(last.range),
        selection_range,
        children,
    }
}

fn instruction_symbol(outline: &Outline<'_>, index: usize, instruction: &Instruction) -> Symbol {
    Symbol {
        name: instruction.keyword.text.to_ascii_uppercase(),
        detail: summary(instruction),
        kind: SymbolKind::Instruction,
        range: instruction.range,
        selection_range: instruction.keyword.range,
        children: variable_symbols(outline, index),
    }
}

/// The variables an ARG or ENV instruction declares.
fn variable_symbols(outline: &Outline<'_>, index: usize) -> Vec<Symbol> {
    let analysis = outline.analysis;
    let declares = matches!(analysis.command(index), Command::Arg { .. })
        || (matches!(analysis.command(index), Command::KeyValues { .. }) && analysis.instruction(index).is("env"));
    if !declares {
        return Vec::new();
    }
    let vars = outline.vars_by_instruction.get(index).map_or(&[][..], Vec::as_slice);
    vars.iter()
        .map(|&v| &analysis.model.vars[v])
        .map(|v| Symbol {
            name: v.name.clone(),
            detail: v.raw_value.clone(),
            kind: SymbolKind::Variable,
            range: v.range,
            selection_range: v.name_range,
            children: Vec::new(),
        })
        .collect()
}

/// The first line of the arguments, shortened.
fn summary(instruction: &Instruction) -> Option<String> {
    let mut text: String = instruction.line.text[instruction.keyword.raw_end()..].trim().to_string();
    if text.is_empty() {
        return None;
    }
    if let Some((cut, _)) = text.char_indices().nth(DETAIL_LIMIT) {
        text.truncate(cut);
        text.push('…');
    }
    Some(text)
}

/// A symbol found by a workspace search, without children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub range: TextRange,
    /// The stage it belongs to, for display.
    pub container: Option<String>,
}

/// Stages and variables of one document whose name matches `query`
/// (case-insensitive, its characters in order); all of them for an empty query.
pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<FoundSymbol> {
    let mut found = Vec::new();
    for symbol in document_symbols(analysis) {
        let container = (symbol.kind == SymbolKind::Stage).then(|| symbol.name.clone());
        if symbol.kind != SymbolKind::Instruction && matches_query(&symbol.name, query) {
            found.push(FoundSymbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                range: symbol.selection_range,
                container: None,
            });
        }
        let variables = symbol.children.iter().flat_map(|c| c.children.iter());
        for variable in variables.filter(|v| matches_query(&v.name, query)) {
            found.push(FoundSymbol {
                name: variable.name.clone(),
                kind: variable.kind,
                range: variable.selection_range,
                container: container.clone(),
            });
        }
    }
    found
}

/// Fuzzy match: every character of `query` appears in `name` in order.
fn matches_query(name: &str, query: &str) -> bool {
    let mut chars = name.chars().map(|c| c.to_ascii_lowercase());
    query.chars().map(|c| c.to_ascii_lowercase()).all(|q| chars.any(|c| c == q))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    fn render(symbols: &[Symbol], text: &str, depth: usize, out: &mut String) {
        for s in symbols {
            let selected = &text[s.selection_range];
            let detail = s.detail.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
            out.push_str(&format!("{}{:?} {}{detail} [{selected}]\n", "  ".repeat(depth), s.kind, s.name));
            render(&s.children, text, depth + 1, out);
        }
    }

    fn check(text: &str, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let mut out = String::new();
        render(&document_symbols(&analysis), text, 0, &mut out);
        expect.assert_eq(&out);
    }

    #[test]
    fn stages_with_instructions_and_global_args_on_top() {
        check(
            "ARG GO=1.22\nFROM golang:${GO} AS build\nENV CGO_ENABLED=0 A=b\nRUN go build \\\n  -o /app\n\nFROM --platform=$BUILDPLATFORM scratch\nCOPY --from=build /app /app\n",
            expect![[r#"
                Variable GO — 1.22 [GO]
                Stage build (golang:${GO}) [build]
                  Instruction ENV — CGO_ENABLED=0 A=b [ENV]
                    Variable CGO_ENABLED — 0 [CGO_ENABLED]
                    Variable A — b [A]
                  Instruction RUN — go build   -o /app [RUN]
                Stage stage 1 (scratch) — --platform=$BUILDPLATFORM [FROM]
                  Instruction COPY — --from=build /app /app [COPY]
            "#]],
        );
    }

    #[test]
    fn ranges_cover_the_whole_stage() {
        let text = "FROM a AS one\nRUN x\n\nFROM one\n";
        let symbols = document_symbols(&Analysis::from_text(text));
        assert_eq!(&text[symbols[0].range], "FROM a AS one\nRUN x");
        assert_eq!(&text[symbols[1].range], "FROM one");
    }

    #[test]
    fn empty_and_broken_files() {
        check("", expect![""]);
        check(
            "RUN x\nFROM\n",
            expect![[r#"
            Instruction RUN — x [RUN]
            Stage stage 0 (?) [FROM]
        "#]],
        );
    }

    #[test]
    fn workspace_search_is_fuzzy() {
        let analysis = Analysis::from_text("ARG VERSION=1\nFROM a AS builder\nARG BUILD_ID\nFROM b AS runtime\n");
        let names = |q: &str| workspace_symbols(&analysis, q).into_iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names("bld"), vec!["builder (a)", "BUILD_ID"]);
        assert_eq!(names("VER"), vec!["VERSION"]);
        assert_eq!(names("").len(), 4);
    }
}
