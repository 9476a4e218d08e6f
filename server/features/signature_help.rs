//! Signature help for instructions: the forms of the instruction under the
//! cursor, with the flag or argument being typed as the active parameter.

use text_size::TextSize;

use super::dockerfile_docs;
use crate::model::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub label: String,
    pub documentation: String,
    /// Byte ranges of the parameters in `label`.
    pub parameters: Vec<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signatures: Vec<Signature>,
    pub active_signature: usize,
    pub active_parameter: Option<usize>,
}

pub fn signature_help(analysis: &Analysis, offset: TextSize) -> Option<SignatureHelp> {
    let index = analysis.instruction_at(offset)?;
    let outer = analysis.instruction(index);
    let instruction = match &outer.trigger {
        Some(trigger) if offset > trigger.keyword.range.end() => trigger.as_ref(),
        _ => outer,
    };
    if offset <= instruction.keyword.range.end() {
        return None;
    }
    let doc = dockerfile_docs::instruction(&instruction.keyword.text)?;
    let mut documentation = doc.summary.to_string();
    if !doc.flags.is_empty() {
        let flags: Vec<String> = doc.flags.iter().map(|f| format!("`--{}`", f.name)).collect();
        documentation.push_str(&format!("\n\nFlags: {}", flags.join(", ")));
    }
    let signatures: Vec<Signature> = doc
        .forms
        .iter()
        .map(|form| Signature {
            label: form.to_string(),
            documentation: documentation.clone(),
            parameters: parameters(form),
        })
        .collect();
    let exec_form = instruction.args.text.starts_with('[');
    let active_signature = signatures.iter().position(|s| s.label.contains("[\"") == exec_form).unwrap_or(0);
    let active_parameter = active_parameter(analysis, index, instruction, offset, &signatures[active_signature]);
    Some(SignatureHelp { signatures, active_signature, active_parameter })
}

/// The parameters of a form: its words after the keyword, a bracketed group
/// (`[--mount=…]`, `["executable", "param"]`) counting as one.
fn parameters(form: &str) -> Vec<(usize, usize)> {
    let mut params = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let body_start = form.find(' ').map_or(form.len(), |i| i + 1);
    for (i, c) in form[body_start..].char_indices().map(|(i, c)| (i + body_start, c)) {
        match c {
            '[' => {
                if depth == 0 && start.is_none() {
                    start = Some(i);
                }
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 => {
                if let Some(s) = start.take() {
                    params.push((s, i));
                }
            }
            _ if start.is_none() => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        params.push((s, form.len()));
    }
    // An ellipsis says "more of the same"; it is not a parameter of its own.
    params.retain(|&(s, e)| &form[s..e] != "…");
    params
}

fn active_parameter(
    analysis: &Analysis,
    _index: usize,
    instruction: &crate::syntax::Instruction,
    offset: TextSize,
    signature: &Signature,
) -> Option<usize> {
    let param_text = |p: &(usize, usize)| &signature.label[p.0..p.1];
    if let Some(flag) = instruction.flags.iter().find(|f| f.range.start() <= offset && offset <= f.range.end()) {
        let name = format!("--{}", crate::model::flag_name(&flag.text));
        return signature
            .parameters
            .iter()
            .position(|p| param_text(p).contains(&name))
            .or_else(|| signature.parameters.iter().position(|p| param_text(p).contains("OPTIONS")));
    }
    let flags_end = instruction.flags.last().map_or(instruction.keyword.range.end(), |f| f.range.end());
    if offset <= flags_end {
        return None;
    }
    let args_start = usize::from(instruction.args.range.start());
    let before = analysis.text.get(args_start.min(usize::from(offset))..usize::from(offset)).unwrap_or("");
    let arg_index =
        before.split_whitespace().count().saturating_sub(usize::from(!before.ends_with(char::is_whitespace)));
    let positional: Vec<usize> = (0..signature.parameters.len())
        .filter(|&i| {
            !param_text(&signature.parameters[i]).starts_with("[--")
                && param_text(&signature.parameters[i]) != "[OPTIONS]"
        })
        .collect();
    let last = positional.len().checked_sub(1)?;
    Some(positional[arg_index.min(last)])
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_cursor;

    fn check(fixture: &str, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let rendered = match signature_help(&analysis, offset) {
            Some(help) => {
                let signature = &help.signatures[help.active_signature];
                let active = help.active_parameter.map_or("none", |p| {
                    let (s, e) = signature.parameters[p];
                    &signature.label[s..e]
                });
                format!("{} signatures; active: {}; parameter: {}", help.signatures.len(), signature.label, active)
            }
            None => "none".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    #[test]
    fn forms_and_active_parameter() {
        check("FROM alpine AS $0\n", expect!["1 signatures; active: FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]; parameter: [AS <name>]"]);
        check("FROM --platf$0orm=linux/amd64 alpine\n", expect!["1 signatures; active: FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]; parameter: [--platform=<platform>]"]);
        check(
            "FROM alpine\nRUN --mount=type=cache$0,target=/x make\n",
            expect![
                "2 signatures; active: RUN [--mount=…] [--network=…] [--security=…] <command>; parameter: [--mount=…]"
            ],
        );
        check(
            "FROM alpine\nCMD [\"a\", $0]\n",
            expect![[r#"3 signatures; active: CMD ["executable", "param", …]; parameter: ["executable", "param", …]"#]],
        );
        check(
            "FROM alpine\nCOPY a $0\n",
            expect!["2 signatures; active: COPY [OPTIONS] <src> … <dest>; parameter: <dest>"],
        );
        check("FR$0OM alpine\n", expect!["none"]);
    }
}
