package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// modulesManifest is the part of .terraform/modules/modules.json that
// `terraform init` writes and the evaluator reads.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// manifestPath is where terraform init records installed modules,
// relative to the root directory.
var manifestPath = filepath.Join(".terraform", "modules", "modules.json")

// resolveModule finds the directory of a module call's source: a local
// path relative to the calling module, or a module installed by
// terraform init. It reports a source it cannot find.
func (ev *evaluator) resolveModule(c *config, n *node) (string, bool) {
	call := n.call
	if call.source == "" {
		return "", false // reported when parsed
	}
	if isLocalSource(call.source) {
		dir := filepath.Join(c.m.dir, filepath.FromSlash(call.source))
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			ev.diags.add(model.SeverityError, codeModuleNotFound, call.sourceRng, fmt.Sprintf(
				"Module directory not found: module %q has source %q, but the directory %q does not exist", n.name, call.source, dir))
			return "", false
		}
		return dir, true
	}
	key := strings.Join(append(append([]string{}, c.path...), n.name), ".")
	if dir, ok := ev.installedModules()[key]; ok {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir, true
		}
	}
	ev.diags.add(model.SeverityError, codeModuleNotInstall, call.sourceRng, fmt.Sprintf(
		"Module not installed: module %q (source %q) is not installed under %s; run \"terraform init\" in %s first, vpctrace never downloads modules",
		n.name, call.source, filepath.Join(ev.rootDir, ".terraform", "modules"), ev.rootDir))
	return "", false
}

// isLocalSource reports whether a module source is a local path.
func isLocalSource(source string) bool {
	return strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") ||
		strings.HasPrefix(source, ".\\") || strings.HasPrefix(source, "..\\")
}

// installedModules reads the modules.json manifest once: keys to
// directories joined to the root directory.
func (ev *evaluator) installedModules() map[string]string {
	if ev.installed != nil {
		return ev.installed
	}
	ev.installed = map[string]string{}
	path := filepath.Join(ev.rootDir, manifestPath)
	data, err := os.ReadFile(path)
	if err != nil {
		return ev.installed
	}
	var manifest modulesManifest
	if err := json.Unmarshal(data, &manifest); err != nil {
		ev.diags.addPos(model.SeverityError, codeModuleNotInstall, model.Pos{File: path},
			fmt.Sprintf("Invalid module manifest: %v; run \"terraform init\" again", err))
		return ev.installed
	}
	for _, m := range manifest.Modules {
		if m.Key != "" && m.Dir != "" {
			ev.installed[m.Key] = filepath.Join(ev.rootDir, filepath.FromSlash(m.Dir))
		}
	}
	return ev.installed
}
