; Highlights for Dockerfiles/Containerfiles, written for the node types of
; tree-sitter-containerfile 0.9 (https://crates.io/crates/tree-sitter-containerfile).
;
; dockerfile-ls loads this file to compute semantic tokens; editors with
; tree-sitter highlighting (Neovim, Helix, Zed, …) can use it as is. Capture
; names follow the common conventions (`@keyword`, `@string`, `@variable`, …);
; the server maps them to LSP semantic token types as listed in the README and
; ignores the captures it has no token type for (`@punctuation.*`,
; `@string.special`). Predicates use only `#match?` with plain character
; classes, which both Rust regexes and Vim regexes read the same way.

; Instruction keywords (matched case-insensitively by the grammar), the `AS`
; of FROM and the `NONE` of HEALTHCHECK.
[
  "FROM"
  "AS"
  "RUN"
  "CMD"
  "LABEL"
  "MAINTAINER"
  "EXPOSE"
  "ENV"
  "ADD"
  "COPY"
  "ENTRYPOINT"
  "VOLUME"
  "USER"
  "WORKDIR"
  "ARG"
  "ONBUILD"
  "STOPSIGNAL"
  "HEALTHCHECK"
  "SHELL"
  "CROSS_BUILD"
  "NONE"
] @keyword

(comment) @comment

; Parser directives: only valid in the header, which a query cannot see;
; dockerfile-ls decides that itself.
((comment) @keyword.directive
  (#match? @keyword.directive "^#[ \t]*[sS][yY][nN][tT][aA][xX][ \t]*="))
((comment) @keyword.directive
  (#match? @keyword.directive "^#[ \t]*[eE][sS][cC][aA][pP][eE][ \t]*="))
((comment) @keyword.directive
  (#match? @keyword.directive "^#[ \t]*[cC][hH][eE][cC][kK][ \t]*="))

; Flags: `--platform=…`, `--mount=type=cache,target=…`, and the `--` that ends them.
(param) @variable.parameter
(mount_param) @variable.parameter
(mount_param_param) @property
(end_of_options) @operator

; Stage names declared by `FROM image AS name`.
(from_instruction
  as: (image_alias) @module)

; Images.
(image_name) @string.special
(image_tag) @string.special
(image_digest) @string.special

; Variables: `$NAME`, `${NAME:-default}`, and the names ARG and ENV declare.
(expansion) @variable
(variable) @variable
(expansion_operator) @operator
(arg_pair
  name: (unquoted_string) @variable)
(env_pair
  name: (unquoted_string) @variable)
(label_pair
  key: (_) @property)

; Strings.
[
  (double_quoted_string)
  (single_quoted_string)
  (json_string)
] @string
(escape_sequence) @string.escape

; Heredocs: the `<<EOF` marker and the terminator line.
(heredoc_marker) @label
(heredoc_end) @label

(expose_port) @number

[
  "="
  "@"
  ":"
] @operator

(line_continuation) @operator

"," @punctuation.delimiter

[
  "["
  "]"
] @punctuation.bracket
