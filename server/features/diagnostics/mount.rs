//! `RUN --mount=…` values BuildKit rejects (`parseMount` in
//! `commands_runmount.go`, then `dispatchRunMounts`, `dispatchSecret`,
//! `dispatchSSH`): bad CSV, unknown keys or types, keys that the mount type
//! does not take, bad values, and missing or root targets.

use text_size::TextRange;

use super::{did_you_mean, CheckOptions, Diagnostic, Parsed, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::mount::{MountField, MountSyntaxError, MOUNT_KEYS, MOUNT_TYPES, SHARING_MODES};
use crate::model::{Analysis, BaseKind};

pub const CODE: &str = "dls/InvalidMount";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    for (index, parsed) in parsed.iter().enumerate() {
        for flag in &parsed.flags {
            // Set for the `--mount` flags of RUN only.
            let (Some(mount), Some(value)) = (&flag.mount, &flag.parts.value) else { continue };
            let parts = &flag.parts;
            match mount {
                Ok(fields) => MountCheck::new(analysis, index, sink).run(fields),
                Err(error) => {
                    sink.push(syntax_error(error, if value.text.is_empty() { parts.range } else { value.range }))
                }
            }
        }
    }
}

fn syntax_error(error: &MountSyntaxError, range: TextRange) -> Diagnostic {
    let message = match error {
        MountSyntaxError::Empty => "`--mount` needs a value: write e.g. `--mount=type=cache,target=/root/.cache`",
        MountSyntaxError::BareQuote => "Invalid `--mount`: a quote may only enclose a whole field, as in `\"src=a,b\"`",
        MountSyntaxError::UnterminatedQuote => "Invalid `--mount`: a quoted field is not closed",
    };
    Diagnostic::error(CODE, range, message)
}

/// The type as far as it is known: `None` when it comes from a variable.
type MountType = Option<String>;

struct MountCheck<'a, 's> {
    analysis: &'a Analysis,
    index: usize,
    sink: &'s mut Sink,
}

impl<'a, 's> MountCheck<'a, 's> {
    fn new(analysis: &'a Analysis, index: usize, sink: &'s mut Sink) -> Self {
        MountCheck { analysis, index, sink }
    }

    fn error(&mut self, range: TextRange, message: String) {
        self.sink.push(Diagnostic::error(CODE, range, message));
    }

    fn run(&mut self, fields: &[MountField]) {
        let mut mount_type: MountType = Some("bind".to_string());
        let mut seen: Vec<&MountField> = Vec::new();
        for field in fields {
            match &field.value {
                None => self.bare_field(field, &mount_type),
                Some(value) if value.contains('$') => {
                    if field.key == "from" && value.find('$') != Some(value.len() - 1) {
                        let message = "`from` does not support variables: define a stage `FROM ${VAR} AS name` (with a global ARG) and mount from `name`";
                        self.error(field.value_range, message.to_string());
                    }
                    if field.key == "type" {
                        mount_type = None;
                    }
                }
                Some(value) => self.keyed_field(field, value, &mut mount_type),
            }
            seen.push(field);
        }
        self.whole_mount(&seen, &mount_type);
    }

    fn bare_field(&mut self, field: &MountField, mount_type: &MountType) {
        match field.key.as_str() {
            "readonly" | "ro" | "readwrite" | "rw" => {}
            "required" => self.type_specific(field, mount_type, &["secret", "ssh"]),
            _ => {
                let message = format!(
                    "Invalid `--mount` field `{}`: it must be a key=value pair (only ro, rw and required stand alone)",
                    field.text
                );
                self.error(field.range, message);
            }
        }
    }

