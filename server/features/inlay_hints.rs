//! Inlay hints: the stage a numeric `--from=1` means, and the image a
//! `FROM ${IMAGE}` resolves to with the global ARG defaults.

use text_size::{TextRange, TextSize};

use crate::model::{Analysis, RefTarget, StageRefKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Shown just after this offset.
    pub offset: TextSize,
    pub label: String,
    pub tooltip: String,
}

/// Hints whose position lies in `range`.
pub fn inlay_hints(analysis: &Analysis, range: TextRange) -> Vec<InlayHint> {
    let model = &analysis.model;
    let mut hints = Vec::new();
    for r in &model.stage_refs {
        let numeric = r.kind != StageRefKind::From && r.text.parse::<usize>().is_ok();
        let (RefTarget::Stage(s) | RefTarget::LaterStage(s)) = r.target else { continue };
        if numeric {
            let stage = &model.stages[s];
            let label = stage.name().map_or_else(|| stage.base.word.text.clone(), str::to_string);
            let tooltip = format!("stage {} (line {})", stage.index, analysis.line_of(stage.from) + 1);
            hints.push(InlayHint { offset: r.range.end(), label, tooltip });
        }
    }
    for stage in &model.stages {
        let base = &stage.base;
        if base.word.text.contains('$') && !base.expanded.is_empty() {
            let tooltip = if base.unset_vars.is_empty() {
                "with the default values of the global ARGs".to_string()
            } else {
                format!("with the global ARG defaults; no value for {}", base.unset_vars.join(", "))
            };
            hints.push(InlayHint { offset: base.word.range.end(), label: format!("= {}", base.expanded), tooltip });
        }
    }
    hints.retain(|h| range.start() <= h.offset && h.offset <= range.end());
    hints.sort_by_key(|h| h.offset);
    hints
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn numeric_from_and_variable_base() {
        let text = "ARG BASE=node:22\nFROM ${BASE} AS deps\nFROM alpine\nCOPY --from=0 /a /a\nCOPY --from=1 /b /b\nCOPY --from=deps /c /c\n";
        let analysis = Analysis::from_text(text);
        let mut out = text.to_string();
        for hint in inlay_hints(&analysis, TextRange::up_to(TextSize::of(text))).iter().rev() {
            out.insert_str(usize::from(hint.offset), &format!("⟨{}⟩", hint.label));
        }
        expect![[r#"
            ARG BASE=node:22
            FROM ${BASE}⟨= node:22⟩ AS deps
            FROM alpine
            COPY --from=0⟨deps⟩ /a /a
            COPY --from=1 /b /b
            COPY --from=deps /c /c
        "#]]
        .assert_eq(&out);
    }
}
