//! Document highlight: the stage or variable under the cursor, its
//! declarations marked as writes and its uses as reads.

use text_size::{TextRange, TextSize};

use super::references::references;
use crate::model::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    Read,
    Write,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    pub kind: HighlightKind,
}

pub fn document_highlight(analysis: &Analysis, offset: TextSize) -> Vec<Highlight> {
    references(analysis, offset, true)
        .into_iter()
        .map(|r| Highlight {
            range: r.range,
            kind: if r.is_declaration { HighlightKind::Write } else { HighlightKind::Read },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::{mark_ranges, with_cursor};

    #[test]
    fn declarations_write_and_uses_read() {
        let (analysis, offset) = with_cursor("FROM alpine\nARG N$0AME=x\nRUN echo ${NAME}\n");
        let marks: Vec<(TextRange, &str)> = document_highlight(&analysis, offset)
            .iter()
            .map(|h| (h.range, if h.kind == HighlightKind::Write { "write" } else { "read" }))
            .collect();
        expect![[r#"
            FROM alpine
            ARG <write>NAME</write>=x
            RUN echo ${<read>NAME</read>}
        "#]]
        .assert_eq(&mark_ranges(&analysis.text, &marks));
    }

    #[test]
    fn nothing_on_a_keyword() {
        let (analysis, offset) = with_cursor("FR$0OM alpine\n");
        assert!(document_highlight(&analysis, offset).is_empty());
    }
}
