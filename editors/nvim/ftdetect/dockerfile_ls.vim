" Filetype detection for Dockerfile variants on Neovim 0.7 (0.8+ uses
" plugin/dockerfile_ls.lua with vim.filetype.add).
if has('nvim-0.8')
  finish
endif
autocmd BufNewFile,BufRead Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile setfiletype dockerfile
autocmd BufNewFile,BufRead Dockerfile.*,Containerfile.* setfiletype dockerfile
