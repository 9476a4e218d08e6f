//! Argument counts BuildKit's `instructions` parser enforces, empty VOLUME
//! paths, and heredocs where a destination belongs.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::{Analysis, Command, CommandForm};
use crate::syntax::{Instruction, Word};

pub const MISSING_ARGUMENTS: &str = "dls/MissingArguments";
pub const EMPTY_VOLUME: &str = "dls/EmptyVolume";
pub const HEREDOC_DESTINATION: &str = "dls/HeredocDestination";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let command = analysis.command(index);
        if let Some(diagnostic) = missing_arguments(instruction, command) {
            sink.push(diagnostic);
            continue;
        }
        match (instruction.name().as_str(), command) {
            ("volume", Command::List { items, .. }) => empty_volumes(items, sink),
            ("copy" | "add", Command::List { items, .. }) => heredoc_destination(instruction, items, sink),
            _ => {}
        }
    }
}

fn missing_arguments(instruction: &Instruction, command: &Command) -> Option<Diagnostic> {
    let keyword = instruction.keyword.text.to_ascii_uppercase();
    let at_least_one = || {
        let message = format!("{keyword} requires at least one argument: {}", usage(&keyword));
        Some(Diagnostic::error(MISSING_ARGUMENTS, instruction.keyword.range, message))
    };
    match command {
        Command::List { items, .. } if matches!(keyword.as_str(), "COPY" | "ADD") && items.len() < 2 => {
            let message = format!("{keyword} needs a source and a destination: write `{keyword} <src>... <dest>`");
            let range = items.first().map_or(instruction.keyword.range, |w| w.range);
            Some(Diagnostic::error(MISSING_ARGUMENTS, range, message))
        }
        Command::List { items, .. } if items.is_empty() => at_least_one(),
        Command::KeyValues { pairs } if pairs.is_empty() => at_least_one(),
        Command::Arg { defs } if defs.is_empty() => at_least_one(),
        Command::Words { words } if words.is_empty() => at_least_one(),
        Command::Onbuild if instruction.args.text.is_empty() => at_least_one(),
        Command::Healthcheck { kind: None, .. } => at_least_one(),
        Command::Exec { form: None } if keyword == "SHELL" => at_least_one(),
        Command::Exec { form: Some(CommandForm::Exec(items)) } if keyword == "SHELL" && items.is_empty() => {
            at_least_one()
        }
        Command::Single { value: None } => {
            let message = format!("{keyword} requires exactly one argument: {}", usage(&keyword));
            Some(Diagnostic::error(MISSING_ARGUMENTS, instruction.keyword.range, message))
        }
        _ => None,
    }
}

fn usage(keyword: &str) -> &'static str {
    match keyword {
        "ENV" => "write `ENV name=value`",
        "LABEL" => "write `LABEL name=value`",
        "ARG" => "write `ARG name[=default]`",
        "EXPOSE" => "write `EXPOSE <port>[/tcp|/udp]`",
        "VOLUME" => "write `VOLUME /path`",
        "ONBUILD" => "write `ONBUILD <instruction>`",
        "HEALTHCHECK" => "write `HEALTHCHECK CMD <command>` or `HEALTHCHECK NONE`",
        "SHELL" => "write `SHELL [\"/bin/sh\", \"-c\"]`",
        "USER" => "write `USER <user>[:<group>]`",
        "WORKDIR" => "write `WORKDIR /path`",
        "STOPSIGNAL" => "write `STOPSIGNAL SIGTERM`",
        "MAINTAINER" => "write `MAINTAINER <name>`, or better `LABEL org.opencontainers.image.authors=<name>`",
        _ => "add the missing argument",
    }
}

fn empty_volumes(items: &[Word], sink: &mut Sink) {
    for item in items.iter().filter(|w| w.text.trim().is_empty()) {
        let message = "VOLUME paths can not be empty: remove this item or give a path";
        sink.push(Diagnostic::error(EMPTY_VOLUME, item.range, message));
    }
}

