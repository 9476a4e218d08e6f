// Other extensions that start a Dockerfile language server of their own. With
// one of them enabled, every finding (and completion) shows up twice.

import * as vscode from "vscode";

interface Peer {
  id: string;
  name: string;
}

/**
 * Microsoft's Docker extension (ms-azuretools.vscode-docker, since 2.0 a pack
 * that installs Container Tools) and Container Tools
 * (ms-azuretools.vscode-containers) both run `dockerfile-language-server-nodejs`.
 * Neither has a setting that turns only that server off (checked on
 * vscode-containers 2.5.0): their `docker.languageserver.diagnostics.*`
 * settings silence the style checks, not its parse errors or completion.
 */
export const PEERS: readonly Peer[] = [
  { id: "ms-azuretools.vscode-containers", name: "Container Tools" },
  { id: "ms-azuretools.vscode-docker", name: "Docker" },
];

/** The configurable checks of the Node Dockerfile server, as Container Tools names them. */
export const PEER_DIAGNOSTIC_SETTINGS = [
  "deprecatedMaintainer",
  "emptyContinuationLine",
  "directiveCasing",
  "instructionCasing",
  "instructionCmdMultiple",
  "instructionEntrypointMultiple",
  "instructionHealthcheckMultiple",
  "instructionJSONInSingleQuotes",
  "instructionWorkdirRelative",
].map((s) => `docker.languageserver.diagnostics.${s}`);

const SHOWN_KEY = "dockerfile-ls.peerNoticeShown";
let lastLogged = "";

export function enabledPeers(): Peer[] {
  // getExtension only returns installed *and enabled* extensions.
  return PEERS.filter((p) => vscode.extensions.getExtension(p.id) !== undefined);
}

export function peerMessage(peers: Peer[]): string {
  const names = peers.map((p) => `${p.name} (${p.id})`).join(" and ");
  const one = peers.length === 1;
  return `${names} also ${one ? "runs" : "run"} a Dockerfile language server, so findings and completions appear twice. ` +
    `${one ? "It has" : "They have"} no setting that turns only that server off: disable the extension for this workspace ` +
    "(Extensions view → gear → Disable (Workspace)), or keep it and silence its own checks with " +
    "the docker.languageserver.diagnostics.* settings set to \"ignore\" (its parse errors and completions stay).";
}

/** Says it once (per user profile); logs it in the output at every activation. */
export async function warnAboutPeers(
  context: vscode.ExtensionContext,
  log: (line: string) => void,
): Promise<void> {
  const peers = enabledPeers();
  if (peers.length === 0) {
    return;
  }
  const message = peerMessage(peers);
  if (message !== lastLogged) {
    lastLogged = message;
    log(message);
  }
  if (context.globalState.get<boolean>(SHOWN_KEY)) {
    return;
  }
  await context.globalState.update(SHOWN_KEY, true);
  const show = "Show extension";
  const silence = "Silence its checks here";
  const choice = await vscode.window.showWarningMessage(`dockerfile-ls: ${message}`, show, silence);
  if (choice === show) {
    await vscode.commands.executeCommand("workbench.extensions.search", `@id:${peers[0]!.id}`);
  } else if (choice === silence) {
    const target = vscode.workspace.workspaceFolders?.length
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    const config = vscode.workspace.getConfiguration();
    for (const key of PEER_DIAGNOSTIC_SETTINGS) {
      try {
        await config.update(key, "ignore", target);
      } catch (e) {
        log(`could not set ${key}: ${String(e)}`);
      }
    }
  }
}