    fn keyed_field(&mut self, field: &MountField, value: &str, mount_type: &mut MountType) {
        match field.key.as_str() {
            "type" => {
                let lower = value.to_ascii_lowercase();
                if MOUNT_TYPES.contains(&lower.as_str()) {
                    *mount_type = Some(lower);
                } else {
                    self.unknown_choice(field, value, "mount type", &MOUNT_TYPES);
                }
            }
            "from" | "source" | "src" | "target" | "dst" | "destination" | "id" | "env" => {}
            "readonly" | "ro" | "readwrite" | "rw" => self.boolean(field, value),
            "required" => {
                self.type_specific(field, mount_type, &["secret", "ssh"]);
                self.boolean(field, value);
            }
            "size" => {
                self.type_specific(field, mount_type, &["tmpfs"]);
                if !is_ram_size(value) {
                    self.error(
                        field.value_range,
                        format!("Invalid `size` `{value}`: write a size such as `64m` or `1g`"),
                    );
                }
            }
            "sharing" => {
                if !SHARING_MODES.contains(&value.to_ascii_lowercase().as_str()) {
                    self.unknown_choice(field, value, "sharing", &SHARING_MODES);
                }
            }
            "mode" => {
                if u32::from_str_radix(value, 8).is_err() {
                    self.error(
                        field.value_range,
                        format!("Invalid `mode` `{value}`: write an octal mode such as `0644`"),
                    );
                }
            }
            "uid" | "gid" => {
                if value.parse::<u32>().is_err() {
                    let message = format!("Invalid `{}` `{value}`: write a numeric id such as `1000`", field.key);
                    self.error(field.value_range, message);
                }
            }
            _ => self.unknown_key(field),
        }
    }

    /// A key only some mount types take; checked against the type set so far,
    /// as BuildKit reads the fields in order.
    fn type_specific(&mut self, field: &MountField, mount_type: &MountType, types: &[&str]) {
        let Some(current) = mount_type else { return };
        if !types.contains(&current.as_str()) {
            let list = types.iter().map(|t| format!("type={t}")).collect::<Vec<_>>().join(" or ");
            let message =
                format!("`{}` is not valid for a `{current}` mount: it needs {list}, set before it", field.key);
            self.error(field.range, message);
        }
    }

    /// Go's `strconv.ParseBool`.
    fn boolean(&mut self, field: &MountField, value: &str) {
        const BOOLS: [&str; 12] = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"];
        if !BOOLS.contains(&value) {
            self.error(field.value_range, format!("Invalid value for `{}`: `{value}`: use true or false", field.key));
        }
    }