/// BuildKit's `parseSourcesAndDest`: the last argument may not be `<<EOF`.
fn heredoc_destination(instruction: &Instruction, items: &[Word], sink: &mut Sink) {
    let Some(dest) = items.last() else { return };
    if is_heredoc_word(&dest.text) {
        let keyword = instruction.keyword.text.to_ascii_uppercase();
        let message = format!("{keyword} cannot take a heredoc as its destination: put the destination path last");
        sink.push(Diagnostic::error(HEREDOC_DESTINATION, dest.range, message));
    }
}

/// `^(\d*)<<(-?)\s*([^<]*)$` with a non-empty name.
fn is_heredoc_word(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else { return false };
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    !rest.is_empty() && !rest.contains('<')
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn argument_counts() {
        check_diagnostics(
            "FROM a\nCOPY x\nADD\nENV\nLABEL \nEXPOSE\nVOLUME\nVOLUME []\nUSER\nWORKDIR\nSTOPSIGNAL\nMAINTAINER\nONBUILD\nARG\nUSER a b\nSHELL []\nHEALTHCHECK\n",
            expect![[r#"
                FROM a
                COPY <focus>x</focus>
                <focus>ADD</focus>
                <focus>ENV</focus>
                <focus>LABEL</focus> 
                <focus>EXPOSE</focus>
                <focus>VOLUME</focus>
                <focus>VOLUME</focus> []
                <focus>USER</focus>
                <focus>WORKDIR</focus>
                <focus>STOPSIGNAL</focus>
                <focus>MAINTAINER</focus>
                <focus>ONBUILD</focus>
                <focus>ARG</focus>
                USER a b
                <focus>SHELL</focus> []
                <focus>HEALTHCHECK</focus>
                error dls/MissingArguments: COPY needs a source and a destination: write `COPY <src>... <dest>`
                error dls/MissingArguments: ADD needs a source and a destination: write `ADD <src>... <dest>`
                error dls/MissingArguments: ENV requires at least one argument: write `ENV name=value`
                error dls/MissingArguments: LABEL requires at least one argument: write `LABEL name=value`
                error dls/MissingArguments: EXPOSE requires at least one argument: write `EXPOSE <port>[/tcp|/udp]`
                error dls/MissingArguments: VOLUME requires at least one argument: write `VOLUME /path`
                error dls/MissingArguments: VOLUME requires at least one argument: write `VOLUME /path`
                error dls/MissingArguments: USER requires exactly one argument: write `USER <user>[:<group>]`
                error dls/MissingArguments: WORKDIR requires exactly one argument: write `WORKDIR /path`
                error dls/MissingArguments: STOPSIGNAL requires exactly one argument: write `STOPSIGNAL SIGTERM`
                error dls/MissingArguments: MAINTAINER requires exactly one argument: write `MAINTAINER <name>`, or better `LABEL org.opencontainers.image.authors=<name>`
                error dls/MissingArguments: ONBUILD requires at least one argument: write `ONBUILD <instruction>`
                error dls/MissingArguments: ARG requires at least one argument: write `ARG name[=default]`
                error dls/MissingArguments: SHELL requires at least one argument: write `SHELL ["/bin/sh", "-c"]`
                error dls/MissingArguments: HEALTHCHECK requires at least one argument: write `HEALTHCHECK CMD <command>` or `HEALTHCHECK NONE`
            "#]],
        );
    }

    #[test]
    fn empty_volume_and_heredoc_destination() {
        check_diagnostics(
            "FROM a\nVOLUME [\"/a\", \" \"]\nCOPY x <<EOF\nhi\nEOF\nCOPY <<EOF /x\nhi\nEOF\n",
            expect![[r#"
                FROM a
                VOLUME ["/a", <focus>" "</focus>]
                COPY x <focus><<EOF</focus>
                hi
                EOF
                COPY <<EOF /x
                hi
                EOF
                error dls/EmptyVolume: VOLUME paths can not be empty: remove this item or give a path
                error dls/HeredocDestination: COPY cannot take a heredoc as its destination: put the destination path last
            "#]],
        );
    }
}
