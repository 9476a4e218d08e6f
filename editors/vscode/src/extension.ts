// dockerfile-ls for VS Code: a thin client. It finds the `dockerfile-ls`
// binary, starts it over stdio, passes the `dockerfile-ls.*` settings, restarts
// it when it crashes (and gives up after repeated crashes), and shows its state
// in the status bar. Everything about Dockerfiles lives in the server.

import * as vscode from "vscode";
import {
  CloseAction,
  type CloseHandlerResult,
  DidChangeConfigurationNotification,
  ErrorAction,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { defaultEnv, findBinary, type Found } from "./binary";
import { warnAboutPeers } from "./conflicts";
import { DOCUMENT_SELECTOR } from "./selector";
import { SECTION, serverSettings, type ServerSettings } from "./settings";

/** Crashes within CRASH_WINDOW_MS before giving up. */
export const MAX_CRASHES = 5;
export const CRASH_WINDOW_MS = 3 * 60 * 1000;


type Status =
  | { kind: "starting" }
  | { kind: "running"; version?: string }
  | { kind: "restarting"; crashes: number }
  | { kind: "stopped"; reason: string }
  | { kind: "notFound"; message: string };

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private binary: Found | undefined;
  private crashes: number[] = [];
  private stopping = false;
  private readonly output: vscode.OutputChannel;
  private readonly trace: vscode.OutputChannel;
  private readonly statusItem: vscode.StatusBarItem;
  private status: Status = { kind: "starting" };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("dockerfile-ls");
    this.trace = vscode.window.createOutputChannel("dockerfile-ls (trace)");
    this.statusItem = vscode.window.createStatusBarItem("dockerfile-ls.status", vscode.StatusBarAlignment.Left, 0);
    this.statusItem.name = "dockerfile-ls";
    this.statusItem.command = "dockerfile-ls.showMenu";
    this.disposables.push(this.output, this.trace, this.statusItem);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.renderStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => void this.onConfigurationChanged(e)),
    );
  }

  log(line: string): void {
    this.output.appendLine(`[client ${new Date().toISOString()}] ${line}`);
  }

  /** The settings object the server reads (scope: a document, or the workspace). */
  settings(scope?: vscode.Uri): ServerSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
    return serverSettings((key) => config.get(key));
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.setStatus({ kind: "starting" });
    const config = vscode.workspace.getConfiguration(SECTION);
    const lookup = findBinary(
      defaultEnv(
        this.context.extensionPath,
        config.get<string>("server.path"),
        vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      ),
    );
    if (lookup.kind === "notFound") {
      this.binary = undefined;
      this.log(`${lookup.message}\nLooked at:\n  ${lookup.tried.join("\n  ")}`);
      this.setStatus({ kind: "notFound", message: lookup.message });
      void this.offerHelp(lookup.message);
      return;
    }
    this.binary = lookup;
    this.log(`starting ${lookup.path} (found via ${lookup.source})`);

    const serverOptions: ServerOptions = {
      run: { command: lookup.path, args: ["--stdio"] },
      debug: { command: lookup.path, args: ["--stdio"], options: { env: { ...process.env, RUST_LOG: "debug" } } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      initializationOptions: this.settings(),
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: (_error, _message, count): ErrorHandlerResult => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: (): CloseHandlerResult => this.onServerClosed(),
      },
      middleware: {
        workspace: {
          // The server asks for section `dockerfile-ls`: answer with the same
          // object as initializationOptions, scoped to the asked-for document.
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) {
              return answers;
            }
            return params.items.map((item, i) =>
              item.section === SECTION
                ? this.settings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : answers[i],
            );
          },
        },
      },
    };

    // The id makes vscode-languageclient follow `dockerfile-ls.trace.server`.
    const client = new LanguageClient(SECTION, "dockerfile-ls", serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (client !== this.client) {
        return;
      }
      if (e.newState === State.Running) {
        this.setStatus({ kind: "running", version: client.initializeResult?.serverInfo?.version });
      } else if (e.newState === State.Starting && this.status.kind !== "restarting") {
        this.setStatus({ kind: "starting" });
      }
    });
    try {
      await client.start();
    } catch (e) {
      // A crash during start goes through onServerClosed as well; only log here.
      this.log(`start failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.stopping = true;
    if (client) {
      try {
        if (client.isRunning()) {
          await client.stop(2000);
        } else {
          await client.dispose(2000);
        }
      } catch (e) {
        this.log(`stop: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  async restart(): Promise<void> {
    this.log("restart requested");
    await this.stop();
    this.crashes = [];
    await this.start();
  }

  /** The connection to the server closed without us asking: restart, or give up. */
  private onServerClosed(): CloseHandlerResult {
    if (this.stopping) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashes.push(now);
    const n = this.crashes.length;
    if (n >= MAX_CRASHES) {
      const reason = `dockerfile-ls crashed ${n} times in ${CRASH_WINDOW_MS / 60000} minutes and was not restarted.`;
      this.log(reason);
      this.setStatus({ kind: "stopped", reason });
      void this.showCrashMessage(reason, true);
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const message = `dockerfile-ls crashed and was restarted (${n} of ${MAX_CRASHES - 1} restarts allowed within ${CRASH_WINDOW_MS / 60000} minutes).`;
    this.log(message);
    this.setStatus({ kind: "restarting", crashes: n });
    void this.showCrashMessage(message, false);
    return { action: CloseAction.Restart, handled: true };
  }

  private async showCrashMessage(message: string, gaveUp: boolean): Promise<void> {
    const output = "Show output";
    const restart = "Restart server";
    const choice = gaveUp
      ? await vscode.window.showErrorMessage(`${message} The output has the server's last words.`, output, restart)
      : await vscode.window.showWarningMessage(message, output);
    if (choice === output) {
      this.output.show(true);
    } else if (choice === restart) {
      await this.restart();
    }
  }

  private async offerHelp(message: string): Promise<void> {
    const settings = "Open settings";
    const output = "Show output";
    const choice = await vscode.window.showErrorMessage(`dockerfile-ls: ${message}`, settings, output);
    if (choice === settings) {
      await vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server.path`);
    } else if (choice === output) {
      this.output.show(true);
    }
  }

  private async onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    if (e.affectsConfiguration(`${SECTION}.server.path`)) {
      this.log("dockerfile-ls.server.path changed: restarting");
      await this.restart();
      return;
    }
    const client = this.client;
    if (client?.isRunning()) {
      this.log("settings changed: sending workspace/didChangeConfiguration");
      // Applied by the server without a restart.
      await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: this.settings() },
      });
    }
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.renderStatus();
  }

  private renderStatus(): void {
    const item = this.statusItem;
    const s = this.status;
    const where = this.binary ? `\n\n${this.binary.path} (from ${this.binary.source})` : "";
    item.backgroundColor = undefined;
    switch (s.kind) {
      case "starting":
        item.text = "$(sync~spin) dockerfile-ls";
        item.tooltip = `dockerfile-ls: starting${where}`;
        break;
      case "running":
        item.text = "$(check) dockerfile-ls";
        item.tooltip = `dockerfile-ls${s.version ? ` ${s.version}` : ""}: running${where}\n\nClick for actions.`;
        break;
      case "restarting":
        item.text = "$(warning) dockerfile-ls";
        item.tooltip = `dockerfile-ls: crashed ${s.crashes} time(s), restarting${where}`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        break;
      case "stopped":
        item.text = "$(error) dockerfile-ls";
        item.tooltip = `${s.reason}${where}\n\nClick to restart.`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
      case "notFound":
        item.text = "$(error) dockerfile-ls";
        item.tooltip = s.message;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
    }
    const problem = s.kind === "stopped" || s.kind === "notFound";
    const document = vscode.window.activeTextEditor?.document;
    const servedActive = document !== undefined && vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
    if (problem || servedActive) {
      item.show();
    } else {
      item.hide();
    }
  }

  showOutput(): void {
    this.output.show(true);
  }

  async showMenu(): Promise<void> {
    const items: (vscode.QuickPickItem & { run: () => unknown })[] = [
      { label: "$(debug-restart) Restart server", run: () => this.restart() },
      { label: "$(output) Show output", run: () => this.output.show(true) },
      {
        label: "$(gear) Open settings",
        run: () => vscode.commands.executeCommand("workbench.action.openSettings", `@ext:${this.context.extension.id}`),
      },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: "dockerfile-ls" });
    await pick?.run();
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const c = new Controller(context);
  controller = c;
  context.subscriptions.push(
    { dispose: () => void c.dispose() },
    vscode.commands.registerCommand("dockerfile-ls.restartServer", () => c.restart()),
    vscode.commands.registerCommand("dockerfile-ls.showOutput", () => c.showOutput()),
    vscode.commands.registerCommand("dockerfile-ls.showMenu", () => c.showMenu()),
    // A conflicting extension enabled later is reported too (still only once).
    vscode.extensions.onDidChange(() => void warnAboutPeers(context, (line) => c.log(line))),
  );
  void warnAboutPeers(context, (line) => c.log(line));
  await c.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
