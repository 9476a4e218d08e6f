-- Filetype detection for Dockerfile variants and the build files that name
-- their stages as targets (Neovim 0.8+; 0.7 uses ftdetect/dockerfile_ls.vim):
-- compose files get `yaml.docker-compose` (as Neovim 0.10+ and
-- nvim-lspconfig name them), bake files `hcl.docker-bake` / `json.docker-bake`,
-- so the server attaches to them and never to other YAML, HCL or JSON files.
-- Recent Neovim versions know most of these already; adding them again is
-- harmless. Starting the server is left to
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
      ['compose.yaml'] = 'yaml.docker-compose',
      ['compose.yml'] = 'yaml.docker-compose',
    },
    pattern = {
      ['Dockerfile%..*'] = 'dockerfile',
      ['Containerfile%..*'] = 'dockerfile',
      ['compose%..+%.ya?ml'] = 'yaml.docker-compose',
      ['docker%-compose.*%.ya?ml'] = 'yaml.docker-compose',
      ['docker%-bake.*%.hcl'] = 'hcl.docker-bake',
      ['docker%-bake.*%.json'] = 'json.docker-bake',
    },
  })
end
