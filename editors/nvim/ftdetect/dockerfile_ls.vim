" Filetype detection for Dockerfile variants, compose and bake files on Neovim 0.7 (0.8+ uses
" plugin/dockerfile_ls.lua with vim.filetype.add).
if has('nvim-0.8')
  finish
endif
autocmd BufNewFile,BufRead Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile setfiletype dockerfile
autocmd BufNewFile,BufRead Dockerfile.*,Containerfile.* setfiletype dockerfile
" `set filetype`, not `setfiletype`: these names already got yaml/json/hcl.
autocmd BufNewFile,BufRead compose.yaml,compose.yml,compose.?*.yaml,compose.?*.yml,docker-compose*.yaml,docker-compose*.yml set filetype=yaml.docker-compose
autocmd BufNewFile,BufRead docker-bake*.hcl set filetype=hcl.docker-bake
autocmd BufNewFile,BufRead docker-bake*.json set filetype=json.docker-bake