    fn unknown_choice(&mut self, field: &MountField, value: &str, what: &str, allowed: &[&'static str]) {
        let choices = allowed.join(", ");
        let mut diagnostic =
            Diagnostic::error(CODE, field.value_range, format!("Unsupported {what} `{value}`: use one of {choices}"));
        if let Some(s) = did_you_mean(value, allowed.iter().copied()) {
            diagnostic.message = format!("Unsupported {what} `{value}`: did you mean `{s}`?");
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("Change to `{s}`"),
                edits: vec![TextEdit::replace(field.value_range, s)],
                preferred: true,
                create_files: Vec::new(),
            });
        }
        self.sink.push(diagnostic);
    }

    fn unknown_key(&mut self, field: &MountField) {
        let key_range = TextRange::new(field.range.start(), field.value_range.start().max(field.range.start()));
        let key_range = if field.value_range == field.range { field.range } else { trim_eq(key_range) };
        let mut diagnostic = Diagnostic::error(CODE, key_range, format!("Unexpected `--mount` key `{}`", field.key));
        match did_you_mean(&field.key, MOUNT_KEYS) {
            Some(s) => {
                diagnostic.message.push_str(&format!(": did you mean `{s}`?"));
                diagnostic = diagnostic.with_fix(Fix {
                    title: format!("Change to `{s}`"),
                    edits: vec![TextEdit::replace(key_range, s)],
                    preferred: true,
                    create_files: Vec::new(),
                });
            }
            None => diagnostic.message.push_str(": use type, source, target, from, id, sharing, mode, uid, gid, …"),
        }
        self.sink.push(diagnostic);
    }

    /// Checks on the whole mount, after its fields.
    fn whole_mount(&mut self, fields: &[&MountField], mount_type: &MountType) {
        let Some(mount_type) = mount_type.as_deref() else { return };
        let find = |keys: &[&str]| fields.iter().rev().find(|f| keys.contains(&f.key.as_str()) && f.value.is_some());
        let set = |keys: &[&str]| find(keys).is_some_and(|f| f.value.as_deref().is_some_and(|v| !v.is_empty()));
        if !matches!(mount_type, "secret" | "ssh" | "cache") {
            for key in ["mode", "uid", "gid"] {
                if let Some(field) = find(&[key]) {
                    let message =
                        format!("`{key}` is not allowed for `{mount_type}` mounts: only cache, secret and ssh take it");
                    self.error(field.range, message);
                }
            }
        }
        let target = find(&["target", "dst", "destination"]);
        match mount_type {
            "secret" => {
                if let Some(field) = find(&["from"]).filter(|_| set(&["from"])) {
                    self.error(field.range, "A secret mount can not have `from`: remove it".to_string());
                }
                if let Some(field) = find(&["sharing"]) {
                    self.error(field.range, "A secret mount can not define `sharing`: remove it".to_string());
                }
                if !set(&["source", "src"]) && !set(&["target", "dst", "destination"]) && !set(&["id"]) {
                    let range = fields.first().map_or(TextRange::default(), |f| f.range);
                    let range = fields.last().map_or(range, |l| range.cover(l.range));
                    self.error(
                        range,
                        "A secret mount needs `id`, `source` or `target`: add e.g. `id=mysecret`".to_string(),
                    );
                } else if set(&["source", "src"]) && set(&["id"]) {
                    if let Some(field) = find(&["id"]) {
                        self.error(field.range, "Both `source` and `id` are set: keep one".to_string());
                    }
                }
            }
            "ssh" => {
                if let Some(field) = find(&["source", "src"]).filter(|_| set(&["source", "src"])) {
                    self.error(field.range, "An ssh mount does not take `source`: use `id=<ssh id>`".to_string());
                }
            }
            _ => self.check_target(fields, target),
        }
        if !matches!(mount_type, "cache" | "secret") {
            if let Some(field) = find(&["sharing"]).filter(|_| set(&["sharing"])) {
                self.error(field.range, format!("`sharing` is only for cache mounts, not `{mount_type}`: remove it"));
            }
        }
    }

    /// `dispatchRunMounts` fails when the target resolves to `/`.
    fn check_target(&mut self, fields: &[&MountField], target: Option<&&MountField>) {
        let value = target.and_then(|f| f.value.as_deref()).unwrap_or("");
        if value.contains('$') {
            return;
        }
        let cleaned = value.trim_end_matches('/');
        if value.starts_with('/') && cleaned.is_empty() {
            if let Some(field) = target {
                self.error(field.value_range, "The mount target can not be `/`: mount to a directory".to_string());
            }
        } else if value.is_empty() && self.workdir_is_root() {
            let range = fields.first().map_or(TextRange::default(), |f| f.range);
            let range = fields.last().map_or(range, |l| range.cover(l.range));
            self.error(range, "This mount needs a target: add `target=/path`".to_string());
        }
    }

    /// Whether the working directory here is `/` for sure: no WORKDIR in
    /// this stage or the stages it builds on, and the chain starts at scratch
    /// (an image may set its own working directory).
    fn workdir_is_root(&self) -> bool {
        let analysis = self.analysis;
        let Some(mut stage) = analysis.stage_of(self.index) else { return false };
        let mut end = self.index;
        loop {
            let s = &analysis.model.stages[stage];
            if (s.from..end).any(|i| analysis.instruction(i).is("workdir")) {
                return false;
            }
            match &s.base.kind {
                BaseKind::Scratch => return true,
                BaseKind::Stage(base) if *base < stage => {
                    stage = *base;
                    end = analysis.model.stages[stage].end;
                }
                _ => return false,
            }
        }
    }
}

/// `key=` → `key`.
fn trim_eq(range: TextRange) -> TextRange {
    if range.len() > 0.into() {
        TextRange::new(range.start(), range.end() - text_size::TextSize::from(1))
    } else {
        range
    }
}

