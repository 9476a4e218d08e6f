//! JSON (exec) form of instruction arguments, as BuildKit's `parseJSON` reads it.

use serde_json::Value;

/// A string element of a JSON array, with its span (quotes included) in the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonFormError {
    /// Does not start with `[`: shell form.
    NotArray,
    /// Starts with `[` but is not valid JSON: BuildKit silently uses shell form.
    Invalid,
    /// Valid JSON with an element that is not a string: BuildKit fails.
    NotStrings { start: usize, end: usize },
}

/// Parses `text` as a JSON array of strings.
pub fn parse_string_array(text: &str) -> Result<Vec<JsonString>, JsonFormError> {
    let lead = text.len() - text.trim_start().len();
    let body = &text[lead..];
    if !body.starts_with('[') {
        return Err(JsonFormError::NotArray);
    }
    let values: Vec<Value> = serde_json::from_str(body).map_err(|_| JsonFormError::Invalid)?;
    let spans = element_spans(body);
    let mut out = Vec::with_capacity(values.len());
    for (value, (start, end)) in values.into_iter().zip(spans) {
        match value {
            Value::String(s) => out.push(JsonString { value: s, start: lead + start, end: lead + end }),
            _ => return Err(JsonFormError::NotStrings { start: lead + start, end: lead + end }),
        }
    }
    Ok(out)
}

/// Spans of the top-level elements of a JSON array already known to be valid.
fn element_spans(body: &str) -> Vec<(usize, usize)> {
    let bytes = body.as_bytes();
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut element_start: Option<usize> = None;
    let mut last_non_space = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            last_non_space = i;
            i += 1;
            continue;
        }
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth == 2 && element_start.is_none() {
                    element_start = Some(i);
                }
                if depth > 1 {
                    last_non_space = i;
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = element_start.take() {
                        spans.push((s, last_non_space + 1));
                    }
                    break;
                }
                last_non_space = i;
            }
            b',' if depth == 1 => {
                if let Some(s) = element_start.take() {
                    spans.push((s, last_non_space + 1));
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                if b == b'"' {
                    in_string = true;
                }
                if depth == 1 && element_start.is_none() {
                    element_start = Some(i);
                }
                last_non_space = i;
            }
        }
        i += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_spans() {
        let text = r#" ["a", "b\"c" ]"#;
        let items = parse_string_array(text).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[1].start..items[1].end], r#""b\"c""#);
        assert_eq!(items[1].value, "b\"c");
    }

    #[test]
    fn non_string_is_an_error_and_invalid_is_shell_form() {
        assert!(matches!(parse_string_array(r#"["a", 1]"#), Err(JsonFormError::NotStrings { .. })));
        assert_eq!(parse_string_array("['a']"), Err(JsonFormError::Invalid));
        assert_eq!(parse_string_array("echo"), Err(JsonFormError::NotArray));
        assert_eq!(parse_string_array("[]"), Ok(vec![]));
    }
}
