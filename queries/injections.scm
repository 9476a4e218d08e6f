; Language injections for editors, written for tree-sitter-containerfile 0.9:
; the shell text of RUN/CMD/ENTRYPOINT/HEALTHCHECK and RUN heredoc bodies.
; (dockerfile-ls itself does not use this file.)

((shell_command) @injection.content
  (#set! injection.language "bash"))

(run_instruction
  (heredoc_block
    (heredoc_content) @injection.content)
  (#set! injection.language "bash"))

((comment) @injection.content
  (#set! injection.language "comment"))