/// `units.RAMInBytes`: `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`.
fn is_ram_size(text: &str) -> bool {
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let number = &text[..digits_end];
    let number_ok = !number.is_empty()
        && number.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if !number_ok {
        return false;
    }
    let mut rest = text[digits_end..].strip_prefix(' ').unwrap_or(&text[digits_end..]);
    for class in ["kKmMgGtTpP", "iI", "bB"] {
        if let Some(c) = rest.chars().next().filter(|c| class.contains(*c)) {
            rest = &rest[c.len_utf8()..];
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::is_ram_size;
    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn real_corpus_bare_field() {
        check_diagnostics(
            "FROM ubuntu\nRUN  --mount=type=bind,source=.,dst=/tmp,z \\\n     --mount=type=tmpfs,dst=/var/tmp \\\n    cat /tmp/hey\n",
            expect![[r#"
                FROM ubuntu
                RUN  --mount=type=bind,source=.,dst=/tmp,<focus>z</focus> \
                     --mount=type=tmpfs,dst=/var/tmp \
                    cat /tmp/hey
                error dls/InvalidMount: Invalid `--mount` field `z`: it must be a key=value pair (only ro, rw and required stand alone)
            "#]],
        );
    }

    #[test]
    fn keys_types_and_values() {
        check_diagnostics(
            "FROM a\nRUN --mount=type=cahce,target=/x --mount=type=cache,target=/x,sharing=privat,mode=9,uid=x,ro=maybe,sizes=1 ls\nRUN --mount=type=bind,required,size=1g,mode=0644,target=/ --mount=required,type=secret,id=a --mount=type=secret,from=a,sharing=locked ls\nRUN --mount=type=ssh,source=x --mount=type=tmpfs,size=64m,target=/t --mount=type=$T,mode=1 --mount=from=${X}y,target=/x ls\nRUN --mount= --mount=type=cache,target=/x, ls\n",
            expect![[r#"
                FROM a
                RUN --mount=type=<focus>cahce</focus>,target=/x --mount=type=cache,target=/x,sharing=<focus>privat</focus>,mode=<focus>9</focus>,uid=<focus>x</focus>,ro=<focus>maybe</focus>,<focus>sizes</focus>=1 ls
                RUN --mount=type=bind,<focus>required</focus>,<focus>size=1g</focus>,<focus>mode=0644</focus>,target=<focus>/</focus> --mount=<focus>required</focus>,type=secret,id=a --mount=<focus>type=secret,<focus>from=a</focus>,<focus>sharing=locked</focus></focus> ls
                RUN --mount=type=ssh,<focus>source=x</focus> --mount=type=tmpfs,size=64m,target=/t --mount=type=$T,mode=1 --mount=from=<focus>${X}y</focus>,target=/x ls
                RUN <focus>--mount=</focus> --mount=type=cache,target=/x<focus>,</focus> ls
                error dls/InvalidMount: Unsupported mount type `cahce`: did you mean `cache`?
                error dls/InvalidMount: Unsupported sharing `privat`: did you mean `private`?
                error dls/InvalidMount: Invalid `mode` `9`: write an octal mode such as `0644`
                error dls/InvalidMount: Invalid `uid` `x`: write a numeric id such as `1000`
                error dls/InvalidMount: Invalid value for `ro`: `maybe`: use true or false
                error dls/InvalidMount: Unexpected `--mount` key `sizes`: did you mean `size`?
                error dls/InvalidMount: `required` is not valid for a `bind` mount: it needs type=secret or type=ssh, set before it
                error dls/InvalidMount: `size` is not valid for a `bind` mount: it needs type=tmpfs, set before it
                error dls/InvalidMount: `mode` is not allowed for `bind` mounts: only cache, secret and ssh take it
                error dls/InvalidMount: The mount target can not be `/`: mount to a directory
                error dls/InvalidMount: `required` is not valid for a `bind` mount: it needs type=secret or type=ssh, set before it
                error dls/InvalidMount: A secret mount needs `id`, `source` or `target`: add e.g. `id=mysecret`
                error dls/InvalidMount: A secret mount can not have `from`: remove it
                error dls/InvalidMount: A secret mount can not define `sharing`: remove it
                error dls/InvalidMount: An ssh mount does not take `source`: use `id=<ssh id>`
                error dls/InvalidMount: `from` does not support variables: define a stage `FROM ${VAR} AS name` (with a global ARG) and mount from `name`
                error dls/InvalidMount: `--mount` needs a value: write e.g. `--mount=type=cache,target=/root/.cache`
                error dls/InvalidMount: Invalid `--mount` field ``: it must be a key=value pair (only ro, rw and required stand alone)
            "#]],
        );
    }

    #[test]
    fn target_needed_only_where_the_workdir_is_root() {
        check_diagnostics(
            "FROM scratch AS s\nRUN --mount=type=cache ls\nFROM s\nWORKDIR /app\nRUN --mount=type=cache ls\nFROM alpine\nRUN --mount=type=cache ls\n",
            expect![[r#"
                FROM scratch AS s
                RUN --mount=<focus>type=cache</focus> ls
                FROM s
                WORKDIR /app
                RUN --mount=type=cache ls
                FROM alpine
                RUN --mount=type=cache ls
                error dls/InvalidMount: This mount needs a target: add `target=/path`
            "#]],
        );
    }

    #[test]
    fn ram_sizes() {
        for ok in ["1", "64m", "1.5 GiB", "10kb", "2T"] {
            assert!(is_ram_size(ok), "{ok}");
        }
        for bad in ["", "m", "1x", "1..5m", "-1"] {
            assert!(!is_ram_size(bad), "{bad}");
        }
    }
}
