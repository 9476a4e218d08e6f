-- Filetype detection for Dockerfile variants (Neovim 0.8+; 0.7 uses
-- ftdetect/dockerfile_ls.vim). Recent Neovim versions know most of these
-- already; adding them again is harmless. Starting the server is left to
-- require('dockerfile_ls').setup() or vim.lsp.enable('dockerfile_ls').
if vim.g.loaded_dockerfile_ls then
  return
end
vim.g.loaded_dockerfile_ls = true

if vim.filetype and vim.filetype.add and vim.fn.has('nvim-0.8') == 1 then
  vim.filetype.add({
    extension = {
      dockerfile = 'dockerfile',
      Dockerfile = 'dockerfile',
      containerfile = 'dockerfile',
      Containerfile = 'dockerfile',
    },
    filename = {
      Dockerfile = 'dockerfile',
      Containerfile = 'dockerfile',
    },
    pattern = {
      ['Dockerfile%..*'] = 'dockerfile',
      ['Containerfile%..*'] = 'dockerfile',
    },
  })
end
